/**
 * The inference process under Electron: an Electron utilityProcess running the same inference.worker.ts
 * bundle (out/electron/main/workers/inference.worker.js) that the Node child runs elsewhere, reached
 * through its message port. A native crash in onnxruntime ends that process only; ChildInferenceService
 * reports it and starts a fresh one on the next request. Pass the result to modelHandlers as its link
 * (`modelHandlers(ctx, utilityProcessInferenceLink())`). Type-checked here; the Electron binary cannot run
 * on this machine class.
 */
import path from 'node:path';
import { utilityProcess } from 'electron';
import { nodeWorkerEntry } from '../ingest/workerPool';
import { InferenceReply } from '../models/inferenceProtocol';
import type { InferenceLink, LinkExit, StartLink } from '../models/inferenceLink';

const SOURCE = path.join('src', 'main', 'models', 'inference.worker.ts');
const STDERR_LINES = 20;

export function utilityProcessInferenceLink(): StartLink {
  return (): InferenceLink => {
    const entry = nodeWorkerEntry(SOURCE);
    const child = utilityProcess.fork(entry.file, [], { serviceName: 'UDW inference', stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(...chunk.toString('utf8').split('\n').filter((l) => l.trim() !== ''));
      stderr.splice(0, Math.max(0, stderr.length - STDERR_LINES));
    });
    let requested = false;
    let exited: Promise<void> | null = null;
    const exit = new Promise<LinkExit>((resolve) => {
      child.once('exit', (code: number) => resolve({ requested, reason: code === 0 ? 'exited' : 'crashed', code, signal: null, stderr }));
    });
    return {
      get pid() {
        return child.pid ?? null;
      },
      send(request) {
        child.postMessage(request);
      },
      onReply(fn) {
        child.on('message', (message: unknown) => {
          const parsed = InferenceReply.safeParse(message);
          if (parsed.success) fn(parsed.data);
        });
      },
      onExit(fn) {
        void exit.then(fn);
      },
      stop() {
        requested = true;
        exited ??= exit.then(() => undefined);
        child.kill();
        return exited;
      },
    };
  };
}
