/**
 * IPC rejections lose their error codes on the way through Electron, so handlers resolve with an
 * envelope (`IpcEnvelope`, shared with the preload) instead and the preload turns `ok: false` back into a
 * thrown error.
 */
import { ApiError, toWireError } from '../../shared/api/errors';
import type { Dispatch } from '../../shared/api/dispatch';
import type { IpcEnvelope } from '../../shared/api/ipc';
import { isTrustedSender, type SenderFrameLike } from './validateSender';

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
