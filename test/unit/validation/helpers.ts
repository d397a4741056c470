/** Shared helpers for the validation tests: generated files parsed with the real parser. */
import { generateSetitec } from '../../../src/shared/setitec/generator';
import type { GenerateOptions } from '../../../src/shared/setitec/generator';
import { parseSetitecText } from '../../../src/shared/setitec/parse';
import type { SetitecFile } from '../../../src/shared/setitec/types';

export function parsedGenerated(opts: GenerateOptions): SetitecFile {
  const gen = generateSetitec(opts);
  const r = parseSetitecText(gen.text, gen.expected.fileName);
  if (!r.ok) throw new Error(r.error.message);
  return r.file;
}

/** A clean v9 mdb-mql file: every file rule is silent on it. */
export function goodFile(seed = 11): SetitecFile {
  return parsedGenerated({ seed, version: 9, family: 'mdbmql' });
}

export function clone(file: SetitecFile): SetitecFile {
  return structuredClone(file);
}

export function col(file: SetitecFile, key: string): Float64Array {
  const c = file.data.columns.find((x) => x.key === key);
  if (!c) throw new Error(`no column ${key}`);
  return c.values;
}

/** Keeps the first `n` Datas rows. */
export function truncate(file: SetitecFile, n: number): SetitecFile {
  const f = clone(file);
  for (const c of f.data.columns) c.values = c.values.slice(0, n);
  f.data.rowCount = n;
  return f;
}
