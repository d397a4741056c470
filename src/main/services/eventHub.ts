/** Fan-out of back-end events to every connected front end (IPC windows, WebSocket clients, tests). */
import { CONTRACT, type EventChannel, type EventPayload } from '../../shared/api/contract';
import type { EventDef } from '../../shared/api/define';

export type EventListener = (channel: EventChannel, payload: unknown) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  public emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void {
    // Events are validated like requests: a malformed event is a back-end bug, caught where it starts.
    const checked = (CONTRACT[channel] as EventDef).payload.parse(payload);
    for (const listener of this.listeners) listener(channel, checked);
  }

  public subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  public dispose(): void {
    this.listeners.clear();
  }
}
