/**
 * Fixtures of the review tests: generated Setitec files whose names alternate short and very long (so a layout
 * that follows the name's length shows), in a folder of their own with a unique token to filter the catalog
 * by keyboard; and a page-side counter of pointer events, to prove a test used the keyboard only.
 */
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeLatin1, generateSetitec } from '../../src/shared/setitec/generator/index';

export const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** Longer than any header at 1920 px shows whole: the middle must give way. Ends like a real hole identity. */
const LONG_STEM = `E00401009F45C395_114-V3-002-MQ_${'LONGCOMMENTFIELD_'.repeat(7)}ST_1846`;

export interface ReviewFolder {
  dir: string;
  /** A word only this folder's path contains: typed into the catalog search, it shows these files only. */
  token: string;
  /** File names in the catalog's default order (folder, then name). */
  names: string[];
  cleanup(): void;
}

/** `count` files, short and long names alternating in name order (a_…, b_…, …). */
export function writeReviewFolder(tag: string, count = 4): ReviewFolder {
  const token = `rvw${tag}${process.pid}x${Date.now().toString(36)}`;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-e2e-review-'));
  const dir = path.join(root, token);
  fs.mkdirSync(dir);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const letter = String.fromCharCode(97 + i);
    const name = i % 2 === 0 ? `${letter}${i + 1}.xls` : `${letter}_${LONG_STEM}_${i + 10}.xls`;
    const g = generateSetitec({ seed: 8100 + i, version: 9, rows: 1500, globalCounter: 1846 + i });
    fs.writeFileSync(path.join(dir, name), encodeLatin1(g.text));
    names.push(name);
  }
  return { dir, token, names, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Count trusted pointer, mouse and wheel events on the page from its first script on. */
export async function countPointerEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __pointerEvents: string[] };
    w.__pointerEvents = [];
    for (const type of ['pointerdown', 'pointerup', 'pointermove', 'mousedown', 'mouseup', 'mousemove', 'click', 'dblclick', 'wheel', 'contextmenu']) {
      window.addEventListener(
        type,
        (e) => {
          // A click synthesised by a key (Enter/Space on a button) has detail 0; a real one says how many clicks.
          if (e.isTrusted && !(type === 'click' && (e as MouseEvent).detail === 0)) w.__pointerEvents.push(type);
        },
        true,
      );
    }
  });
}

export async function pointerEvents(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __pointerEvents: string[] }).__pointerEvents);
}

/** Press Tab until the element matching the CSS `selector` has the focus (keyboard only); fails after `max` presses. */
export async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`tabTo: '${selector}' did not get the focus after ${max} Tab presses`);
}
