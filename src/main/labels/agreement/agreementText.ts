/** The agreement report as plain-text tables, for `udw agreement` without --json. */
import type { AgreementCounts, AgreementReport } from '../../../shared/api/agreement.contract';

const pct = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)}%`);
const mm = (v: number | undefined, signed = false): string => (v === undefined ? '—' : `${signed && v >= 0 ? '+' : ''}${v.toFixed(2)}`);

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // The first column (a name) reads left-aligned, the numbers right-aligned.
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)];
}

/** high (≥ 0.8), medium (≥ 0.5), low (< 0.5): the lowest tier reads as below the next one up. */
function tierName(r: AgreementReport, tier: AgreementReport['byTier'][number]['tier']): string {
  const bounds = r.byTier.map((x) => x.minConfidence);
  const i = r.byTier.findIndex((x) => x.tier === tier);
  return i === r.byTier.length - 1 && i > 0 ? `${tier} (< ${bounds[i - 1]})` : `${tier} (≥ ${bounds[i]})`;
}

const COUNT_HEAD = ['proposals', 'accepted', 'moved', 'rejected', 'pending', 'accept', 'reject'];
const countCells = (c: AgreementCounts): string[] =>
  [c.proposals, c.accepted, c.moved, c.rejected, c.pending].map(String).concat(pct(c.acceptanceRate), pct(c.rejectionRate));

export function agreementText(r: AgreementReport): string {
  const t = r.totals;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const where = r.scope.folder ?? (r.scope.fileIds ? `${r.scope.fileIds.length} selected files` : 'the whole catalog');
  const out = [
    `Agreement over ${where}: ${plural(r.files, 'file')} with proposals, ${plural(t.proposals, 'proposal')}`,
    `(${t.accepted} accepted as proposed, ${t.moved} moved, ${t.rejected} rejected, ${t.pending} pending).`,
  ];
  const classes = r.classes.filter((c) => c.counts.proposals > 0);
  if (classes.length === 0) return [...out, 'No proposals yet: run `udw autolabel --commit` first.'].join('\n');
  out.push(
    '',
    'Offsets (mm, label − proposal, positive = deeper): mean is signed; median and p95 are of |offset|.',
    ...table(
      ['class', ...COUNT_HEAD, 'n', 'mean', 'median', 'p95'],
      classes.map((c) => [c.classId, ...countCells(c.counts), String(c.offset?.n ?? 0), mm(c.offset?.meanSignedMm, true), mm(c.offset?.medianAbsMm), mm(c.offset?.p95AbsMm)]),
    ),
    '',
    'By confidence tier (as proposed):',
    ...table(['tier', ...COUNT_HEAD], r.byTier.map((x) => [tierName(r, x.tier), ...countCells(x)])),
    '',
    'By provenance:',
    ...table(['provenance', ...COUNT_HEAD], r.byProvenance.map((x) => [x.provenance ?? '(none)', ...countCells(x)])),
  );
  return out.join('\n');
}
