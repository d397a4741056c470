/**
 * The agreement report: how the humans received the machine's proposals. Loaded whenever the page is
 * shown (the app mounts a section's page when it is chosen), again on Refresh, and after label edits made
 * elsewhere (another window, the CLI), one reload at a time.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgreementReport } from '../../../shared/api/agreement.contract';
import type { LabelClass } from '../../../shared/api/labels.contract';
import { useApi } from '../../api/ApiContext';
import { AgreementHistogram } from './AgreementHistogram';
import { AgreementClassTable, AgreementRateTables } from './AgreementTable';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function AgreementPage(): React.JSX.Element {
  const api = useApi();
  const [report, setReport] = useState<AgreementReport | null>(null);
  const [classes, setClasses] = useState<LabelClass[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // A reload asked for while one runs is done once after it, so a burst of edits makes two reads, not fifty.
  const inFlight = useRef(false);
  const again = useRef(false);
  const alive = useRef(true);

  const load = useCallback(async (): Promise<void> => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    setLoading(true);
    try {
      do {
        again.current = false;
        try {
          const [next, schema] = await Promise.all([api.invoke('labels.agreement', {}), api.invoke('labels.getSchema', {})]);
          if (!alive.current) return;
          setReport(next);
          setClasses(schema.classes);
          setError(null);
        } catch (err) {
          if (alive.current) setError(errorText(err));
        }
      } while (again.current && alive.current);
    } finally {
      inFlight.current = false;
      if (alive.current) setLoading(false);
    }
  }, [api]);

  useEffect(() => {
    alive.current = true;
    void load();
    const off = api.on('labels.changed', () => void load());
    return () => {
      alive.current = false;
      off();
    };
  }, [api, load]);

  const t = report?.totals;
  return (
    <section className="agreement" data-testid="agreement-page" aria-busy={loading}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
        <h1 style={{ margin: 0 }}>Agreement</h1>
        <button type="button" data-testid="agreement-refresh" onClick={() => void load()} disabled={loading}>
          Refresh
        </button>
        {loading && <span className="muted small">Loading…</span>}
      </div>
      <p className="muted">
        How accepted, moved and rejected proposals compare with what was proposed. Offsets are label − proposal in mm (positive: deeper than
        proposed); the mean is signed, the median and 95th percentile are of the absolute offset. Rates are over the decided proposals.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {report && t && (
        <>
          <p data-testid="agreement-summary">
            {report.files} {report.files === 1 ? 'file' : 'files'} with proposals · {t.proposals} proposals: {t.accepted} accepted, {t.moved} moved,{' '}
            {t.rejected} rejected, {t.pending} pending
          </p>
          <AgreementClassTable report={report} />
          <h2>Offsets per class</h2>
          <AgreementHistogram report={report} classes={classes} />
          <AgreementRateTables report={report} />
        </>
      )}
    </section>
  );
}
