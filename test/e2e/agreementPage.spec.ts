/**
 * The Agreement section in Chromium against the real back end: the table shows the decisions made through
 * labels.apply, the histogram draws plotly bars, and the page follows later edits (event or Refresh).
 * Uses its own web host and catalog, so the files it adds never show up in another spec's catalog.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProposalDraft } from '../../src/main/labels/labelStore';
import { FileReviewStore } from '../../src/main/labels/fileReview';
import { LabelSchemaStore } from '../../src/main/labels/labelSchemaStore';
import { LabelStore } from '../../src/main/labels/labelStore';
import { insertTestFile } from '../integration/helpers/catalogFile';
import { expect, openApp, startWebHost, stopWebHost, test, type WebHostFixture } from './fixtures';

const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results', 'screenshots');

let host: WebHostFixture;
let fileId: number;

const proposal = (id: string, classId: string, depth: number, confidence: number): ProposalDraft => ({
  id,
  classId,
  depth,
  depthEnd: null,
  value: null,
  source: 'stepcode',
  confidence,
  provenance: 'stepcode@1',
  details: null,
});

test.beforeAll(async () => {
  host = await startWebHost();
  const db = host.backend.context.db;
  const store = new LabelStore(db, new LabelSchemaStore(db), new FileReviewStore(db));
  fileId = insertTestFile(db, 'agreement-a.xls');
  const other = insertTestFile(db, 'agreement-b.xls');
  store.replaceProposals(fileId, [proposal('a-entry', 'entry', 2, 0.95), proposal('a-exit', 'exit', 18, 0.85)], { annotator: 'autolabel', sources: ['stepcode'] });
  store.replaceProposals(other, [proposal('b-entry', 'entry', 2, 0.9), proposal('b-exit', 'exit', 18.2, 0.4)], { annotator: 'autolabel', sources: ['stepcode'] });
  const apply = (edit: unknown) => host.backend.dispatch('labels.apply', edit);
  await apply({ op: 'update', fileId, id: 'a-entry', patch: { state: 'confirmed' } });
  await apply({ op: 'update', fileId: other, id: 'b-entry', patch: { depth: 2.4 } });
  await apply({ op: 'update', fileId, id: 'a-exit', patch: { state: 'rejected' } });
});

test.afterAll(async () => {
  if (host) await stopWebHost(host);
});

test('the agreement page shows the decisions made, plots the offsets and follows later edits', async ({ page }, testInfo) => {
  await openApp(page, host);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Agreement', exact: true }).click();
  const entry = page.getByTestId('agreement-row-entry');
  const exit = page.getByTestId('agreement-row-exit');
  await expect(page.getByTestId('agreement-table')).toBeVisible();
  await expect(entry.getByTestId('accepted')).toHaveText('1');
  await expect(entry.getByTestId('moved')).toHaveText('1');
  await expect(entry.getByTestId('rejected')).toHaveText('0');
  // Offsets 0 and +0.4 mm: median |offset| 0.20.
  await expect(entry.getByTestId('median-offset-mm')).toHaveText('0.20');
  await expect(exit.getByTestId('rejected')).toHaveText('1');
  await expect(exit.getByTestId('pending')).toHaveText('1');
  await expect(exit.getByTestId('median-offset-mm')).toHaveText('—');
  // One bar trace (entry) with its two occupied bins drawn by plotly.
  const histogram = page.getByTestId('agreement-histogram');
  await expect(histogram.locator('.barlayer .trace')).toHaveCount(1);
  await expect(histogram.locator('.barlayer .point path')).not.toHaveCount(0);
  const shot = await page.screenshot();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.writeFileSync(path.join(SCREENSHOTS, 'agreement.png'), shot);
  await testInfo.attach('agreement', { body: shot, contentType: 'image/png' });

  // An edit made elsewhere (the CLI, another window) reaches the page by labels.changed…
  await host.backend.dispatch('labels.apply', { op: 'update', fileId, id: 'a-exit', patch: { state: 'proposed' } });
  await expect(exit.getByTestId('rejected')).toHaveText('0');
  await expect(exit.getByTestId('pending')).toHaveText('2');
  // …and Refresh reads the report again on demand.
  await page.getByTestId('agreement-refresh').click();
  await expect(page.getByTestId('agreement-refresh')).toBeEnabled();
  await expect(exit.getByTestId('pending')).toHaveText('2');
  await expect(page.getByTestId('agreement-summary')).toContainText('2 files with proposals · 4 proposals: 1 accepted, 1 moved, 0 rejected, 2 pending');
});
