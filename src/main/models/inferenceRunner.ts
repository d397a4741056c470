/**
 * What the inference process does with each request, apart from how requests reach it: onnxruntime
 * sessions cached per model file (and the options they were made with), run on float32 tensors. It runs in
 * the inference process only: `run()` blocks the thread it is on, and a native crash takes only that
 * process down.
 */
import ort from 'onnxruntime-node';
import { decodeFloat32, encodeFloat32, type LoadResult, type PeaksResult, type SessionOptions, type SingleReply, type SingleRequest } from './inferenceProtocol';
import { pickPeaks } from './peaks';

interface Cached {
  session: ort.InferenceSession;
  optionsKey: string;
  info: LoadResult;
}

function infoOf(values: readonly ort.InferenceSession.ValueMetadata[]): LoadResult['inputs'] {
  return values.map((v) =>
    v.isTensor ? { name: v.name, isTensor: true, type: v.type, shape: [...v.shape] } : { name: v.name, isTensor: false, type: null, shape: null },
  );
}

export class InferenceRunner {
  private readonly sessions = new Map<string, Cached>();

  public async handle(req: SingleRequest): Promise<SingleReply> {
    try {
      switch (req.op) {
        case 'load':
          return { id: req.id, ok: true, result: (await this.session(req.model, req.options)).info };
        case 'run': {
          const out = await this.run(req);
          return { id: req.id, ok: true, result: { dims: out.dims, data: encodeFloat32(out.values) } };
        }
        case 'peaks':
          return { id: req.id, ok: true, result: await this.peaks(req) };
        case 'unload': {
          const cached = this.sessions.get(req.model);
          this.sessions.delete(req.model);
          await cached?.session.release();
          return { id: req.id, ok: true, result: { unloaded: cached !== undefined } };
        }
      }
    } catch (err) {
      return { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  private async session(model: string, options: SessionOptions): Promise<Cached> {
    const optionsKey = JSON.stringify(options);
    const cached = this.sessions.get(model);
    if (cached && cached.optionsKey === optionsKey) return cached;
    if (cached) {
      this.sessions.delete(model);
      await cached.session.release();
    }
    const session = await ort.InferenceSession.create(model, {
      executionProviders: ['cpu'],
      intraOpNumThreads: options.intraOpNumThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Spinning threads would keep a core busy between files; the app shares the laptop with the expert.
      extra: { session: { intra_op: { allow_spinning: options.allowSpinning ? '1' : '0' }, inter_op: { allow_spinning: '0' } } },
    });
    const entry: Cached = { session, optionsKey, info: { inputs: infoOf(session.inputMetadata), outputs: infoOf(session.outputMetadata) } };
    this.sessions.set(model, entry);
    return entry;
  }

  private async run(req: Extract<SingleRequest, { op: 'run' | 'peaks' }>): Promise<{ dims: number[]; values: Float32Array }> {
    const cached = this.sessions.get(req.model);
    if (!cached) throw new Error(`${req.model}: not loaded in the inference process; expected a load request first`);
    const data = decodeFloat32(req.data);
    const expected = req.dims.reduce((a, b) => a * b, 1);
    if (data.length !== expected) throw new Error(`${req.model}: ${data.length} values for a tensor of shape (${req.dims.join(', ')}); expected ${expected}`);
    const out = await cached.session.run({ [req.input]: new ort.Tensor('float32', data, req.dims) }, [req.output]);
    const tensor = out[req.output];
    if (!tensor || tensor.type !== 'float32') throw new Error(`${req.model}: output '${req.output}' is ${tensor ? tensor.type : 'missing'}; expected float32`);
    const values = tensor.data as Float32Array;
    tensor.dispose?.();
    return { dims: [...tensor.dims], values };
  }

  /** The peaks of a (1, classes, length) output, read here so the heatmaps never cross the pipe. */
  private async peaks(req: Extract<SingleRequest, { op: 'peaks' }>): Promise<PeaksResult> {
    const { dims, values } = await this.run(req);
    // Another shape is refused by the back end, which knows what the model should give for this input.
    if (dims.length !== 3 || dims[0] !== 1) return { dims, peaks: [] };
    return { dims, peaks: pickPeaks(values, dims[1]!, dims[2]!, req.sigma) };
  }
}
