// @vitest-environment jsdom
// The agreement table as the page renders it: the stable test hooks and the numbers in them.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { agreementReport, type AgreementLabel } from '../../../src/shared/labels/agreement';
import { formatMm, formatRate } from '../../../src/renderer/features/agreement/agreementFormat';
import { AgreementClassTable } from '../../../src/renderer/features/agreement/AgreementTable';

const CLASSES = [
  { id: 'entry', name: 'Entry', kind: 'point' as const },
  { id: 'exit', name: 'Exit', kind: 'point' as const },
  { id: 'comment', name: 'Comment', kind: 'attribute' as const },
];

const made = (classId: string, depth: number, over: Partial<AgreementLabel> = {}): AgreementLabel => ({
  fileId: 1,
  classId,
  state: 'confirmed',
  source: 'stepcode',
  depth,
  depthEnd: null,
  value: null,
  origin: { depth, depthEnd: null, value: null, source: 'stepcode', provenance: 'stepcode@1', confidence: 0.9 },
  ...over,
});

function render(labels: AgreementLabel[]): Document {
  const html = renderToStaticMarkup(createElement(AgreementClassTable, { report: agreementReport(labels, { classes: CLASSES }) }));
  document.body.innerHTML = html;
  return document;
}

const cell = (doc: Document, classId: string, testId: string): string | null =>
  doc.querySelector(`[data-testid="agreement-row-${classId}"] [data-testid="${testId}"]`)?.textContent ?? null;

describe('agreement table', () => {
  it('has one row per proposed class with its counts and median |offset| to two decimals', () => {
    const doc = render([
      made('entry', 2),
      made('entry', 2, { depth: 2.345, source: 'human' }),
      made('entry', 2, { state: 'rejected' }),
      made('entry', 2, { state: 'proposed' }),
      made('exit', 18, { state: 'proposed' }),
    ]);
    expect(doc.querySelector('[data-testid="agreement-table"]')).not.toBeNull();
    expect([...doc.querySelectorAll('[data-testid^="agreement-row-"]')].map((r) => r.getAttribute('data-testid'))).toEqual([
      'agreement-row-entry',
      'agreement-row-exit',
    ]);
    expect(['accepted', 'moved', 'rejected', 'pending'].map((id) => cell(doc, 'entry', id))).toEqual(['1', '1', '1', '1']);
    // |offsets| 0 and 0.345: median 0.1725.
    expect(cell(doc, 'entry', 'median-offset-mm')).toBe('0.17');
    expect(cell(doc, 'exit', 'median-offset-mm')).toBe('—');
    expect(cell(doc, 'exit', 'pending')).toBe('1');
  });

  it('says so when there is nothing to show, keeping the table', () => {
    const doc = render([]);
    expect(doc.querySelector('[data-testid="agreement-table"]')?.textContent).toContain('No proposals yet');
    expect(doc.querySelectorAll('[data-testid^="agreement-row-"]')).toHaveLength(0);
  });

  it('writes millimetres and rates plainly', () => {
    expect([formatMm(0.1725), formatMm(-0.004, true), formatMm(0.3, true), formatMm(-0.25, true), formatMm(null)]).toEqual(['0.17', '0.00', '+0.30', '-0.25', '—']);
    expect([formatRate(2 / 3), formatRate(0), formatRate(null)]).toEqual(['67%', '0%', '—']);
  });
});
