/**
 * The one way a spec makes a picture that docs/USER_GUIDE.md or README.md shows. Every run of the spec (and so
 * every `npm test`) writes it to docs/screenshots/<name>.png, rewriting the file only when the picture
 * changed, and to test-results/screenshots/<name>.png, and attaches it to the report: a changed screen
 * changes the guide in the same commit. test/unit/docs/userGuide.test.ts reads the specs for calls of
 * `guideShot` with literal names to check that every picture the documents show is still made; keep the name
 * a string literal (a conditional of literals is fine) so that scan stays exact.
 *
 * UDW_KEEP_DOCS_SCREENSHOTS=1 leaves docs/screenshots alone (e.g. a run on a machine whose fonts differ).
 */
import type { Page, TestInfo } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DOCS_SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');
export const RUN_SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

/** The window the guide's pictures are taken in (the light theme is the test browser's default). */
export const GUIDE_VIEWPORT = { width: 1366, height: 768 } as const;

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export async function guideShot(page: Page, testInfo: TestInfo, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  if (!NAME.test(name)) throw new Error(`guideShot: '${name}' is not a screenshot name (expected lower-case words joined by '-', e.g. 'first-run')`);
  const body = await page.screenshot({ fullPage: opts.fullPage ?? false, animations: 'disabled', caret: 'hide' });
  await testInfo.attach(name, { body, contentType: 'image/png' });
  fs.mkdirSync(RUN_SCREENSHOTS, { recursive: true });
  fs.writeFileSync(path.join(RUN_SCREENSHOTS, `${name}.png`), body);
  if (process.env.UDW_KEEP_DOCS_SCREENSHOTS === '1') return;
  const doc = path.join(DOCS_SCREENSHOTS, `${name}.png`);
  fs.mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  if (!fs.existsSync(doc) || !fs.readFileSync(doc).equals(body)) fs.writeFileSync(doc, body);
}
