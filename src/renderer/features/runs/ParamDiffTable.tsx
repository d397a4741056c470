/** The compared runs' parameters side by side; rows whose values differ are highlighted (and can be shown alone). */
import { paramDiff, type ComparedRun } from './runsModel';

export function ParamDiffTable({ runs, onlyDifferences, onOnlyDifferences }: { runs: ComparedRun[]; onlyDifferences: boolean; onOnlyDifferences: (v: boolean) => void }): React.JSX.Element {
  const rows = paramDiff(runs);
  const shown = onlyDifferences ? rows.filter((r) => r.differs) : rows;
  const differing = rows.filter((r) => r.differs).length;
  return (
    <div className="runs-block">
      <div className="run-head">
        <h3>Parameters</h3>
        <span className="small muted" data-testid="param-diff-count">
          {differing} of {rows.length} differ
        </span>
        <label className="check">
          <input type="checkbox" checked={onlyDifferences} onChange={(e) => onOnlyDifferences(e.target.checked)} />
          only differences
        </label>
      </div>
      <table className="runs-table param-diff" aria-label="Parameter differences" data-testid="param-diff">
        <thead>
          <tr>
            <th scope="col">parameter</th>
            {runs.map((r) => (
              <th key={r.runId} scope="col">
                <code>{r.runId}</code>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.key} className={row.differs ? 'differs' : undefined} data-differs={row.differs}>
              <th scope="row">{row.key}</th>
              {row.values.map((v, i) => (
                <td key={runs[i]!.runId}>{v}</td>
              ))}
            </tr>
          ))}
          {shown.length === 0 && (
            <tr>
              <td colSpan={runs.length + 1} className="muted">
                The runs have the same parameters.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
