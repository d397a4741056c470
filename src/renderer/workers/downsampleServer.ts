/**
 * The downsampler behind the shared worker channel: what downsample.worker.ts serves, and what tests serve
 * over a real MessageChannel. Results go back transferred (traces, the depth copy), never copied.
 */
import { serveChannel, type ChannelPort } from '../../shared/workers/index';
import { DownsampleImpl, transferablesOf, type LoadRequest, type PackedLoadRequest, type PackedLoadResult, type WindowRequest, type WindowResult } from './downsampleImpl';

export interface DownsampleApi {
  /** Decoded columns (the caller transfers their buffers). */
  load(req: Omit<LoadRequest, 'type'>): { setId: string; length: number };
  /** The catalog's compact columns (the caller transfers their bytes), decoded in the worker. */
  loadPacked(req: PackedLoadRequest): PackedLoadResult;
  /** More compact columns for a set loaded before (transferred too); false when the set is gone. */
  addPacked(req: PackedLoadRequest): boolean;
  window(req: Omit<WindowRequest, 'type'>): WindowResult;
  dispose(req: { setId: string }): void;
}

export function serveDownsampler(port: ChannelPort, impl = new DownsampleImpl()): () => void {
  return serveChannel<DownsampleApi>(
    port,
    {
      load: (req) => impl.load(req),
      loadPacked: (req, ctx) => {
        const res = impl.loadPacked(req);
        ctx.transfer(res.depth.buffer as ArrayBuffer);
        // Once the answer is posted (a timer runs after the reply's microtask), the drawn columns are decoded
        // while the UI thread takes the answer in and renders: the first window then finds them ready.
        setTimeout(() => impl.decodeLoaded(req.setId), 0);
        return res;
      },
      addPacked: (req) => impl.addPacked(req),
      window: (req, ctx) => {
        const res = impl.window(req);
        ctx.transfer(...transferablesOf(res));
        return res;
      },
      dispose: ({ setId }) => impl.dispose(setId),
    },
    { name: 'downsampling worker' },
  );
}
