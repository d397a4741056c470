/**
 * Where the inference process's time per request goes, its steps one after the other in this process on the
 * benchmark's inputs (the child does the same, with the pipes around it): the request line's JSON.parse, the
 * request check (parseRequest.ts), the base64 decode, onnxruntime's run (InferenceSession.run as the runner calls
 * it), the peak reading and the reply's JSON. CPU seconds for all inputs, per step.
 *
 *   node --import tsx bench/infer/childPhases.ts [--corpus ../shared/setitec] [--rounds 3]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import ort from 'onnxruntime-node';
import { decodeFloat32, encodeFloat32 } from '../../src/main/models/inferenceProtocol';
import { parseInferenceRequest } from '../../src/main/models/parseRequest';
import { pickPeaks } from '../../src/main/models/peaks';
import { corpusInputs } from './inputs';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: opt } = parseArgs({
  options: { corpus: { type: 'string', default: path.resolve(root, '..', 'shared', 'setitec') }, rounds: { type: 'string', default: '3' } },
});
const MODEL = path.join(root, 'test', 'fixtures', 'models', 'tiny.onnx');
const { inputs } = await corpusInputs(opt.corpus, MODEL);
const session = await ort.InferenceSession.create(MODEL, {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
});
const [inName] = session.inputNames;
const [outName] = session.outputNames;
const lines = inputs.map(({ input }, id) =>
  JSON.stringify({ id: 0, op: 'many', requests: [{ id, op: 'peaks', model: MODEL, input: inName, output: outName, dims: [1, input.channels, input.length], data: encodeFloat32(input.data), sigma: 2 }] }),
);
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
for (let round = 0; round < Number(opt.rounds); round++) {
  const t = { json: 0, schema: 0, base64: 0, run: 0, peaks: 0, reply: 0 };
  for (const line of lines) {
    let c = cpu();
    const raw = JSON.parse(line);
    let d = cpu();
    t.json += d - c;
    const parsed = parseInferenceRequest(raw);
    if (!parsed.ok) throw new Error(parsed.message);
    const req = parsed.request;
    c = cpu();
    t.schema += c - d;
    if (req.op !== 'many') throw new Error('expected many');
    const one = req.requests[0]!;
    if (one.op !== 'peaks') throw new Error('expected peaks');
    const data = decodeFloat32(one.data);
    d = cpu();
    t.base64 += d - c;
    const out = await session.run({ [one.input]: new ort.Tensor('float32', data, one.dims) }, [one.output]);
    const tensor = out[one.output]!;
    c = cpu();
    t.run += c - d;
    const peaks = pickPeaks(tensor.data as Float32Array, tensor.dims[1]!, tensor.dims[2]!, one.sigma);
    d = cpu();
    t.peaks += d - c;
    JSON.stringify({ id: one.id, ok: true, result: { dims: [...tensor.dims], peaks } });
    t.reply += cpu() - d;
  }
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  console.log(`round ${round + 1}, ${lines.length} requests, CPU s:`, Object.fromEntries(Object.entries(t).map(([k, v]) => [k, r3(v)])));
}
