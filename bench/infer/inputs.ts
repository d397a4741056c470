/**
 * The benchmark's inputs: every corpus file as the model takes it (preprocess.ts, the app's own code), and
 * the same float32 arrays written for PyTorch (one .bin of all arrays back to back, an index in JSON), so
 * both sides run the very same inputs. Files the model cannot read (a missing channel) are listed apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readModelMetadata } from '../../src/main/models/modelMetadata';
import { inputFromSetitec, type ModelInput } from '../../src/main/models/preprocess';

export interface BenchInput {
  file: string;
  input: ModelInput;
}

function* walk(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (/\.(xls|xlsx|txt|csv)$/i.test(e.name)) yield p;
  }
}

export async function corpusInputs(corpus: string, modelPath: string, limit = Infinity): Promise<{ inputs: BenchInput[]; refused: { file: string; message: string }[]; files: number }> {
  const meta = readModelMetadata(modelPath);
  const inputs: BenchInput[] = [];
  const refused: { file: string; message: string }[] = [];
  let files = 0;
  for (const file of walk(corpus)) {
    if (files >= limit) break;
    files++;
    try {
      inputs.push({ file, input: await inputFromSetitec(fs.readFileSync(file), file, meta) });
    } catch (err) {
      refused.push({ file, message: (err as Error).message });
    }
  }
  return { inputs, refused, files };
}

/** Writes `<base>.bin` and `<base>.json` (channels, length, offset in floats, per input). */
export function writeForTorch(base: string, inputs: readonly BenchInput[]): void {
  let offset = 0;
  const index = inputs.map(({ input }) => {
    const entry = { channels: input.channels, length: input.length, offset };
    offset += input.data.length;
    return entry;
  });
  const all = new Float32Array(offset);
  inputs.forEach(({ input }, i) => all.set(input.data, index[i]!.offset));
  fs.writeFileSync(`${base}.bin`, Buffer.from(all.buffer));
  fs.writeFileSync(`${base}.json`, JSON.stringify({ inputs: index }));
}
