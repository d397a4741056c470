/**
 * Inspect-before-commit end to end (issue 10), against the real back end and the real renderer build in
 * Chromium: auto-label a folder from the catalog page → preview (nothing written) → commit accepting those
 * ≥ 0.8 → "accept all ≥ 0.5" in one file → open another → its proposals drawn dashed → move one (keyboard
 * nudge), reject one (Delete), undo the rejection (Ctrl+Z), accept one (Enter), reject another (its button) →
 * the Agreement section shows exactly those actions → reload → everything persisted.
 *
 * Generated files of the families whose programs have sensing triggers (MDB-MQL, MDB 4-step, HAM), so that
 * stop-code proposals exist, plus a distance-only (TUHH) file in another folder that the run must not touch.
 */
import type { Page, TestInfo } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileRow } from '../../src/shared/api/catalog.contract';
import type { Label } from '../../src/shared/api/labels.contract';
import { encodeLatin1, generateSetitec, type Family } from '../../src/shared/setitec/generator/index';
import { expect, openApp, test, type WebHostFixture } from './fixtures';

/** How the plot draws a pending proposal of each source (figure.ts): recorded by the drill dashed, inferred dotted. */
const proposalDash = (source: string): string => (source === 'heuristic' ? 'dot' : source === 'model' ? 'dashdot' : 'dash');

const SCREENSHOTS = path.join(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..'), 'test-results', 'screenshots');

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const body = await page.screenshot();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.writeFileSync(path.join(SCREENSHOTS, `${name}.png`), body);
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

async function dispatch<T>(web: WebHostFixture, channel: string, payload: unknown): Promise<T> {
  return (await web.backend.dispatch(channel, payload)) as T;
}

const list = (web: WebHostFixture, fileId: number): Promise<Label[]> => dispatch<Label[]>(web, 'labels.list', { fileId });

/** One stored label, for `expect.poll`: the edit is durable once the back end holds it, whatever the indicator showed. */
const stored = async (web: WebHostFixture, fileId: number, id: string): Promise<Label | undefined> => (await list(web, fileId)).find((l) => l.id === id);

async function waitSaved(page: Page): Promise<void> {
  await expect(page.getByRole('status', { name: 'Save state' })).toHaveText('Saved');
}

async function waitPlotted(page: Page, fileId: number): Promise<void> {
  await expect(page.getByTestId('signal-plot')).toHaveAttribute('data-plotted', String(fileId), { timeout: 30_000 });
}

const folderName = (folder: string): RegExp => new RegExp(`(^|/)${path.basename(folder).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** What the plot draws for a label: its line style, or null when it is not drawn. */
async function drawnStyle(page: Page, labelId: string): Promise<string | null> {
  return page.evaluate((id) => {
    const gd = document.querySelector('[data-testid="signal-plot"]') as HTMLElement & { layout?: { shapes?: { name?: string; line?: { dash?: string } }[] } };
    const shape = gd.layout?.shapes?.find((s) => s.name === `label:${id}`);
    return shape ? (shape.line?.dash ?? 'solid') : null;
  }, labelId);
}

/** The label table's selected row. */
const selectedRow = (page: Page) => page.getByRole('table', { name: 'Labels' }).locator('tbody tr[aria-selected="true"]');

type Counts = Record<'accepted' | 'moved' | 'rejected' | 'pending', number>;

/** Per class, what became of the proposals of these labels (the agreement report's four outcomes). */
function outcomes(labels: Label[]): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const l of labels) {
    if (!l.origin) continue;
    const c = out.get(l.classId) ?? { accepted: 0, moved: 0, rejected: 0, pending: 0 };
    if (l.state === 'proposed') c.pending++;
    else if (l.state === 'rejected') c.rejected++;
    else if (l.source === 'human') c.moved++;
    else c.accepted++;
    out.set(l.classId, c);
  }
  return out;
}

async function expectAgreement(page: Page, expected: Map<string, Counts>): Promise<void> {
  const table = page.getByTestId('agreement-table');
  await expect(table).toBeVisible();
  for (const [classId, counts] of expected) {
    const row = table.getByTestId(`agreement-row-${classId}`);
    for (const [key, n] of Object.entries(counts)) await expect(row.getByTestId(key), `${classId} ${key}`).toHaveText(String(n));
  }
}

test.describe('auto-labelling and inspect-before-commit', () => {
  test('run on a folder, preview, commit ≥ 0.8, move / reject / undo / accept, agreement, reload', async ({ page, web, consoleErrors }, testInfo) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-e2e-autolabel-'));
    const folder = path.join(dir, 'sensing');
    const other = path.join(dir, 'distance-only');
    fs.mkdirSync(folder);
    fs.mkdirSync(other);
    try {
      const families: Family[] = ['mdbmql', 'mdb4', 'ham'];
      families.forEach((family, i) => fs.writeFileSync(path.join(folder, `${family}_${i}.xls`), encodeLatin1(generateSetitec({ seed: 6100 + i, version: 9, family }).text)));
      fs.writeFileSync(path.join(other, 'tuhh_0.xls'), encodeLatin1(generateSetitec({ seed: 6200, version: 9, family: 'tuhh' }).text));
      expect((await dispatch<{ imported: number }>(web, 'catalog.import', { dirs: [folder, other] })).imported).toBe(4);
      const files = (await dispatch<FileRow[]>(web, 'catalog.listFiles', {})).filter((f) => f.folder === folder || f.folder === other);
      const inFolder = files.filter((f) => f.folder === folder);
      const outside = files.find((f) => f.folder === other)!;

      // --- catalog: choose the folder, open the panel, run
      await openApp(page, web);
      await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: folderName(folder) }).click();
      await page.getByRole('button', { name: 'Auto-label…' }).click();
      const panel = page.getByRole('region', { name: 'Auto-label' });
      await expect(panel.getByRole('radio', { name: /^Folder (.*\/)?sensing \(3 files\)$/ })).toBeChecked();
      await panel.getByRole('button', { name: 'Run', exact: true }).click();

      // --- preview: counts per class, source and tier; nothing written yet
      const preview = panel.getByTestId('autolabel-preview');
      await expect(preview).toBeVisible({ timeout: 30_000 });
      await expect(panel.getByTestId('autolabel-headline')).toContainText('in 3 of 3 files');
      const stepcode = Number(await panel.getByTestId('autolabel-source-stepcode').textContent());
      expect(stepcode).toBeGreaterThan(0);
      const high = Number(await panel.getByTestId('autolabel-tier-high').textContent());
      expect(high).toBeGreaterThan(0);
      await expect(panel.getByTestId('autolabel-class-entry')).toHaveText('3');
      await expect(panel.getByTestId('autolabel-none')).toContainText('0 files with no proposal');
      for (const f of files) expect(await list(web, f.id)).toEqual([]);
      await screenshot(page, testInfo, 'autolabel-preview');

      // --- commit, accepting those with confidence ≥ 0.8
      await panel.getByRole('checkbox', { name: /accept those with confidence/ }).check();
      await expect(panel.getByLabel('Accept at or above confidence')).toHaveValue('0.8');
      await panel.getByRole('button', { name: 'Commit' }).click();
      await expect(panel.getByTestId('autolabel-result')).toContainText(`accepted ${high} as labels`);
      const committed = (await Promise.all(inFolder.map((f) => list(web, f.id)))).flat();
      expect(committed.filter((l) => l.state === 'confirmed').length).toBe(high);
      for (const l of committed) expect(l.state).toBe(l.confidence! >= 0.8 ? 'confirmed' : 'proposed');
      expect(await list(web, outside.id)).toEqual([]);
      const expected = outcomes(committed);

      // --- "accept all ≥ 0.5" in the MDB 4-step file: its pending proposals at least that confident become labels
      const mdb4 = inFolder.find((f) => f.name.startsWith('mdb4'))!;
      await panel.getByRole('button', { name: 'Close' }).click();
      await page.locator(`[role="row"][data-file-id="${mdb4.id}"]`).dblclick();
      await waitPlotted(page, mdb4.id);
      const mdb4Before = await list(web, mdb4.id);
      const confident = mdb4Before.filter((l) => l.state === 'proposed' && l.confidence! >= 0.5);
      expect(confident.length).toBeGreaterThan(0);
      await page.getByLabel('Accept proposals at or above confidence').fill('0.5');
      await expect(page.getByTestId('accept-all-count')).toHaveText(`${confident.length} of ${mdb4Before.filter((l) => l.state === 'proposed').length} pending`);
      await page.getByTestId('accept-all').click();
      await waitSaved(page);
      await expect.poll(async () => (await list(web, mdb4.id)).filter((l) => l.state === 'confirmed').length).toBe(mdb4Before.filter((l) => l.state === 'confirmed').length + confident.length);
      for (const l of await list(web, mdb4.id)) expect(l.state, `${l.classId} at ${l.confidence}`).toBe(l.confidence! >= 0.5 ? 'confirmed' : 'proposed');
      for (const l of confident) {
        expected.get(l.classId)!.pending--;
        expected.get(l.classId)!.accepted++;
      }

      // --- open the MDB-MQL file: its proposals are drawn dashed (stop code) or dotted (heuristic), its accepted labels solid
      const target = inFolder.find((f) => f.name.startsWith('mdbmql'))!;
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Catalog', exact: true }).click();
      await page.locator(`[role="row"][data-file-id="${target.id}"]`).dblclick();
      await waitPlotted(page, target.id);
      const before = await list(web, target.id);
      const pendingPoints = before.filter((l) => l.state === 'proposed' && l.depthEnd === null);
      expect(pendingPoints.length).toBeGreaterThanOrEqual(2);
      const accepted0 = before.find((l) => l.state === 'confirmed')!;
      await expect.poll(() => drawnStyle(page, pendingPoints[0]!.id)).toBe(proposalDash(pendingPoints[0]!.source));
      expect(await drawnStyle(page, accepted0.id)).toBe('solid');
      await expect(page.locator(`tr[data-label-id="${pendingPoints[0]!.id}"]`)).toHaveAttribute('data-state', 'proposed');
      await screenshot(page, testInfo, 'proposals-signal-view');

      // --- move one: select it (click its row), nudge it deeper by 0.1 mm; it becomes a human label
      const moved = pendingPoints[0]!;
      await page.locator(`tr[data-label-id="${moved.id}"] td`).first().click();
      await page.keyboard.press('}');
      await waitSaved(page);
      const movedDepth = Math.round((moved.depth! + 0.1) * 1000) / 1000;
      await expect.poll(() => stored(web, target.id, moved.id)).toMatchObject({ state: 'confirmed', source: 'human', depth: movedDepth, origin: { depth: moved.depth, source: moved.source } });
      await expect.poll(() => drawnStyle(page, moved.id)).toBe('solid');
      expected.get(moved.classId)!.pending--;
      expected.get(moved.classId)!.moved++;

      // --- reject one with Delete (Alt+] selects the next proposal), then undo the rejection
      // From a label, Alt+] goes to the first proposal deeper than it (the table's depth order), else the first.
      const pendingByDepth = (await list(web, target.id))
        .filter((l) => l.state === 'proposed' && l.depth !== null)
        .sort((a, b) => a.depth! - b.depth! || a.classId.localeCompare(b.classId) || a.id.localeCompare(b.id));
      const rejected = pendingByDepth.find((l) => l.depth! > movedDepth) ?? pendingByDepth[0]!;
      const rejectedId = rejected.id;
      await page.keyboard.press('Alt+]');
      await expect(selectedRow(page)).toHaveAttribute('data-label-id', rejectedId);
      await page.keyboard.press('Delete');
      await waitSaved(page);
      await expect.poll(() => stored(web, target.id, rejectedId)).toMatchObject({ state: 'rejected' });
      await expect.poll(() => drawnStyle(page, rejectedId)).toBeNull();
      await expect(page.locator(`tr[data-label-id="${rejectedId}"]`)).toHaveAttribute('data-state', 'rejected');
      await page.keyboard.press('Control+z');
      await waitSaved(page);
      await expect.poll(() => stored(web, target.id, rejectedId)).toMatchObject({ state: 'proposed', source: rejected.source, depth: rejected.depth });
      await expect.poll(() => drawnStyle(page, rejectedId)).toBe(proposalDash(rejected.source));

      // --- accept the restored proposal with Enter (undo selected it)
      await expect(selectedRow(page)).toHaveAttribute('data-label-id', rejectedId);
      await page.keyboard.press('Enter');
      await waitSaved(page);
      await expect.poll(() => stored(web, target.id, rejectedId)).toMatchObject({ state: 'confirmed', source: rejected.source });
      expected.get(rejected.classId)!.pending--;
      expected.get(rejected.classId)!.accepted++;

      // --- reject another one with its button in the table, and keep it rejected
      const still = (await list(web, target.id)).find((l) => l.state === 'proposed')!;
      const stillName = await page.locator(`tr[data-label-id="${still.id}"] .class-name`).innerText();
      await page.locator(`tr[data-label-id="${still.id}"]`).getByRole('button', { name: `Reject ${stillName.trim()}` }).click();
      await waitSaved(page);
      await expect.poll(() => stored(web, target.id, still.id)).toMatchObject({ state: 'rejected' });
      expected.get(still.classId)!.pending--;
      expected.get(still.classId)!.rejected++;
      const final = await list(web, target.id);

      // --- the agreement report shows exactly those actions
      const sections = page.getByRole('navigation', { name: 'Sections' });
      await sections.getByRole('button', { name: 'Agreement', exact: true }).click();
      await expectAgreement(page, expected);
      await screenshot(page, testInfo, 'autolabel-agreement');
      // And it is what the catalog holds (the back end's own tally of the same labels).
      const all = (await Promise.all(inFolder.map((f) => list(web, f.id)))).flat();
      expect(outcomes(all)).toEqual(expected);

      // --- reload: everything persisted (the agreement report and the file's labels)
      await page.reload();
      await expectAgreement(page, expected);
      await sections.getByRole('button', { name: 'Annotate', exact: true }).click();
      await waitPlotted(page, target.id);
      for (const l of final) {
        if (l.depth === null) continue;
        await expect(page.locator(`tr[data-label-id="${l.id}"]`)).toHaveAttribute('data-state', l.state);
      }
      await expect(page.locator(`tr[data-label-id="${moved.id}"] .depth-input`).first()).toHaveValue(String(movedDepth));
      expect(await drawnStyle(page, still.id)).toBeNull();
      expect(await drawnStyle(page, moved.id)).toBe('solid');
      expect(await list(web, target.id)).toEqual(final);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(consoleErrors).toEqual([]);
  });
});
