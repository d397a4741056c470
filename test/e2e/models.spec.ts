/**
 * Models in the app (issue 13), against the real back end, the real inference process and the renderer
 * build in Chromium: a file opened with a model active arrives with the model's proposals (drawn dash-dot,
 * provenance model:<id>) and one is accepted with Enter like a stop-code proposal; the catalog sorts by
 * model confidence (least certain first); Shift+U follows that order.
 */
import type { Page } from '@playwright/test';
import type { FileRow } from '../../src/shared/api/catalog.contract';
import type { Label } from '../../src/shared/api/labels.contract';
import { expect, openApp, test, type WebHostFixture } from './fixtures';
import { modelFiles, type ModelFiles } from './modelsFixtures';

async function dispatch<T>(web: WebHostFixture, channel: string, payload: unknown): Promise<T> {
  return (await web.backend.dispatch(channel, payload)) as T;
}

// Every spec shares one catalog: an active model left behind would pre-annotate the files other specs open.
test.afterAll(async ({ web }) => {
  for (const m of await dispatch<Array<{ id: string }>>(web, 'models.list', {})) await dispatch(web, 'models.remove', { modelId: m.id });
});

async function showFolder(page: Page, token: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Catalog', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search files' }).fill(token);
}

async function openRow(page: Page, fileId: number): Promise<void> {
  await page.locator(`.catalog-row[data-file-id="${fileId}"]`).dblclick();
  await expect(page.getByTestId('signal-plot')).toHaveAttribute('data-plotted', String(fileId), { timeout: 30_000 });
}

async function drawnDash(page: Page, labelId: string): Promise<string | null> {
  return page.evaluate((id) => {
    const gd = document.querySelector('[data-testid="signal-plot"]') as HTMLElement & { layout?: { shapes?: { name?: string; line?: { dash?: string } }[] } };
    const shape = gd.layout?.shapes?.find((s) => s.name === `label:${id}`);
    return shape ? (shape.line?.dash ?? 'solid') : null;
  }, labelId);
}

test.describe.serial('models in the annotation view and the catalog', () => {
  let files: ModelFiles;

  test.beforeAll(async ({ web }) => {
    test.setTimeout(180_000);
    files = await modelFiles(web);
  });

  test('a file opened with a model active shows its proposals; one is accepted with Enter', async ({ page, web }) => {
    const before = await dispatch<Label[]>(web, 'labels.list', { fileId: files.freshId });
    expect(before.filter((l) => l.source === 'model')).toEqual([]);

    await openApp(page, web);
    await showFolder(page, files.token);
    await openRow(page, files.freshId);

    await expect(page.getByTestId('model-proposal-note')).toContainText(`Model ${files.model.id}:`);
    const provenance = `model:${files.model.id}`;
    const modelRows = page.getByRole('table', { name: 'Labels' }).locator('tbody tr[data-state="proposed"]').filter({ hasText: provenance });
    await expect(modelRows.first()).toBeVisible();

    const stored = (await dispatch<Label[]>(web, 'labels.list', { fileId: files.freshId })).filter((l) => l.provenance === provenance);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((l) => l.state === 'proposed' && l.source === 'model' && l.confidence !== null)).toBe(true);
    await expect(modelRows).toHaveCount(stored.length);

    const first = modelRows.first();
    const id = (await first.getAttribute('data-label-id'))!;
    await expect.poll(() => drawnDash(page, id)).toBe('dashdot');
    await first.locator('.class-name').click();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await dispatch<Label[]>(web, 'labels.list', { fileId: files.freshId })).find((l) => l.id === id)?.state).toBe('confirmed');
    await expect(page.locator(`tr[data-label-id="${id}"]`)).toHaveAttribute('data-state', 'confirmed');

    // Opening it again predicts nothing new: the model has proposed on this file already.
    await showFolder(page, files.token);
    await openRow(page, files.freshId);
    await expect(page.getByTestId('model-proposal-note')).toContainText('made earlier');
    expect((await dispatch<Label[]>(web, 'labels.list', { fileId: files.freshId })).filter((l) => l.provenance === provenance)).toHaveLength(stored.length);
  });

  test('the catalog sorts by model confidence, and Shift+U follows the least certain files', async ({ page, web }) => {
    const rows = (await dispatch<FileRow[]>(web, 'catalog.listFiles', {})).filter((f) => [...files.batchIds, files.freshId].includes(f.id));
    expect(rows.every((f) => typeof f.modelConfidence === 'number')).toBe(true);
    const byConfidence = [...rows].sort((a, b) => a.modelConfidence! - b.modelConfidence!).map((f) => f.id);

    await openApp(page, web);
    await showFolder(page, files.token);
    await page.getByRole('columnheader').getByRole('button', { name: 'Model', exact: true }).click();
    await expect(page.getByRole('columnheader', { name: /Model/ })).toHaveAttribute('aria-sort', 'ascending');
    const shown = async (): Promise<number[]> => (await page.locator('.catalog-row').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-file-id')))));
    await expect.poll(shown).toEqual(byConfidence);
    const shownConfidence = await page.getByTestId('model-confidence').allTextContents();
    expect(shownConfidence).toEqual([...rows].sort((a, b) => a.modelConfidence! - b.modelConfidence!).map((f) => f.modelConfidence!.toFixed(2)));

    // The least certain file first, then Shift+U twice: the next ones in that order.
    await openRow(page, byConfidence[0]!);
    for (const next of byConfidence.slice(1, 3)) {
      await page.keyboard.press('Shift+U');
      await expect(page.getByTestId('signal-plot')).toHaveAttribute('data-plotted', String(next), { timeout: 30_000 });
    }
  });
});

test.describe.serial('the disagreement filter', () => {
  let files: ModelFiles;

  test.beforeAll(async ({ web }) => {
    test.setTimeout(180_000);
    files = await modelFiles(web, 4);
  });

  test('shows only the files where the model and the stop code are further apart than the distance', async ({ page, web }) => {
    const ours = (await dispatch<FileRow[]>(web, 'catalog.listFiles', {})).filter((f) => files.batchIds.includes(f.id));
    expect(ours.some((f) => typeof f.modelDisagreementMm === 'number')).toBe(true);
    const distances = ours.map((f) => f.modelDisagreementMm).filter((d): d is number => typeof d === 'number').sort((a, b) => a - b);
    // Between the smallest and the largest disagreement when they differ, so the filter keeps some and drops some.
    const mm = distances.length > 1 && distances[0]! < distances.at(-1)! ? (distances[0]! + distances.at(-1)!) / 2 : 0;
    const expected = ours.filter((f) => (f.modelDisagreementMm ?? -1) > mm).map((f) => f.id).sort((a, b) => a - b);

    await openApp(page, web);
    await showFolder(page, files.token);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Models', exact: true }).click();
    await page.getByRole('textbox', { name: 'Disagreement distance (mm)' }).fill(String(mm));
    await page.getByRole('button', { name: 'Show those files' }).click();
    await expect(page.getByRole('columnheader', { name: /Δ mm > / })).toBeVisible();
    const shown = async (): Promise<number[]> => (await page.locator('.catalog-row').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-file-id'))))).sort((a, b) => a - b);
    await expect.poll(shown).toEqual(expected);
  });
});

test.describe.serial('the Models page', () => {
  let files: ModelFiles;

  test.beforeAll(async ({ web }) => {
    test.setTimeout(180_000);
    files = await modelFiles(web, 2);
  });

  test('lists the active model with its lineage and runs it over the selected file', async ({ page, web }) => {
    await openApp(page, web);
    await showFolder(page, files.token);
    await page.locator(`.catalog-row[data-file-id="${files.freshId}"]`).click();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Models', exact: true }).click();
    const card = page.locator(`[data-testid="model-card"][data-model-id="${files.model.id}"]`);
    await expect(card).toContainText('active');
    await expect(card).toContainText('torque_net, thrust_net');
    await expect(card).toContainText(`run ${files.model.runId ?? '–'}`);

    await page.getByRole('radio', { name: /^Selected file/ }).check();
    await page.getByRole('button', { name: /^Run / }).click();
    await expect(page.getByTestId('models-batch-status')).toContainText(/^Done: 1 of 1 files/);
    const labels = await dispatch<Label[]>(web, 'labels.list', { fileId: files.freshId });
    expect(labels.filter((l) => l.provenance === `model:${files.model.id}`).length).toBeGreaterThan(0);
  });
});
