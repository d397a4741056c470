/**
 * IPC rejections lose their error codes on the way through Electron, so handlers resolve with an
 * envelope instead and the preload turns `ok: false` back into a thrown error.
 */
import { toWireError, type WireError } from '../../shared/api/errors';
import { ApiError } from '../../shared/api/errors';
import type { Dispatch } from '../../shared/api/dispatch';
import { isTrustedSender, type SenderFrameLike } from './validateSender';

export type IpcEnvelope = { ok: true; value: unknown } | ({ ok: false } & WireError);

/** Wrap the dispatch for one channel with the sender check. Pure: tested without Electron. */
export function wrapIpcHandler(dispatch: Dispatch, channel: string) {
  return async (event: { senderFrame: SenderFrameLike | null | undefined }, payload: unknown): Promise<IpcEnvelope> => {
    try {
      if (!isTrustedSender(event.senderFrame)) {
        throw new ApiError('forbidden', `${channel}: refused a request from '${event.senderFrame?.url ?? 'unknown sender'}'`);
      }
      return { ok: true, value: await dispatch(channel, payload) };
    } catch (err) {
      return { ok: false, ...toWireError(err) };
    }
  };
}
