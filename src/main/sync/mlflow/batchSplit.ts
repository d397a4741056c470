/**
 * Splitting a run's params, tags and metrics into `runs/log-batch` requests the server accepts: at most
 * 1,000 metrics, 100 params, 100 tags and 1,000 entities each, and a JSON body under 1 MB (MLflow's
 * validation module; MLflow-compatible servers enforce the same numbers). Params go first, so a param
 * conflict shows on the first chunk; each chunk is a unit the outbox logs and checks on its own.
 */

export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}
export interface KeyValue {
  key: string;
  value: string;
}
export interface Batch {
  metrics: Metric[];
  params: KeyValue[];
  tags: KeyValue[];
}

export const BATCH_LIMITS = {
  metrics: 1000,
  params: 100,
  tags: 100,
  entities: 1000,
  /** MAX_BATCH_LOG_REQUEST_SIZE is 1e6; the margin covers the run_id and the JSON around the lists. */
  bytes: 1_000_000 - 4_096,
} as const;

export type BatchLimits = { [K in keyof typeof BATCH_LIMITS]: number };

const bytesOf = (x: unknown): number => Buffer.byteLength(JSON.stringify(x), 'utf8') + 1; // + the comma

export function splitBatch(all: Batch, limits: BatchLimits = BATCH_LIMITS): Batch[] {
  const out: Batch[] = [];
  let cur: Batch = { metrics: [], params: [], tags: [] };
  let bytes = 0;
  const entities = (b: Batch): number => b.metrics.length + b.params.length + b.tags.length;
  const push = <K extends keyof Batch>(kind: K, item: Batch[K][number], max: number): void => {
    const size = bytesOf(item);
    if (size > limits.bytes) throw new Error(`log-batch: one ${kind.slice(0, -1)} '${item.key}' is ${size} bytes, over the ${limits.bytes}-byte request limit`);
    if (cur[kind].length >= max || entities(cur) >= limits.entities || bytes + size > limits.bytes) {
      out.push(cur);
      cur = { metrics: [], params: [], tags: [] };
      bytes = 0;
    }
    (cur[kind] as Array<Batch[K][number]>).push(item);
    bytes += size;
  };
  for (const p of dedupeParams(all.params)) push('params', p, limits.params);
  for (const t of all.tags) push('tags', t, limits.tags);
  for (const m of all.metrics) push('metrics', m, limits.metrics);
  if (entities(cur) > 0) out.push(cur);
  return out;
}

/** The server refuses a request naming one param twice, and a param's value can never change once sent. */
function dedupeParams(params: KeyValue[]): KeyValue[] {
  const seen = new Map<string, string>();
  for (const p of params) {
    const before = seen.get(p.key);
    if (before !== undefined && before !== p.value) throw new Error(`log-batch: param '${p.key}' given twice with different values ('${before}', '${p.value}')`);
    seen.set(p.key, p.value);
  }
  return [...seen].map(([key, value]) => ({ key, value }));
}
