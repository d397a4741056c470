/**
 * Training from the GUI end to end (issue 12), against the real back end, the real python-bridge (torch on
 * the CPU) and the real renderer build in Chromium: labelled generated files → create a snapshot in the
 * Training view → start a short training → at least two epochs of live curve points and console lines →
 * cancel (the bridge checkpoints and stops) → resume (a new run from that checkpoint) → it finishes, its
 * curves continuing the first run's → both runs in the Runs view, compared, with their metrics.
 */
import type { Page, TestInfo } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunDetail, RunSummary } from '../../src/shared/api/training.contract';
import { expect, openApp, test, type WebHostFixture } from './fixtures';
import { labelledMdbMql } from './trainingFixtures';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
const VENV_PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
/** Enough epochs that the cancel after the second lands while the run is still going, few enough to finish quickly. */
const EPOCHS = 8;

const torchMissing = ((): string | null => {
  if (!fs.existsSync(VENV_PYTHON)) return `no ${VENV_PYTHON} (run scripts/bootstrap)`;
  const r = spawnSync(VENV_PYTHON, ['-c', 'import torch, onnx, onnxruntime, numpy'], { encoding: 'utf8', timeout: 120_000 });
  return r.status === 0 ? null : `torch/onnx/onnxruntime/numpy not importable in .venv: ${r.stderr.trim().split('\n').pop()}`;
})();

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const body = await page.screenshot({ fullPage: true });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.writeFileSync(path.join(SCREENSHOTS, `${name}.png`), body);
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

async function dispatch<T>(web: WebHostFixture, channel: string, payload: unknown): Promise<T> {
  return (await web.backend.dispatch(channel, payload)) as T;
}

/** The points plotly actually holds, per trace (not only what the wrapper says it asked for). */
async function drawnPoints(page: Page, testId: string): Promise<number[]> {
  return page.evaluate((id) => {
    const gd = document.querySelector<HTMLElement & { data?: { x: unknown[] }[] }>(`[data-testid="${id}"] .curve-plot-area`);
    return (gd?.data ?? []).map((t) => t.x.length);
  }, testId);
}

const epochsShown = async (page: Page): Promise<number> => Number(await page.getByTestId('training-loss-plot').getAttribute('data-epochs'));

test.describe('training from the GUI', () => {
  test.skip(torchMissing !== null, `the real python-bridge needs them: ${torchMissing}`);

  test('snapshot → start → live curves and console → cancel → resume → finished → compared in Runs', async ({ page, web }, testInfo) => {
    test.setTimeout(420_000);
    const labelled = await labelledMdbMql(web);

    await openApp(page, web);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Training', exact: true }).click();
    const training = page.getByTestId('training-page');
    await expect(training).toBeVisible();

    // --- a snapshot from the GUI: the default selection (human + accepted stop-code + heuristic), grouped by counter blocks
    await expect(training.getByRole('combobox', { name: 'Snapshot to train on' })).toBeDisabled();
    await training.getByTestId('snapshot-create').click();
    // The specs share one catalog: files other specs labelled count too, so the snapshot holds at least ours.
    await expect(training.getByTestId('snapshot-created')).toContainText(/with \d+ files/, { timeout: 60_000 });
    const snapshots = await dispatch<{ snapshotId: string; files: number; train: number; val: number }[]>(web, 'datasets.list', {});
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.files).toBeGreaterThanOrEqual(labelled.files);
    await expect(training.getByTestId('snapshot-created')).toContainText(`with ${snapshots[0]!.files} files`);
    expect(snapshots[0]!.train).toBeGreaterThan(0);
    expect(snapshots[0]!.val).toBeGreaterThan(0);
    await expect(training.getByRole('combobox', { name: 'Snapshot to train on' })).toHaveValue(snapshots[0]!.snapshotId);
    await expect(training.getByTestId('snapshot-details')).toContainText(`${snapshots[0]!.files} files, ${snapshots[0]!.train} train / ${snapshots[0]!.val} val`);

    // --- parameters: few epochs, small batches, the CPU; patience as long as the run, so early stopping cannot end it
    const params = training.getByRole('form', { name: 'Training parameters' });
    await params.getByLabel('Epochs', { exact: true }).fill(String(EPOCHS));
    await params.getByLabel('Batch size').fill('4');
    await params.getByLabel('Patience (epochs)').fill(String(EPOCHS));
    await params.getByLabel('Seed', { exact: true }).fill('1');
    await params.getByLabel('Device').selectOption('cpu');
    await params.getByLabel('Epochs', { exact: true }).fill('0');
    await expect(params.getByRole('alert')).toContainText('Epochs:');
    await expect(training.getByTestId('training-start')).toBeDisabled();
    await params.getByLabel('Epochs', { exact: true }).fill(String(EPOCHS));
    await training.getByTestId('training-start').click();

    // --- live: the run goes, curve points arrive per epoch, the console fills
    const panel = training.getByTestId('run-panel');
    await expect(panel).toHaveAttribute('data-status', /queued|running/);
    const firstRun = (await panel.getAttribute('data-run-id'))!;
    await expect.poll(() => epochsShown(page), { timeout: 180_000, message: 'two epochs on the loss plot' }).toBeGreaterThanOrEqual(2);
    await training.getByTestId('training-cancel').click();
    const liveEpochs = await epochsShown(page);
    expect(liveEpochs).toBeLessThan(EPOCHS);
    // Both loss curves (train and validation), each with a point per epoch, in plotly itself.
    await expect.poll(async () => (await drawnPoints(page, 'training-loss-plot')).length).toBe(2);
    for (const n of await drawnPoints(page, 'training-loss-plot')) expect(n).toBeGreaterThanOrEqual(2);
    await expect(training.getByTestId('training-loss-plot')).toHaveAttribute('aria-label', /^Loss: 2 curves, \d+ epochs, \d+ points$/);
    expect(Number(await training.getByTestId('training-metrics-plot').getAttribute('data-epochs'))).toBeGreaterThanOrEqual(2);
    const consoleBox = training.getByRole('log', { name: 'Training console' });
    expect(Number(await consoleBox.getAttribute('data-lines'))).toBeGreaterThanOrEqual(2);
    // Terminal text is applied, not shown raw: no escape sequences and no carriage returns reach the page.
    const shown = await consoleBox.innerText();
    expect(shown.includes('\u001b[')).toBe(false);
    expect(shown.includes('\r')).toBe(false);

    // --- cancelled: it checkpointed and stopped
    await expect(panel).toHaveAttribute('data-status', 'cancelled', { timeout: 90_000 });
    await expect(training.getByTestId('training-resume')).toBeEnabled();
    await consoleBox.scrollIntoViewIfNeeded();
    await screenshot(page, testInfo, 'training-cancelled');

    // --- resume: a new run continuing from the checkpoint, drawn on the same curves, to the end
    await training.getByTestId('training-resume').click();
    await expect(panel).not.toHaveAttribute('data-run-id', firstRun);
    const resumed = (await panel.getAttribute('data-run-id'))!;
    await expect(panel).toContainText(`Continues ${firstRun}`);
    await expect(panel).toHaveAttribute('data-status', 'finished', { timeout: 300_000 });
    await expect.poll(() => epochsShown(page)).toBe(EPOCHS);
    await expect(consoleBox).toContainText(`resumed ${firstRun} as ${resumed}`);
    await expect(training.getByTestId('run-final-metrics')).toBeVisible();
    await screenshot(page, testInfo, 'training-finished');

    const runs = await dispatch<RunSummary[]>(web, 'runs.list', {});
    expect(runs.map((r) => [r.runId, r.status])).toEqual(
      expect.arrayContaining([
        [firstRun, 'cancelled'],
        [resumed, 'finished'],
      ]),
    );
    const detail = await dispatch<RunDetail>(web, 'runs.get', { runId: resumed });
    expect(detail.resumedFrom).toBe(firstRun);
    expect(Object.keys(detail.metrics).length).toBeGreaterThan(0);

    // --- Runs: both listed with their status and metrics; the newest is compared, then the cancelled one too
    await panel.getByRole('button', { name: 'Compare in Runs' }).click();
    const runsPage = page.getByTestId('runs-page');
    const table = runsPage.getByRole('table', { name: 'Runs' });
    const finishedRow = table.locator(`tr[data-run-id="${resumed}"]`);
    await expect(finishedRow).toHaveAttribute('data-status', 'finished');
    await expect(table.locator(`tr[data-run-id="${firstRun}"]`)).toHaveAttribute('data-status', 'cancelled');
    await expect(finishedRow.getByTestId('run-metrics')).not.toBeEmpty();
    await expect(finishedRow.getByRole('checkbox', { name: `Compare ${resumed}` })).toBeChecked();
    await table.getByRole('checkbox', { name: `Compare ${firstRun}` }).check();
    const compare = runsPage.getByTestId('runs-compare');
    await expect(compare).toHaveAttribute('data-runs', '2');
    await expect(compare.getByTestId('runs-curves-plot')).toHaveAttribute('data-traces', '2');
    const diff = compare.getByRole('table', { name: 'Parameter differences' });
    await expect(diff.locator('tr', { hasText: 'resumed from' })).toHaveAttribute('data-differs', 'true');
    await expect(diff.locator('tr', { hasText: 'snapshot' }).first()).toHaveAttribute('data-differs', 'false');
    if (detail.evaluation) {
      const evaluation = compare.getByRole('table', { name: 'Evaluation per keypoint' });
      for (const keypoint of Object.keys(detail.evaluation.keypoints)) await expect(evaluation.locator(`tr[data-keypoint="${keypoint}"][data-run-id="${resumed}"]`)).toBeVisible();
      await expect(compare.getByTestId('evaluation-plot')).toHaveAttribute('data-traces', '1');
    }
    await screenshot(page, testInfo, 'runs-compare');
    await compare.getByTestId('evaluation-plot').scrollIntoViewIfNeeded();
    await screenshot(page, testInfo, 'runs-evaluation');
  });

  test('“Set up Python” checks the interpreter in use and streams its progress lines', async ({ page, web }) => {
    await openApp(page, web);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Training', exact: true }).click();
    const setup = page.getByTestId('python-setup');
    await setup.getByRole('button', { name: 'Set up Python' }).click();
    // The project's .venv already has torch, onnx and numpy: nothing is installed, and it says so.
    await expect(setup.getByTestId('python-setup-result')).toContainText('already has torch', { timeout: 120_000 });
    await expect(setup.getByTestId('python-setup-result')).toHaveClass(/ok/);
    await expect(setup.getByLabel('Python set-up output')).toContainText('checking');
    await expect(setup.getByRole('button', { name: 'Set up Python' })).toBeEnabled();
  });
});
