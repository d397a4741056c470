/**
 * The one thing a worker channel needs from its transport: post a message with a transfer list, and hear
 * the messages that come back. Adapters for both kinds of port: Node's worker_threads (Worker, parentPort:
 * `on('message', data)`) and the browser's Web Workers (Worker, the worker's `self`: `addEventListener`
 * with a MessageEvent). Both are typed structurally, so src/shared needs neither Node's nor the DOM's types.
 */

export interface ChannelPort {
  post(message: unknown, transfer: ArrayBuffer[]): void;
  /** Calls `onMessage` with each message's data; returns how to stop. */
  listen(onMessage: (data: unknown) => void): () => void;
}

/** Node's Worker and MessagePort (worker_threads). */
export interface NodeMessagePortLike {
  postMessage(message: unknown, transferList?: readonly ArrayBuffer[]): void;
  on(event: 'message', listener: (data: unknown) => void): unknown;
  off(event: 'message', listener: (data: unknown) => void): unknown;
}

/** The browser's Worker and a worker's global scope. */
export interface WebMessagePortLike {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export function nodePort(port: NodeMessagePortLike): ChannelPort {
  return {
    post: (message, transfer) => port.postMessage(message, transfer),
    listen(onMessage) {
      port.on('message', onMessage);
      return () => void port.off('message', onMessage);
    },
  };
}

export function webPort(port: WebMessagePortLike): ChannelPort {
  return {
    post: (message, transfer) => port.postMessage(message, transfer),
    listen(onMessage) {
      const listener = (e: { data: unknown }): void => onMessage(e.data);
      port.addEventListener('message', listener);
      return () => port.removeEventListener('message', listener);
    },
  };
}
