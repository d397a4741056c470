/** The scoring server's body shapes (MLflow's inputs/instances/dataframe_split/dataframe_records) and refusals. */
import { describe, expect, it } from 'vitest';
import { ScoringInputError, scoringItems } from '../../../src/main/models/serve/scoringInput';
import { ScoringMetrics } from '../../../src/main/models/serve/metrics';

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const cols = (item: ReturnType<typeof scoringItems>[number]) => (item.kind === 'columns' ? Object.fromEntries([...item.columns].map(([k, v]) => [k, Array.from(v)])) : null);

describe('scoringItems', () => {
  it('takes a Setitec file for anything not JSON, and sniffs JSON without a content type', () => {
    expect(scoringItems(Buffer.from('Setitec...'), 'text/plain')[0]!.kind).toBe('setitec');
    expect(scoringItems(Buffer.from('{"x":1}'), 'application/octet-stream')[0]!.kind).toBe('setitec');
    expect(cols(scoringItems(json({ inputs: { position: [0, -1] } }), '')[0]!)).toEqual({ position: [0, -1] });
  });

  it('reads every MLflow shape into column sets (null = missing sample)', () => {
    const want = { position: [0, -0.5], i_torque: [1, null] };
    const expected = { position: [0, -0.5], i_torque: [1, NaN] };
    expect(cols(scoringItems(json({ inputs: want }), 'application/json')[0]!)).toEqual(expected);
    expect(scoringItems(json({ instances: [want, want] }), 'application/json').map(cols)).toEqual([expected, expected]);
    expect(cols(scoringItems(json({ dataframe_split: { columns: ['position', 'i_torque'], data: [[0, 1], [-0.5, null]] } }), 'application/json')[0]!)).toEqual(expected);
    expect(cols(scoringItems(json({ dataframe_records: [{ position: 0, i_torque: 1 }, { position: -0.5, i_torque: null }] }), 'application/json')[0]!)).toEqual(expected);
  });

  it('refuses bad bodies naming where and what was expected', () => {
    const refuse = (body: Buffer, type = 'application/json') => {
      try {
        scoringItems(body, type);
      } catch (err) {
        expect(err).toBeInstanceOf(ScoringInputError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refuse(Buffer.alloc(0), 'text/plain')).toMatch(/^request body: empty; expected a Setitec file or JSON/);
    expect(refuse(json([1, 2]))).toMatch(/expected a JSON object/);
    expect(refuse(json({ inputs: {}, instances: [] }))).toMatch(/both inputs and instances/);
    expect(refuse(json({ inputs: { i_torque: [1] } }))).toMatch(/^inputs: no position column \(have i_torque\)/);
    expect(refuse(json({ instances: [{ position: [true] }] }))).toMatch(/^instances\[0\]\.position\[0\]: expected a number/);
    expect(refuse(json({ dataframe_split: { columns: ['position'], data: [[1, 2]] } }))).toMatch(/dataframe_split\.data\[0\]: 2 values for 1 columns/);
    expect(refuse(json({ dataframe_records: [] }))).toMatch(/non-empty array/);
  });
});

describe('ScoringMetrics', () => {
  it('renders Prometheus counters and a cumulative latency histogram', () => {
    const m = new ScoringMetrics();
    m.request('/invocations', 200, 0.003);
    m.request('/invocations', 200, 0.2);
    m.request('/invocations', 400, 0.001);
    m.error('bad_input');
    const text = m.render();
    expect(text).toContain('udw_scoring_requests_total{route="/invocations",status="200"} 2');
    expect(text).toContain('udw_scoring_requests_total{route="/invocations",status="400"} 1');
    expect(text).toContain('udw_scoring_errors_total{kind="bad_input"} 1');
    expect(text).toContain('udw_scoring_request_duration_seconds_bucket{route="/invocations",le="0.005"} 2');
    expect(text).toContain('udw_scoring_request_duration_seconds_bucket{route="/invocations",le="0.25"} 3');
    expect(text).toContain('udw_scoring_request_duration_seconds_bucket{route="/invocations",le="+Inf"} 3');
    expect(text).toContain('udw_scoring_request_duration_seconds_count{route="/invocations"} 3');
    expect(text.endsWith('\n')).toBe(true);
  });
});
