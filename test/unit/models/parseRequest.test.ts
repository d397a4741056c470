/**
 * The inference process's request check: its field-by-field path for the hot `peaks`/`run` requests must
 * accept exactly what the protocol's zod schema accepts, give what the schema gives (known fields only),
 * and leave every refusal, with its message, to the schema.
 */
import { describe, expect, it } from 'vitest';
import { InferenceRequest } from '../../../src/main/models/inferenceProtocol';
import { parseInferenceRequest } from '../../../src/main/models/parseRequest';

const peaks = { id: 7, op: 'peaks', model: '/m/tiny.onnx', input: 'signals', output: 'heatmaps', dims: [1, 2, 3], data: 'AAAA', sigma: 2 };
const run = { id: 8, op: 'run', model: '/m/tiny.onnx', input: 'signals', output: 'heatmaps', dims: [1, 2, 0], data: '' };

/** What the schema alone says of `raw`, in the check's terms. */
function bySchema(raw: unknown): ReturnType<typeof parseInferenceRequest> {
  const parsed = InferenceRequest.safeParse(raw);
  return parsed.success ? { ok: true, request: parsed.data } : { ok: false, message: parsed.error.issues[0]?.message ?? 'invalid' };
}

const odd: unknown[] = [undefined, null, -1, 0, 1.5, -0, NaN, Infinity, 2 ** 53, '', 'x', [], [1], [-1], [1.5], ['1'], {}, true];

describe('parseInferenceRequest', () => {
  it('gives what the schema gives for the hot requests, alone and in a many, unknown keys dropped', () => {
    for (const raw of [peaks, run, { ...peaks, extra: 'dropped' }, { id: 0, op: 'many', requests: [peaks, run, { ...run, id: 9 }] }]) {
      const checked = parseInferenceRequest(raw);
      expect(checked).toEqual(bySchema(raw));
      expect(checked.ok).toBe(true);
    }
    expect(parseInferenceRequest({ ...peaks, extra: 1 })).toEqual({ ok: true, request: peaks });
  });

  it('passes the other requests to the schema', () => {
    const load = { id: 1, op: 'load', model: '/m/tiny.onnx', options: { intraOpNumThreads: 1, allowSpinning: false } };
    const unload = { id: 2, op: 'unload', model: '/m/tiny.onnx' };
    for (const raw of [load, unload, { id: 0, op: 'many', requests: [load, peaks] }]) expect(parseInferenceRequest(raw)).toEqual(bySchema(raw));
  });

  it('accepts and refuses exactly as the schema does whatever any one field holds', () => {
    const fields = [...new Set([...Object.keys(peaks), ...Object.keys(run)])];
    let refused = 0;
    for (const base of [peaks, run]) {
      for (const field of fields) {
        for (const value of odd) {
          const one = { ...base, [field]: value };
          for (const raw of [one, { id: 0, op: 'many', requests: [peaks, one] }]) {
            const checked = parseInferenceRequest(raw);
            expect(checked, `${base.op}.${field} = ${String(value)}`).toEqual(bySchema(raw));
            if (!checked.ok) refused++;
          }
        }
      }
    }
    expect(refused).toBeGreaterThan(100);
    for (const raw of [null, 3, 'peaks', [], { id: 1, op: 'many', requests: [peaks] }, { id: 0, op: 'many', requests: [] }, { id: 0, op: 'many' }, { op: 'train' }]) {
      const checked = parseInferenceRequest(raw);
      expect(checked.ok).toBe(false);
      expect(checked).toEqual(bySchema(raw));
    }
  });
});
