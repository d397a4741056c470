import type { WireError } from './errors';

/** The IPC channel on which main pushes contract events to the preload (requests use their own names). */
export const EVENT_IPC_CHANNEL = 'udw:event';

/**
 * What an IPC request handler resolves with. Electron drops the fields of a rejected error on the way to
 * the renderer, so main resolves with this envelope instead and the preload turns `ok: false` back into a
 * thrown `ApiError`; both sides import this one type so they cannot drift apart.
 */
export type IpcEnvelope = { ok: true; value: unknown } | ({ ok: false } & WireError);
