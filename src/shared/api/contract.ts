/**
 * The one API contract between the renderer and the back end. Electron IPC, the loopback HTTP/WebSocket
 * host and the in-memory test host all serve exactly this map; the preload exposes it as `window.api`.
 */
import type { z } from 'zod';
import { agreementContract } from './agreement.contract';
import { appContract } from './app.contract';
import { autolabelContract } from './autolabel.contract';
import { catalogContract } from './catalog.contract';
import { compareContract } from './compare.contract';
import type { EventDef, RequestDef } from './define';
import { labelsContract } from './labels.contract';
import { labelSyncContract } from './labelSync.contract';
import { modelsContract } from './models.contract';
import { sheetsContract } from './sheets.contract';
import { syncContract } from './sync.contract';
import { trainingContract } from './training.contract';

export const CONTRACT = {
  ...appContract,
  ...catalogContract,
  ...compareContract,
  ...labelsContract,
  ...labelSyncContract,
  ...agreementContract,
  ...autolabelContract,
  ...sheetsContract,
  ...trainingContract,
  ...modelsContract,
  ...syncContract,
} as const;

type Contract = typeof CONTRACT;

export type RequestChannel = { [K in keyof Contract]: Contract[K] extends RequestDef ? K : never }[keyof Contract];
export type EventChannel = { [K in keyof Contract]: Contract[K] extends EventDef ? K : never }[keyof Contract];

type RequestOf<C extends RequestChannel> = Contract[C] extends RequestDef<infer I, infer O> ? { input: I; output: O } : never;
type EventOf<E extends EventChannel> = Contract[E] extends EventDef<infer P> ? P : never;

export type Input<C extends RequestChannel> = z.input<RequestOf<C>['input']>;
export type Output<C extends RequestChannel> = z.output<RequestOf<C>['output']>;
export type EventPayload<E extends EventChannel> = z.output<EventOf<E>>;

export type Unsubscribe = () => void;

/** What the renderer sees of the back end, whichever host serves it. */
export interface AppApi {
  invoke<C extends RequestChannel>(channel: C, input: Input<C>): Promise<Output<C>>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
}

/** The back end's side: one async function per request channel, fed already-validated input. */
export type Handlers = { [C in RequestChannel]: (input: z.output<RequestOf<C>['input']>) => Promise<Output<C>> | Output<C> };

export const REQUEST_CHANNELS = Object.keys(CONTRACT).filter((k) => CONTRACT[k as keyof Contract].kind === 'request') as RequestChannel[];
export const EVENT_CHANNELS = Object.keys(CONTRACT).filter((k) => CONTRACT[k as keyof Contract].kind === 'event') as EventChannel[];

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && (REQUEST_CHANNELS as string[]).includes(value);
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && (EVENT_CHANNELS as string[]).includes(value);
}
