/** Layer thicknesses, total depth and grip code from the key points (DOMAIN §12.1), live; labels only, never proposals. */
import { useMemo } from 'react';
import { derivedReadouts } from '../../../shared/labels/derivedReadouts';
import { gripCodeInRange } from '../../../shared/labels/gripCode';
import { useAnnotate } from '../../state/annotateStore';
import { confirmedLabels } from '../../state/labelOps';

const mm = (v: number | null): string => (v === null ? '–' : `${v.toFixed(3)} mm`);

export function Readouts(): React.JSX.Element {
  const labels = useAnnotate((s) => s.labels);
  const r = useMemo(() => derivedReadouts(confirmedLabels(labels)), [labels]);
  return (
    <div className="readouts">
      <h2>Readouts</h2>
      <table className="simple small" aria-label="Readouts">
        <tbody>
          <tr>
            <th>CFRP (transition − entry)</th>
            <td data-testid="readout-cfrp">{mm(r.cfrpThickness)}</td>
          </tr>
          <tr>
            <th>Ti (exit − transition)</th>
            <td data-testid="readout-ti">{mm(r.tiThickness)}</td>
          </tr>
          <tr>
            <th>Total depth (exit − entry)</th>
            <td data-testid="readout-total">{mm(r.totalDepth)}</td>
          </tr>
          <tr>
            <th>Grip code</th>
            <td data-testid="readout-grip">
              {r.gripCode ?? '–'}
              {r.gripCode !== null && !gripCodeInRange(r.gripCode) && <span className="fail"> (outside 1–25)</span>}
            </td>
          </tr>
          {r.measuredThickness !== null && (
            <tr>
              <th>vs measured stack</th>
              <td>{r.thicknessDelta === null ? '–' : `${r.thicknessDelta >= 0 ? '+' : ''}${r.thicknessDelta.toFixed(3)} mm`}</td>
            </tr>
          )}
        </tbody>
      </table>
      {r.warnings.map((w) => (
        <p key={w} className="warn small">
          {w}
        </p>
      ))}
    </div>
  );
}
