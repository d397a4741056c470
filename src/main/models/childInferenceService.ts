/**
 * InferenceService over a link to an inference process. The process is started on the first request and
 * again on the first request after a crash (its sessions died with it, so every model is loaded again
 * there before it runs). A crash fails the requests in flight with InferenceCrashError, is reported to
 * onCrash listeners, and disables nothing but inference: the back end goes on serving.
 */
import { decodeFloat32, encodeFloat32, DEFAULT_SESSION_OPTIONS, LoadResult, PeaksResult, RunResult, type InferenceReply, type SessionOptions, type SingleReply, type SingleRequest } from './inferenceProtocol';
import type { InferenceLink, LinkExit, StartLink } from './inferenceLink';
import { InferenceCrashError, InferenceRequestError, type InferenceCrash, type InferenceService, type InferenceState, type Tensor3 } from './inferenceService';

type RequestBody = SingleRequest extends infer R ? (R extends SingleRequest ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
}

interface Running {
  link: InferenceLink;
  ready: Promise<void>;
  /** Models loaded in this process, with the options they were loaded with. */
  loaded: Map<string, SessionOptions>;
  /** Requests made in this turn of the event loop, sent together at its end (one write, one wake-up). */
  outbox: SingleRequest[];
}

export class ChildInferenceService implements InferenceService {
  private current: Running | null = null;
  private crashed: InferenceCrash | null = null;
  private disposed = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly crashListeners = new Set<(crash: InferenceCrash) => void>();
  /** What each model was last asked to load with, to load it again in a restarted process. */
  private readonly wanted = new Map<string, SessionOptions>();

  public constructor(
    private readonly start: StartLink,
    private readonly defaults: SessionOptions = DEFAULT_SESSION_OPTIONS,
  ) {}

  public get state(): InferenceState {
    if (this.disposed) return 'disposed';
    if (this.current) return 'ready';
    return this.crashed ? 'crashed' : 'stopped';
  }

  public get pid(): number | null {
    return this.current?.link.pid ?? null;
  }

  public get lastCrash(): InferenceCrash | null {
    return this.crashed;
  }

  public onCrash(fn: (crash: InferenceCrash) => void): () => void {
    this.crashListeners.add(fn);
    return () => this.crashListeners.delete(fn);
  }

  public async load(modelPath: string, options: Partial<SessionOptions> = {}): Promise<LoadResult> {
    const opts = { ...this.defaults, ...options };
    this.wanted.set(modelPath, opts);
    const running = this.running();
    const info = LoadResult.parse(await this.request(running, { op: 'load', model: modelPath, options: opts }));
    running.loaded.set(modelPath, opts);
    return info;
  }

  public async run(modelPath: string, input: string, output: string, tensor: Tensor3): Promise<Tensor3> {
    const running = this.running();
    if (!running.loaded.has(modelPath)) await this.load(modelPath, this.wanted.get(modelPath));
    const raw = RunResult.parse(await this.request(running, { op: 'run', model: modelPath, input, output, dims: tensor.dims, data: encodeFloat32(tensor.data) }));
    if (raw.dims.length !== 3) throw new InferenceRequestError(`${modelPath}: output '${output}' has shape (${raw.dims.join(', ')}); expected (batch, classes, length)`);
    return { dims: raw.dims as [number, number, number], data: decodeFloat32(raw.data) };
  }

  public async runPeaks(modelPath: string, input: string, output: string, tensor: Tensor3, sigma: number): Promise<PeaksResult> {
    const running = this.running();
    if (!running.loaded.has(modelPath)) await this.load(modelPath, this.wanted.get(modelPath));
    const raw = PeaksResult.parse(await this.request(running, { op: 'peaks', model: modelPath, input, output, dims: tensor.dims, data: encodeFloat32(tensor.data), sigma }));
    if (raw.dims.length !== 3) throw new InferenceRequestError(`${modelPath}: output '${output}' has shape (${raw.dims.join(', ')}); expected (batch, classes, length)`);
    return raw;
  }

  public async unload(modelPath: string): Promise<void> {
    this.wanted.delete(modelPath);
    const running = this.current;
    if (!running?.loaded.has(modelPath)) return;
    running.loaded.delete(modelPath);
    await this.request(running, { op: 'unload', model: modelPath });
  }

  public async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const running = this.current;
    this.current = null;
    this.failPending(new Error('inference service stopped'));
    await running?.link.stop();
  }

  private running(): Running {
    if (this.disposed) throw new Error('inference service stopped');
    if (this.current) return this.current;
    const link = this.start();
    let readyResolve!: () => void;
    let readyReject!: (err: Error) => void;
    const ready = new Promise<void>((resolve, reject) => {
      readyResolve = resolve;
      readyReject = reject;
    });
    ready.catch(() => {});
    const running: Running = { link, ready, loaded: new Map(), outbox: [] };
    link.onReply((reply) => this.receive(reply, readyResolve));
    link.onExit((exit) => {
      readyReject(new Error('inference process ended before it was ready'));
      this.ended(running, exit);
    });
    this.current = running;
    return running;
  }

  private async request(running: Running, body: RequestBody): Promise<unknown> {
    await running.ready;
    if (this.current !== running) throw new InferenceCrashError(this.crashed ?? this.crashOf(running, { requested: false, reason: 'exited', code: null, signal: null, stderr: [] }));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (running.outbox.push({ ...body, id }) === 1) setImmediate(() => this.flush(running));
    });
  }

  private flush(running: Running): void {
    const requests = running.outbox.splice(0);
    // Ended meanwhile: its requests were failed with the crash (they are pending), nothing to send.
    if (this.current !== running || requests.length === 0) return;
    running.link.send(requests.length === 1 ? requests[0]! : { id: 0, op: 'many', requests });
  }

  private receive(reply: InferenceReply, ready: () => void): void {
    if ('ready' in reply) {
      this.crashed = null;
      ready();
      return;
    }
    this.settle(reply);
  }

  private settle(reply: SingleReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.result);
    else waiting.reject(new InferenceRequestError(reply.error));
  }

  private crashOf(running: Running, exit: LinkExit): InferenceCrash {
    const how = exit.signal ? `was killed by ${exit.signal}` : exit.code !== null ? `exited with code ${exit.code}` : `ended (${exit.reason})`;
    const last = exit.stderr.slice(-3).join(' | ');
    return {
      reason: exit.reason,
      code: exit.code,
      signal: exit.signal,
      pid: running.link.pid,
      stderr: exit.stderr,
      message: `inference process ${running.link.pid ?? ''} ${how}${last ? ` (${last})` : ''}; inference is disabled until the next request restarts it`.replace('process  ', 'process '),
    };
  }

  private ended(running: Running, exit: LinkExit): void {
    if (this.current !== running) return;
    this.current = null;
    if (exit.requested || this.disposed) {
      this.failPending(new Error('inference service stopped'));
      return;
    }
    const crash = this.crashOf(running, exit);
    this.crashed = crash;
    this.failPending(new InferenceCrashError(crash));
    for (const fn of this.crashListeners) fn(crash);
  }

  private failPending(err: Error): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(err);
  }
}
