/**
 * AppApi in the same process, over any dispatch function: component tests run the renderer against
 * a real back end (or a scripted one) without a transport.
 */
import type { AppApi, EventChannel } from '../../shared/api/contract';

type Listener = (payload: unknown) => void;

export interface MemoryApi extends AppApi {
  /** Deliver an event to the renderer's listeners. */
  emit(channel: EventChannel, payload: unknown): void;
}

export function createMemoryApi(dispatch: (channel: string, payload: unknown) => Promise<unknown>): MemoryApi {
  const listeners = new Map<EventChannel, Set<Listener>>();
  return {
    invoke: (channel, input) => dispatch(channel, structuredClone(input)) as never,
    on(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
    emit(channel, payload) {
      for (const l of listeners.get(channel) ?? []) l(payload);
    },
  };
}
