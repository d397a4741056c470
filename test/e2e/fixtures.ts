/**
 * End-to-end fixtures: a real back end on a temporary catalog, served by the real web host, and a page
 * that fails the test on any console error or uncaught exception.
 */
import { test as base, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend, type Backend } from '../../src/main/backend/createBackend';
import { startHttpHost, type HttpHost } from '../../src/main/host/httpHost';

export interface WebHostFixture {
  backend: Backend;
  host: HttpHost;
  dir: string;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = path.join(ROOT, 'out', 'renderer');

export async function startWebHost(): Promise<WebHostFixture> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-e2e-'));
  const backend = createBackend({ host: 'web', catalogPath: path.join(dir, 'catalog.sqlite'), projectRoot: ROOT });
  const host = await startHttpHost({ backend, staticDir: RENDERER_DIR });
  return { backend, host, dir };
}

export async function stopWebHost(f: WebHostFixture): Promise<void> {
  await f.host.close();
  await f.backend.dispose();
  fs.rmSync(f.dir, { recursive: true, force: true });
}

export const test = base.extend<{ consoleErrors: string[] }, { web: WebHostFixture }>({
  web: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const f = await startWebHost();
      await use(f);
      await stopWebHost(f);
    },
    { scope: 'worker' },
  ],
  // Automatic: every test fails on a console error or an uncaught exception, whether it asks or not.
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
      await use(errors);
      expect(errors, 'console errors on the page').toEqual([]);
    },
    { auto: true },
  ],
});

export async function openApp(page: Page, web: WebHostFixture): Promise<void> {
  const rendered = page.waitForEvent('console', (m) => m.text() === 'App rendered');
  await page.goto(web.host.openUrl);
  await rendered;
}

export { expect };
