/**
 * AppApi over the loopback web host: POST /api/<channel> and one WebSocket for events.
 * The token comes from the URL fragment (#token=…), which the browser never sends to a server.
 */
import type { AppApi, EventChannel } from '../../shared/api/contract';
import { fromWireError, type WireError } from '../../shared/api/errors';
import { PURE_BASE64, fromWireJson, toWireJson, type Base64Codec } from '../../shared/api/wire';
import { WIRE_BINARY_TYPE, decodeWireBinary } from '../../shared/api/wireBinary';

type Listener = (payload: unknown) => void;

/** The browser's native base64 decoder (Uint8Array.fromBase64 where present, else atob): far faster than JS. */
const BROWSER_BASE64: Base64Codec = {
  encode: PURE_BASE64.encode,
  decode: (text) => {
    const native = (Uint8Array as unknown as { fromBase64?: (t: string) => Uint8Array }).fromBase64;
    if (native) return native(text);
    const binary = atob(text);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  },
};

/**
 * Read the token once from the fragment, keep it for reloads in sessionStorage (this tab only), and take
 * it out of the address bar: left there it would sit in the history, in bookmarks and in screenshots.
 */
export function tokenFromLocation(loc: Location, hist: History = window.history): string | null {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    sessionStorage.setItem('udw-token', fromHash);
    params.delete('token');
    const rest = params.toString();
    hist.replaceState(hist.state, '', `${loc.pathname}${loc.search}${rest ? `#${rest}` : ''}`);
    return fromHash;
  }
  return sessionStorage.getItem('udw-token');
}

/** How long a request waits for the events socket to open. */
const EVENTS_OPEN_WAIT_MS = 3_000;

export function createHttpApi(baseUrl: string, token: string): AppApi {
  const listeners = new Map<EventChannel, Set<Listener>>();
  let socket: WebSocket | null = null;
  /** Settles once the socket is open (or has failed): until then the host would send its events to nobody. */
  let opened: Promise<void> = Promise.resolve();

  function connect(): void {
    if (socket) return;
    const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/events?token=${encodeURIComponent(token)}`;
    const ws = new WebSocket(wsUrl);
    socket = ws;
    opened = new Promise<void>((resolve) => {
      ws.addEventListener('open', () => resolve(), { once: true });
      ws.addEventListener('close', () => resolve(), { once: true });
      // A socket that neither opens nor fails holds no request up for long.
      setTimeout(resolve, EVENTS_OPEN_WAIT_MS);
    });
    ws.onmessage = (msg: MessageEvent<string>) => {
      const { channel, payload } = fromWireJson(msg.data, BROWSER_BASE64) as { channel: EventChannel; payload: unknown };
      for (const listener of listeners.get(channel) ?? []) listener(payload);
    };
    ws.onclose = () => {
      socket = null;
      // Reconnect while someone still listens (the host restarts during development).
      if ([...listeners.values()].some((s) => s.size > 0)) setTimeout(connect, 1000);
    };
  }

  return {
    async invoke(channel, input) {
      // A request made right after subscribing to its events (python.setup and its progress lines) goes out
      // once the events socket is open: the first lines it causes would otherwise be sent before the host
      // knows this page listens, and be lost.
      if (socket?.readyState === WebSocket.CONNECTING) await opened;
      const res = await fetch(`${baseUrl}/api/${channel}`, {
        method: 'POST',
        // Successful answers come as a binary frame (signals without base64); errors stay JSON.
        headers: { 'content-type': 'application/json', accept: `${WIRE_BINARY_TYPE}, application/json`, authorization: `Bearer ${token}` },
        body: toWireJson(input),
      });
      const body =
        res.headers.get('content-type') === WIRE_BINARY_TYPE
          ? decodeWireBinary(new Uint8Array(await res.arrayBuffer()))
          : fromWireJson(await res.text(), BROWSER_BASE64);
      if (!res.ok) throw fromWireError(body as WireError);
      return body as never;
    },
    on(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener as Listener);
      connect();
      return () => set.delete(listener as Listener);
    },
  };
}
