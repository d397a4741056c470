/**
 * The agreement report as tables: per class (the stable test hooks live here), per confidence tier and
 * per provenance. Pure rendering of a report, so it can be rendered to markup in a test.
 */
import type { AgreementCounts, AgreementReport } from '../../../shared/api/agreement.contract';
import { formatMm, formatRate } from './agreementFormat';

const NUM: React.CSSProperties = { textAlign: 'right' };

function CountHeads(): React.JSX.Element {
  return (
    <>
      <th style={NUM}>Proposals</th>
      <th style={NUM} title="Accepted as proposed">
        Accepted
      </th>
      <th style={NUM} title="Accepted after a human moved or changed it">
        Moved
      </th>
      <th style={NUM}>Rejected</th>
      <th style={NUM}>Pending</th>
      <th style={NUM} title="(accepted + moved) / decided">
        Acceptance
      </th>
    </>
  );
}

/** The counted columns, in CountHeads' order; each cell's test id is its key. */
const COUNT_KEYS = ['proposals', 'accepted', 'moved', 'rejected', 'pending'] as const;

function CountCells({ c }: { c: AgreementCounts }): React.JSX.Element {
  return (
    <>
      {COUNT_KEYS.map((k) => (
        <td key={k} style={NUM} data-testid={k}>
          {c[k]}
        </td>
      ))}
      <td style={NUM} data-testid="acceptance-rate">
        {formatRate(c.acceptanceRate)}
      </td>
    </>
  );
}

export function AgreementClassTable({ report }: { report: AgreementReport }): React.JSX.Element {
  const classes = report.classes.filter((c) => c.counts.proposals > 0);
  return (
    <table className="simple agreement-table" data-testid="agreement-table">
      <thead>
        <tr>
          <th>Class</th>
          <CountHeads />
          <th style={NUM} title="Accepted and moved labels with a depth">
            n
          </th>
          <th style={NUM} title="Signed mean of label − proposal (mm): positive = deeper than proposed">
            Mean offset
          </th>
          <th style={NUM} title="Median of |label − proposal| (mm)">
            Median |offset|
          </th>
          <th style={NUM} title="95th percentile of |label − proposal| (mm)">
            p95 |offset|
          </th>
        </tr>
      </thead>
      <tbody>
        {classes.map((c) => (
          <tr key={c.classId} data-testid={`agreement-row-${c.classId}`}>
            <td title={c.classId}>{c.name ?? c.classId}</td>
            <CountCells c={c.counts} />
            <td style={NUM}>{c.offset?.n ?? 0}</td>
            <td style={NUM} data-testid="mean-offset-mm">
              {formatMm(c.offset?.meanSignedMm, true)}
            </td>
            <td style={NUM} data-testid="median-offset-mm">
              {formatMm(c.offset?.medianAbsMm)}
            </td>
            <td style={NUM} data-testid="p95-offset-mm">
              {formatMm(c.offset?.p95AbsMm)}
            </td>
          </tr>
        ))}
        {classes.length === 0 && (
          <tr>
            <td colSpan={11} className="muted">
              No proposals yet: run auto-labelling on some files first.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

export function AgreementRateTables({ report }: { report: AgreementReport }): React.JSX.Element {
  const lastTier = report.byTier.length - 1;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 32, marginTop: 16 }}>
      <table className="simple" data-testid="agreement-tiers">
        <caption style={{ textAlign: 'left', fontWeight: 600 }}>By confidence tier (as proposed)</caption>
        <thead>
          <tr>
            <th>Tier</th>
            <CountHeads />
            <th style={NUM}>Rejection</th>
          </tr>
        </thead>
        <tbody>
          {report.byTier.map((t, i) => (
            <tr key={t.tier} data-testid={`agreement-tier-${t.tier}`}>
              <td>
                {t.tier} <span className="muted small">{i === lastTier && i > 0 ? `< ${report.byTier[i - 1]!.minConfidence}` : `≥ ${t.minConfidence}`}</span>
              </td>
              <CountCells c={t} />
              <td style={NUM} data-testid="rejection-rate">
                {formatRate(t.rejectionRate)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="simple" data-testid="agreement-provenances">
        <caption style={{ textAlign: 'left', fontWeight: 600 }}>By provenance</caption>
        <thead>
          <tr>
            <th>Provenance</th>
            <CountHeads />
            <th style={NUM}>Rejection</th>
          </tr>
        </thead>
        <tbody>
          {report.byProvenance.map((p) => (
            <tr key={p.provenance ?? ''}>
              <td>{p.provenance ?? <span className="muted">(none)</span>}</td>
              <CountCells c={p} />
              <td style={NUM} data-testid="rejection-rate">
                {formatRate(p.rejectionRate)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
