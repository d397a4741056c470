/**
 * A copy of an exported model with another training run id in its `udw` metadata: other bytes (so another
 * model id in a registry), the same valid network. Made with the real `onnx` package of the .venv.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const PYTHON = path.resolve('.venv', 'bin', 'python');

const SCRIPT = `
import json, sys, onnx
m = onnx.load(sys.argv[1])
for p in m.metadata_props:
    if p.key == "udw":
        meta = json.loads(p.value)
        meta["runId"] = sys.argv[3]
        p.value = json.dumps(meta)
onnx.save(m, sys.argv[2])
`;

export function onnxWithRunId(source: string, out: string, runId: string): void {
  const res = spawnSync(PYTHON, ['-c', SCRIPT, source, out, runId], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`writing ${out} from ${source} with run id ${runId}: ${res.stderr}`);
}
