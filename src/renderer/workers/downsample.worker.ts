/** Thin Web Worker around DownsampleImpl: one request in, one answer out, buffers transferred. */
import { DownsampleImpl, transferablesOf, type DownsampleRequest } from './downsampleImpl';

const impl = new DownsampleImpl();
const scope = self as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(message: unknown, transfer?: Transferable[]): void };

scope.onmessage = (e: MessageEvent<{ id: number; req: DownsampleRequest }>) => {
  const { id, req } = e.data;
  try {
    if (req.type === 'load') scope.postMessage({ id, ok: true, result: impl.load(req) });
    else if (req.type === 'dispose') scope.postMessage({ id, ok: true, result: impl.dispose(req.setId) });
    else {
      const result = impl.window(req);
      scope.postMessage({ id, ok: true, result }, transferablesOf(result));
    }
  } catch (err) {
    scope.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
