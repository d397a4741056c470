/**
 * The inference process's check of each request it gets. The hot ones (a `many` of `peaks`/`run` requests,
 * one per file of a batch run) are checked field by field here, without the protocol's zod union (which
 * tries its members in turn on every request): about 3 against 6–15 ms for the corpus's 778 requests, in
 * the inference process's critical path. Anything the field check does not accept (another op, a missing or
 * wrong field) goes to the zod schema, so a bad request is refused with the schema's own message and the
 * field check can only ever accept what the schema accepts; what it returns is what the schema would
 * (the known fields only).
 */
import { InferenceRequest, type SingleRequest } from './inferenceProtocol';

export type ParsedRequest = { ok: true; request: InferenceRequest } | { ok: false; message: string };

type Tensorish = Extract<SingleRequest, { op: 'run' | 'peaks' }>;

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

function dimsOf(v: unknown): number[] | null {
  if (!Array.isArray(v)) return null;
  for (const d of v) if (!isInt(d) || d < 0) return null;
  return v.slice();
}

/** A `run` or `peaks` request whose every field is as the schema wants it, or null (let the schema judge). */
function tensorRequest(v: unknown): Tensorish | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const { id, op, model, input, output, data } = r;
  if (!isInt(id) || typeof model !== 'string' || typeof input !== 'string' || typeof output !== 'string' || typeof data !== 'string') return null;
  const dims = dimsOf(r['dims']);
  if (dims === null) return null;
  if (op === 'run') return { id, op, model, input, output, dims, data };
  const sigma = r['sigma'];
  if (op === 'peaks' && typeof sigma === 'number' && Number.isFinite(sigma) && sigma > 0) return { id, op, model, input, output, dims, data, sigma };
  return null;
}

function fast(raw: unknown): InferenceRequest | null {
  const one = tensorRequest(raw);
  if (one) return one;
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const requests = r['requests'];
  if (r['op'] !== 'many' || r['id'] !== 0 || !Array.isArray(requests) || requests.length === 0) return null;
  const out: SingleRequest[] = [];
  for (const q of requests) {
    const checked = tensorRequest(q);
    if (!checked) return null;
    out.push(checked);
  }
  return { id: 0, op: 'many', requests: out };
}

export function parseInferenceRequest(raw: unknown): ParsedRequest {
  const request = fast(raw);
  if (request) return { ok: true, request };
  const parsed = InferenceRequest.safeParse(raw);
  if (parsed.success) return { ok: true, request: parsed.data };
  return { ok: false, message: parsed.error.issues[0]?.message ?? 'invalid' };
}
