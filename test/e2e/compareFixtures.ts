/**
 * Holes to compare, for the comparison's end-to-end tests and the plot benchmark: five generated MDB-MQL
 * cycles (version 9) of one head with consecutive global counters, long controller-style names and short
 * ones, with entry and exit labels (one hole's exit far off the series), imported through the real back end.
 *
 * The suite's specs share one catalog per Playwright worker and several generate files of the same family
 * (hence head) with counters drawn at random, so these holes get a head of their own: the generated text's
 * Head Name is renamed (everything else is the generator's), and the counters lie outside the family's range.
 *
 * Also the flow the plot benchmark times (bench/plot): the open hole drawn with its two neighbours overlaid,
 * observed through the plot element's `data-overlays` and the `udw:overlay-plotted` performance mark. Only
 * type imports from Playwright, so playwright-core scripts can use it as well as the tests.
 */
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileRow } from '../../src/shared/api/catalog.contract';
import { encodeLatin1, generateSetitec } from '../../src/shared/setitec/generator/index';
import type { WebHostFixture } from './fixtures';

export const COMPARE_HEAD = 'CMP-E2E-HEAD';
export const COMPARE_COUNTERS = [5000, 5001, 5002, 5003, 5004] as const;
/** The hole whose exit breaks the series. */
export const OUTLIER_COUNTER = 5003;

export interface CompareHole {
  id: number;
  name: string;
  counter: number;
  entryId: string;
  entry: number;
  exit: number;
}

export interface CompareHoles {
  folder: string;
  holes: CompareHole[];
  /** The hole of a counter. */
  at(counter: number): CompareHole;
}

/** Entry depths differ per hole, so that aligning by entry visibly moves the references. */
const ENTRY = [2.5, 2.0, 1.8, 2.2, 2.1];
/** Within every hole's depth range (about 13 mm at this length); #5003 off the series. */
const EXIT = [11.0, 11.02, 11.04, 12.2, 11.08];

const imported = new Map<string, Promise<CompareHoles>>();

async function importHoles(web: WebHostFixture): Promise<CompareHoles> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-e2e-compare-'));
  COMPARE_COUNTERS.forEach((counter, i) => {
    const g = generateSetitec({ seed: 5100 + i, version: 9, globalCounter: counter, rows: 2500 });
    const text = g.text.replace(g.expected.head.name, COMPARE_HEAD);
    // Long controller-style names for some, short ones for the others.
    const name = i % 2 === 0 ? g.expected.fileName.replace(g.expected.head.name, COMPARE_HEAD) : `cmp_${counter}.xls`;
    fs.writeFileSync(path.join(folder, name), encodeLatin1(text));
  });
  const summary = (await web.backend.dispatch('catalog.import', { dirs: [folder] })) as { imported: number; failed: number };
  if (summary.imported !== COMPARE_COUNTERS.length || summary.failed !== 0) throw new Error(`compare fixtures: imported ${summary.imported}, failed ${summary.failed}`);
  const rows = ((await web.backend.dispatch('catalog.listFiles', {})) as FileRow[]).filter((f) => f.folder === folder);
  const holes: CompareHole[] = [];
  for (const [i, counter] of COMPARE_COUNTERS.entries()) {
    const row = rows.find((r) => r.globalCounter === counter && r.headName === COMPARE_HEAD);
    if (!row) throw new Error(`compare fixtures: no imported hole #${counter} of head ${COMPARE_HEAD}`);
    const hole: CompareHole = { id: row.id, name: row.name, counter, entryId: `cmp-entry-${counter}`, entry: ENTRY[i]!, exit: EXIT[i]! };
    const create = (id: string, classId: string, depth: number) => web.backend.dispatch('labels.apply', { op: 'create', fileId: row.id, label: { id, classId, depth, depthEnd: null, value: null } });
    await create(hole.entryId, 'entry', hole.entry);
    await create(`cmp-exit-${counter}`, 'exit', hole.exit);
    holes.push(hole);
  }
  return {
    folder,
    holes,
    at: (counter) => holes.find((h) => h.counter === counter)!,
  };
}

/** The holes, imported once per back end (the worker's web host). */
export function compareHoles(web: WebHostFixture): Promise<CompareHoles> {
  let p = imported.get(web.dir);
  if (!p) {
    p = importHoles(web);
    imported.set(web.dir, p);
  }
  return p;
}

export interface DrawnTrace {
  name: string;
  overlay: number | null;
  focus: boolean;
  panel: string | null;
  points: number;
  xMin: number;
  xMax: number;
}

/** The signal plot's traces as plotly holds them (`gd.data`), with the overlay's meta. */
export function plotTraces(page: Page): Promise<DrawnTrace[]> {
  return page.evaluate(() => {
    const gd = document.querySelector<HTMLElement & { data?: Array<{ name?: string; x?: ArrayLike<number>; meta?: unknown }> }>('[data-testid="signal-plot"]');
    return (gd?.data ?? []).map((t) => {
      const meta = (t.meta ?? {}) as { overlay?: number; focus?: boolean; panel?: string };
      const xs = Array.from(t.x ?? []);
      return {
        name: t.name ?? '',
        overlay: typeof meta.overlay === 'number' ? meta.overlay : null,
        focus: meta.focus === true,
        panel: meta.panel ?? null,
        points: xs.length,
        xMin: xs.length ? Math.min(...xs) : NaN,
        xMax: xs.length ? Math.max(...xs) : NaN,
      };
    });
  });
}

/** Resolves once the plot shows `fileId` with exactly these references overlaid (in drawing order; none: no overlay). */
export async function overlayDrawn(page: Page, fileId: number, references: readonly number[], timeoutMs = 30_000): Promise<void> {
  const want = references.length ? `${fileId}:${references.join(',')}` : '';
  await page.waitForFunction((w) => document.querySelector<HTMLElement>('[data-testid="signal-plot"]')?.dataset.overlays === w, want, { timeout: timeoutMs });
}

/**
 * The benchmark's measure: milliseconds from the last `udw:open` of `fileId` to the first draw of it with
 * its references overlaid (`udw:overlay-plotted`), null when either mark is missing. Turn the overlay on
 * (the `o` key) before opening the file, then open it (`n`, a strip tile, the catalog) and await
 * overlayDrawn(page, fileId, [previous, next]) first.
 */
export function overlayOpenMs(page: Page, fileId: number): Promise<number | null> {
  return page.evaluate((id) => {
    const detail = (m: PerformanceEntry) => (m as PerformanceMark).detail as { fileId?: number } | null;
    const opens = performance.getEntriesByName('udw:open').filter((m) => detail(m)?.fileId === id);
    const open = opens.at(-1);
    if (!open) return null;
    const plotted = performance.getEntriesByName('udw:overlay-plotted').find((m) => detail(m)?.fileId === id && m.startTime >= open.startTime);
    return plotted ? plotted.startTime - open.startTime : null;
  }, fileId);
}
