/**
 * The inference process's entry (built to out/workers/inference.worker.js by the `*.worker.ts` convention,
 * scripts/workerEntries.mjs). Not a worker thread: a process of its own, so a blocking `run()` or a native
 * crash in onnxruntime never reaches the back end. Two ways in:
 * - a Node child on the managed-process class: requests as JSON lines on stdin, replies as JSON lines on
 *   the events pipe (fd 3); it exits when its parent does (the control pipe, parentWatch.ts);
 * - an Electron utilityProcess (electron/inferenceUtilityProcess.ts): messages on process.parentPort.
 * Requests are handled one at a time, in order; a `many` request's answers go back together in one message.
 */
import net from 'node:net';
import readline from 'node:readline';
import { EVENTS_FD, EVENTS_FD_ENV } from '../process/childFds';
import { watchParent } from '../process/parentWatch';
import { InferenceRequest, type InferenceReply } from './inferenceProtocol';
import { InferenceRunner } from './inferenceRunner';

interface ParentPort {
  on(event: 'message', fn: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const runner = new InferenceRunner();
let queue: Promise<void> = Promise.resolve();

function serve(raw: unknown, reply: (r: InferenceReply) => void): void {
  const parsed = InferenceRequest.safeParse(raw);
  if (!parsed.success) {
    const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
    reply({ id, ok: false, error: `inference process: bad request (${parsed.error.issues[0]?.message ?? 'invalid'}); expected load, run or unload` });
    return;
  }
  const req = parsed.data;
  if (req.op !== 'many') {
    queue = queue.then(async () => reply(await runner.handle(req)));
    return;
  }
  // One reply for the lot: the back end wakes once for them, as this process did for the request.
  queue = queue.then(async () => {
    const replies = [];
    for (const one of req.requests) replies.push(await runner.handle(one));
    reply({ replies });
  });
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort) {
  parentPort.on('message', (e) => serve(e.data, (r) => parentPort.postMessage(r)));
  parentPort.postMessage({ ready: true, pid: process.pid } satisfies InferenceReply);
} else {
  watchParent();
  const fd = Number(process.env[EVENTS_FD_ENV] ?? EVENTS_FD);
  // A socket on the pipe writes from this thread; a file stream would hand every reply to libuv's thread pool.
  const out = new net.Socket({ fd, readable: false, writable: true });
  const reply = (r: InferenceReply): void => {
    out.write(`${JSON.stringify(r)}\n`);
  };
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      reply({ id: -1, ok: false, error: 'inference process: a request line that is not JSON; expected one JSON object per line' });
      return;
    }
    serve(raw, reply);
  });
  // stdin closed: the back end is done with this process.
  lines.on('close', () => void queue.then(() => out.end(() => process.exit(0))));
  reply({ ready: true, pid: process.pid });
}
