/** RUNDIR/evaluation.json (written by `udw_bridge train` and `evaluate`), read and checked against Evaluation. */
import fs from 'node:fs';
import { Evaluation } from '../../shared/api/training.contract';

export const EVALUATION_FILE = 'evaluation.json';

/** The evaluation, null when the file is not there; throws naming the file when it is there but wrong. */
export function readEvaluation(file: string): Evaluation | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${file}: cannot read it (${(err as Error).message})`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not JSON (${(err as Error).message}); expected the bridge's evaluation`, { cause: err });
  }
  const parsed = Evaluation.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new Error(`${file}: not an evaluation as expected (keypoints with n, mae, rmse, median, p95, max, bias, within…): ${issues}`);
  }
  return parsed.data;
}
