/**
 * What travels over a worker channel. Every message is a batch (an array) of frames: one postMessage costs
 * far more than the frames it carries (0.1–0.8 ms against microseconds), so both sides send all the frames
 * of a round together.
 */
import type { WireError } from './errors';

/** Client → worker: run `method` with `payload`, answer under `id`. */
export interface CallFrame {
  t: 'call';
  id: number;
  method: string;
  payload: unknown;
}

/** Client → worker: the caller gave up on call `id` (skip it if queued, abort its signal if running). */
export interface CancelFrame {
  t: 'cancel';
  id: number;
}

export interface OkFrame {
  t: 'ok';
  id: number;
  value: unknown;
}

export interface ErrFrame {
  t: 'err';
  id: number;
  error: WireError;
}

export type ToWorkerFrame = CallFrame | CancelFrame;
export type FromWorkerFrame = OkFrame | ErrFrame;

/**
 * The methods a worker offers, as plain function types (`{ parse(task: ParseTask): FileRecord }`): the
 * client and the worker's handlers are both typed from it.
 */
export type WorkerApi = object;

/** The payload type of `method`. */
export type PayloadOf<A, K extends keyof A> = A[K] extends () => unknown ? undefined : A[K] extends (payload: infer P) => unknown ? P : never;

/** The result type of `method`, awaited. */
export type ResultOf<A, K extends keyof A> = A[K] extends (...args: never[]) => infer R ? Awaited<R> : never;

/** Method names of an API. */
export type MethodOf<A> = Extract<keyof A, string>;
