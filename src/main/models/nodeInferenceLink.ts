/**
 * The inference process as a Node child on the managed-process class (the web host, the CLI, tests):
 * requests on its stdin, replies on its events pipe (validated by the protocol's schema), stderr kept for
 * the crash report, SIGTERM then SIGKILL on stop, and no orphan if the back end dies.
 *
 * Its script is inference.worker.ts: the bundle in out/workers/ beside a built back end, or the TypeScript
 * source through tsx when the back end itself runs from sources (vitest, tsx).
 */
import path from 'node:path';
import { nodeWorkerEntry } from '../ingest/workerPool';
import { ManagedProcess } from '../process/managedProcess';
import { InferenceReply } from './inferenceProtocol';
import type { InferenceLink, LinkExit, StartLink } from './inferenceLink';

const SOURCE = path.join('src', 'main', 'models', 'inference.worker.ts');

/** Inference replies carry whole heatmaps: a long file's is a few MB of base64. */
const MAX_REPLY_BYTES = 256 * 1024 * 1024;

export interface NodeInferenceOptions {
  /** The node binary; this process's own by default (under Electron use the utilityProcess link instead). */
  node?: string;
  /** Where inference.worker.ts is looked up from (tests); the running module by default. */
  here?: string;
  /** Options for the child's node before its script (the benchmark's `--cpu-prof`); none by default. */
  nodeArgs?: readonly string[];
}

function commandLine(opts: NodeInferenceOptions): { args: string[]; cwd: string | undefined } {
  const entry = nodeWorkerEntry(SOURCE, opts.here);
  const source = (entry.workerData as { __tsEntry?: string } | undefined)?.__tsEntry;
  if (source === undefined) return { args: [entry.file], cwd: undefined };
  // From sources: the project root's tsx loader runs the TypeScript entry directly.
  const root = path.resolve(path.dirname(entry.file), '..', '..', '..');
  return { args: ['--import', 'tsx', new URL(source).pathname], cwd: root };
}

export function nodeInferenceLink(opts: NodeInferenceOptions = {}): StartLink {
  return (): InferenceLink => {
    const { args, cwd } = commandLine(opts);
    const child = ManagedProcess.launch({
      name: 'inference process',
      command: opts.node ?? process.execPath,
      args: [...(opts.nodeArgs ?? []), ...args],
      cwd,
      events: InferenceReply,
      stdin: 'pipe',
      maxEventBytes: MAX_REPLY_BYTES,
      killTimeoutMs: 2000,
    });
    let requested = false;
    let problem: string | null = null;
    // A reply that is not the protocol's leaves a request unanswered: end the process, which fails every
    // request in flight as a crash (reported, restarted on the next request) instead of hanging them.
    child.on('eventError', (e) => {
      problem ??= `bad reply: ${e.message}`;
      child.killNow();
    });
    const stdin = child.stdin;
    // A write to a process that just died must not throw in the back end: the exit reports the crash.
    stdin?.on('error', () => {});
    return {
      get pid() {
        return child.pid;
      },
      send(request) {
        stdin?.write(`${JSON.stringify(request)}\n`);
      },
      onReply(fn) {
        child.on('event', fn);
      },
      onExit(fn) {
        void child.done.then((r) => {
          const exit: LinkExit = { requested, reason: r.reason, code: r.code, signal: r.signal, stderr: child.tail('stderr').slice(-20) };
          if (r.error) exit.stderr.push(r.error);
          if (problem) exit.stderr.push(problem);
          fn(exit);
        });
      },
      async stop() {
        requested = true;
        stdin?.end();
        // A clean end closes stdin and exits; cancel() makes sure (SIGTERM, then SIGKILL).
        const timer = setTimeout(() => void child.cancel(), 1000);
        await child.done;
        clearTimeout(timer);
      },
    };
  };
}
