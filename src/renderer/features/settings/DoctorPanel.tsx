/** Settings → Doctor: `udw doctor`'s findings, each with what to do about it; "Check installation" runs them again. */
import type { DoctorFinding } from '../../../shared/api/app.contract';
import { useApi } from '../../api/ApiContext';
import { loadFindings, useDoctor } from './doctorStore';

const STATE_TEXT: Record<DoctorFinding['severity'], string> = { ok: 'ok', warning: 'warning', error: 'missing' };
const STATE_CLASS: Record<DoctorFinding['severity'], string> = { ok: 'ok', warning: 'warn', error: 'fail' };

export function DoctorPanel(): React.JSX.Element {
  const api = useApi();
  const findings = useDoctor((s) => s.findings);
  const checking = useDoctor((s) => s.checking);
  const error = useDoctor((s) => s.error);
  return (
    <div className="doctor-panel">
      <p>
        <button type="button" disabled={checking} onClick={() => void loadFindings(api, true)}>
          Check installation
        </button>{' '}
        {checking ? (
          <span className="muted small">checking (Python imports torch: a few seconds)…</span>
        ) : (
          findings && (
            <span className={findings.ok ? 'ok small' : 'fail small'} data-testid="doctor-verdict" title={`checked ${new Date(findings.checkedAt).toLocaleString()}`}>
              {findings.ok ? 'Everything the workstation needs is there' : 'Something needs attention'}
            </span>
          )
        )}
      </p>
      {findings && !findings.full && !checking && (
        <p className="muted small">
          A quick check of Python, as at every start; Check installation runs the whole doctor (<code>udw doctor</code>: SQLite, ONNX Runtime,
          torch and the versions of the training modules).
        </p>
      )}
      {error && <p className="error small">{error}</p>}
      {findings && (
        <table className="simple doctor-table" aria-label="Doctor report">
          <thead>
            <tr>
              <th>state</th>
              <th>component</th>
              <th>version</th>
              <th>finding</th>
              <th>what to do</th>
            </tr>
          </thead>
          <tbody>
            {findings.findings.map((f) => (
              <tr key={f.component} data-severity={f.severity}>
                <td className={STATE_CLASS[f.severity]}>{STATE_TEXT[f.severity]}</td>
                <td>{f.component}</td>
                <td>{f.version ?? '–'}</td>
                <td className="muted">{f.detail}</td>
                <td>{f.fix ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
