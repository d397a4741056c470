/**
 * onnxruntime's own view of the model on the benchmark's inputs, in this process: the optimised graph
 * (written to --dump) and the profiler's time per operator type over the corpus (session options as
 * inferenceRunner.ts makes them, plus `enableProfiling`).
 *
 *   node --import tsx bench/infer/ortProfile.ts [--corpus ../shared/setitec] [--dump /tmp/opt.onnx] [--level all]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ort from 'onnxruntime-node';
import { corpusInputs } from './inputs';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: opt } = parseArgs({
  options: {
    corpus: { type: 'string', default: path.resolve(root, '..', 'shared', 'setitec') },
    dump: { type: 'string' },
    level: { type: 'string', default: 'all' },
    model: { type: 'string', default: path.join(root, 'test', 'fixtures', 'models', 'tiny.onnx') },
  },
});
const { inputs } = await corpusInputs(opt.corpus, path.join(root, 'test', 'fixtures', 'models', 'tiny.onnx'));
const prefix = path.join(fs.mkdtempSync('/tmp/ort-prof-'), 'prof');
const session = await ort.InferenceSession.create(opt.model, {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: opt.level as 'all',
  enableProfiling: true,
  profileFilePrefix: prefix,
  ...(opt.dump ? { optimizedModelFilePath: opt.dump } : {}),
  extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
});
const [inName] = session.inputNames;
for (const { input } of inputs) await session.run({ [inName!]: new ort.Tensor('float32', input.data, [1, input.channels, input.length]) });
session.endProfiling();
const file = fs.readdirSync(path.dirname(prefix)).map((f) => path.join(path.dirname(prefix), f))[0]!;
const events = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ cat: string; name: string; dur: number; args?: { op_name?: string } }>;
const byOp = new Map<string, number>();
let nodes = 0;
let runs = 0;
for (const e of events) {
  if (e.cat === 'Session' && e.name === 'model_run') runs += e.dur;
  if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
  nodes += e.dur;
  const op = e.args?.op_name ?? '?';
  byOp.set(op, (byOp.get(op) ?? 0) + e.dur);
}
console.log(`model_run total ${(runs / 1e6).toFixed(3)} s, kernels ${(nodes / 1e6).toFixed(3)} s over ${inputs.length} runs`);
for (const [op, us] of [...byOp].sort((a, b) => b[1] - a[1])) console.log(`${op.padEnd(24)} ${(us / 1e6).toFixed(3)} s`);
