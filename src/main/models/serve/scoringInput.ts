/**
 * What a POST /invocations body holds, in the shapes of MLflow's scoring protocol:
 * - a Setitec file (any content type but JSON): the controller's export or its .xlsx re-save, parsed by the
 *   project's parser;
 * - JSON `{"inputs": {...}}` or `{"inputs": [{...}, …]}` / `{"instances": [{...}, …]}`: one signal set, or
 *   several, each an object of column arrays by catalog column key (`position`, `i_torque`, `i_thrust`, …;
 *   raw samples as logged, Position ≤ 0), resampled like a file;
 * - JSON `{"dataframe_split": {"columns": [...], "data": [[...], …]}}` or `{"dataframe_records": [{...}, …]}`:
 *   one signal set as a table, a row per sample.
 * Anything else is refused with what was expected.
 */

export class ScoringInputError extends Error {}

export type ScoringItem = { name: string; kind: 'setitec'; bytes: Uint8Array } | { name: string; kind: 'columns'; columns: Map<string, Float64Array> };

const SHAPES = 'expected {"inputs": {column: [numbers]}}, {"inputs"|"instances": [{column: [numbers]}, …]}, {"dataframe_split": {"columns": [...], "data": [[...]]}} or {"dataframe_records": [{column: number}, …]}, with columns such as position, i_torque, i_thrust';
const MAX_SETS = 1000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function numbers(values: unknown, where: string): Float64Array {
  if (!Array.isArray(values)) throw new ScoringInputError(`${where}: expected an array of numbers, got ${values === null ? 'null' : typeof values}`);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (typeof v !== 'number' && v !== null) throw new ScoringInputError(`${where}[${i}]: expected a number (or null for a missing sample), got ${JSON.stringify(v)?.slice(0, 40)}`);
    out[i] = v === null ? NaN : v;
  }
  return out;
}

function columnSet(obj: unknown, where: string): Map<string, Float64Array> {
  if (!isRecord(obj)) throw new ScoringInputError(`${where}: expected an object of column arrays; ${SHAPES}`);
  const columns = new Map<string, Float64Array>();
  for (const [key, values] of Object.entries(obj)) columns.set(key, numbers(values, `${where}.${key}`));
  if (!columns.has('position')) throw new ScoringInputError(`${where}: no position column (have ${[...columns.keys()].join(', ') || 'none'}); ${SHAPES}`);
  return columns;
}

function fromSplit(split: unknown): Map<string, Float64Array> {
  if (!isRecord(split) || !Array.isArray(split.columns) || !Array.isArray(split.data)) throw new ScoringInputError(`dataframe_split: expected {"columns": [names], "data": [[row], …]}`);
  const rows = split.data as unknown[];
  const names = (split.columns as unknown[]).map((c, i) => {
    if (typeof c !== 'string') throw new ScoringInputError(`dataframe_split.columns[${i}]: expected a column name, got ${JSON.stringify(c)}`);
    return c;
  });
  const cols = names.map(() => new Float64Array(rows.length));
  rows.forEach((row, r) => {
    const values = numbers(row, `dataframe_split.data[${r}]`);
    if (values.length !== names.length) throw new ScoringInputError(`dataframe_split.data[${r}]: ${values.length} values for ${names.length} columns`);
    values.forEach((v, c) => (cols[c]![r] = v));
  });
  return columnSet(Object.fromEntries(names.map((n, i) => [n, Array.from(cols[i]!)])), 'dataframe_split');
}

function fromRecords(records: unknown): Map<string, Float64Array> {
  if (!Array.isArray(records) || records.length === 0) throw new ScoringInputError('dataframe_records: expected a non-empty array of {column: number} rows');
  const names = isRecord(records[0]) ? Object.keys(records[0]) : [];
  const table: Record<string, Array<number | null>> = Object.fromEntries(names.map((n) => [n, []]));
  records.forEach((row: unknown, r) => {
    if (!isRecord(row)) throw new ScoringInputError(`dataframe_records[${r}]: expected an object {column: number}`);
    for (const n of names) table[n]!.push(row[n] as number | null);
  });
  return columnSet(table, 'dataframe_records');
}

function looksLikeJson(contentType: string, bytes: Uint8Array): boolean {
  if (/^application\/(.+\+)?json\b/i.test(contentType)) return true;
  if (contentType !== '') return false;
  const first = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  return first === 0x7b; // '{'
}

export function scoringItems(bytes: Uint8Array, contentType: string, name = 'request body'): ScoringItem[] {
  if (bytes.length === 0) throw new ScoringInputError(`${name}: empty; expected a Setitec file or JSON (${SHAPES})`);
  if (!looksLikeJson(contentType, bytes)) return [{ name, kind: 'setitec', bytes }];
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (err) {
    throw new ScoringInputError(`${name}: not valid JSON (${(err as Error).message})`);
  }
  if (!isRecord(body)) throw new ScoringInputError(`${name}: expected a JSON object; ${SHAPES}`);
  const keys = ['inputs', 'instances', 'dataframe_split', 'dataframe_records'].filter((k) => k in body);
  if (keys.length !== 1) throw new ScoringInputError(`${name}: ${keys.length === 0 ? `no inputs, instances, dataframe_split or dataframe_records (have ${Object.keys(body).join(', ') || 'nothing'})` : `both ${keys.join(' and ')}`}; ${SHAPES}`);
  const key = keys[0]!;
  const value = body[key];
  if (key === 'dataframe_split') return [{ name: 'dataframe_split', kind: 'columns', columns: fromSplit(value) }];
  if (key === 'dataframe_records') return [{ name: 'dataframe_records', kind: 'columns', columns: fromRecords(value) }];
  if (isRecord(value) && key === 'inputs') return [{ name: 'inputs', kind: 'columns', columns: columnSet(value, 'inputs') }];
  if (!Array.isArray(value) || value.length === 0) throw new ScoringInputError(`${key}: expected ${key === 'inputs' ? 'an object of column arrays or ' : ''}a non-empty array of them; ${SHAPES}`);
  if (value.length > MAX_SETS) throw new ScoringInputError(`${key}: ${value.length} signal sets; expected at most ${MAX_SETS} per request`);
  return value.map((v, i) => ({ name: `${key}[${i}]`, kind: 'columns' as const, columns: columnSet(v, `${key}[${i}]`) }));
}
