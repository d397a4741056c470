/**
 * The inference process's entry (built to out/workers/inference.worker.js by the `*.worker.ts` convention,
 * scripts/workerEntries.mjs). Not a worker thread: a process of its own, so a blocking `run()` or a native
 * crash in onnxruntime never reaches the back end. Two ways in:
 * - a Node child on the managed-process class: requests as JSON lines on stdin, replies as JSON lines on
 *   the events pipe (fd 3); it exits when its parent does (the control pipe, parentWatch.ts);
 * - an Electron utilityProcess (electron/inferenceUtilityProcess.ts): messages on process.parentPort.
 * Requests are handled one at a time, in order, and each is answered as soon as it is done, also inside a
 * `many`: the back end then sends the next file while this process computes the ones already queued. (One
 * answer for a whole `many` made the two processes take turns: this one idle from its last answer until
 * the next files arrived.)
 */
import net from 'node:net';
import { EVENTS_FD, EVENTS_FD_ENV } from '../process/childFds';
import { watchParent } from '../process/parentWatch';
import type { InferenceReply } from './inferenceProtocol';
import { InferenceRunner } from './inferenceRunner';
import { parseInferenceRequest } from './parseRequest';

interface ParentPort {
  on(event: 'message', fn: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const runner = new InferenceRunner();
let queue: Promise<void> = Promise.resolve();

function serve(raw: unknown, reply: (r: InferenceReply) => void): void {
  const parsed = parseInferenceRequest(raw);
  if (!parsed.ok) {
    const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
    reply({ id, ok: false, error: `inference process: bad request (${parsed.message}); expected load, run or unload` });
    return;
  }
  const req = parsed.request;
  for (const one of req.op === 'many' ? req.requests : [req]) queue = queue.then(async () => reply(await runner.handle(one)));
}

/**
 * Calls `fn` with each line of `input` (without its `\n` or `\r\n`). A plain indexOf split instead of
 * readline (its line-ending regex over every ~14 KB request line): measured 8–10 ms against 13–28 ms for
 * the corpus's 778 request lines with their JSON.parse.
 */
function eachLine(input: NodeJS.ReadableStream, fn: (line: string) => void, end: () => void): void {
  let rest = '';
  input.setEncoding('utf8');
  input.on('data', (chunk: string) => {
    let text = rest + chunk;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      fn(text.charCodeAt(nl - 1) === 13 ? text.slice(0, nl - 1) : text.slice(0, nl));
      text = text.slice(nl + 1);
      nl = text.indexOf('\n');
    }
    rest = text;
  });
  input.on('end', () => {
    if (rest !== '') fn(rest);
    end();
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
  eachLine(
    process.stdin,
    (line) => {
      if (line.trim() === '') return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        reply({ id: -1, ok: false, error: 'inference process: a request line that is not JSON; expected one JSON object per line' });
        return;
      }
      serve(raw, reply);
    },
    // stdin closed: the back end is done with this process.
    () => void queue.then(() => out.end(() => process.exit(0))),
  );
  reply({ ready: true, pid: process.pid });
}
