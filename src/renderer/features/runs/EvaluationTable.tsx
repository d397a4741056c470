/**
 * The evaluation of the compared runs per keypoint (MAE, RMSE, median, p95, max, bias, shares within
 * ±0.25/0.5/1 mm), one row per run under each keypoint with each column's best run in bold, and the
 * grip-code exact rate per run.
 */
import { formatMm, formatShare } from '../training/format';
import { EVAL_COLUMNS, EVAL_TITLES, evaluationRows, gripRows, type ComparedRun, type EvalColumn } from './runsModel';

function cell(c: EvalColumn, v: number | null): string {
  if (c === 'n') return v === null ? '—' : String(v);
  return c.startsWith('within') ? formatShare(v) : formatMm(v);
}

export function EvaluationTable({ runs }: { runs: ComparedRun[] }): React.JSX.Element {
  const rows = evaluationRows(runs);
  const grips = gripRows(runs);
  if (rows.length === 0) return <p className="muted small">No evaluation yet: a run is evaluated on its validation files when it finishes.</p>;
  return (
    <>
      <table className="runs-table eval-table" aria-label="Evaluation per keypoint" data-testid="evaluation-table">
        <thead>
          <tr>
            <th scope="col">keypoint</th>
            <th scope="col">run</th>
            {EVAL_COLUMNS.map((c) => (
              <th key={c} scope="col" className="num">
                {EVAL_TITLES[c]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.keypoint}:${r.runId}`} data-keypoint={r.keypoint} data-run-id={r.runId} className={i > 0 && rows[i - 1]!.keypoint !== r.keypoint ? 'group-start' : undefined}>
              <th scope="row">{i === 0 || rows[i - 1]!.keypoint !== r.keypoint ? r.keypoint : ''}</th>
              <td>
                <code>{r.runId}</code>
              </td>
              {EVAL_COLUMNS.map((c) => (
                <td key={c} className={r.best.includes(c) ? 'num best' : 'num'} data-col={c}>
                  {cell(c, r.values[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <table className="runs-table grip-table small" aria-label="Grip code" data-testid="grip-table">
        <tbody>
          {grips.map((g) => (
            <tr key={g.runId}>
              <th scope="row">
                grip code exact · <code>{g.runId}</code>
              </th>
              <td className="num">{formatShare(g.gripCodeExact)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
