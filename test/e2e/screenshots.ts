/**
 * The one way a spec makes a picture that docs/USER_GUIDE.md or README.md shows. Every run of the spec (and so
 * every `npm test`) writes it to docs/screenshots/<name>.png, rewriting the file only when the picture
 * changed (more than a few anti-aliased edge pixels: see samePicture), and to test-results/screenshots/<name>.png, and attaches it to the report: a changed screen
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

/** Pixels whose colour differs by more than this (0–255, any channel) count as changed. */
const CHANNEL_TOLERANCE = 24;
/** A picture with at most this share of changed pixels is the same picture (text anti-aliasing varies run to run). */
const CHANGED_SHARE = 0.0005;

/**
 * Whether two PNGs show the same picture: same size, and at most CHANGED_SHARE of the pixels changed by more
 * than CHANNEL_TOLERANCE. Decoded by the test's own Chromium (createImageBitmap on the bytes, no data URL the
 * page's CSP would refuse), so no image library is needed; the page is not touched.
 */
async function samePicture(page: Page, a: Buffer, b: Buffer): Promise<boolean> {
  return await page.evaluate(
    async ({ a64, b64, tolerance, share }) => {
      const decode = async (text: string): Promise<ImageData> => {
        const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [x, y] = await Promise.all([decode(a64), decode(b64)]);
      if (x.width !== y.width || x.height !== y.height) return false;
      let changed = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        if (Math.abs(x.data[i]! - y.data[i]!) > tolerance || Math.abs(x.data[i + 1]! - y.data[i + 1]!) > tolerance || Math.abs(x.data[i + 2]! - y.data[i + 2]!) > tolerance) changed++;
      }
      return changed <= share * x.width * x.height;
    },
    { a64: a.toString('base64'), b64: b.toString('base64'), tolerance: CHANNEL_TOLERANCE, share: CHANGED_SHARE },
  );
}

export async function guideShot(page: Page, testInfo: TestInfo, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  if (!NAME.test(name)) throw new Error(`guideShot: '${name}' is not a screenshot name (expected lower-case words joined by '-', e.g. 'first-run')`);
  const body = await page.screenshot({ fullPage: opts.fullPage ?? false, animations: 'disabled', caret: 'hide' });
  await testInfo.attach(name, { body, contentType: 'image/png' });
  fs.mkdirSync(RUN_SCREENSHOTS, { recursive: true });
  fs.writeFileSync(path.join(RUN_SCREENSHOTS, `${name}.png`), body);
  if (process.env.UDW_KEEP_DOCS_SCREENSHOTS === '1') return;
  const doc = path.join(DOCS_SCREENSHOTS, `${name}.png`);
  fs.mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  const before = fs.existsSync(doc) ? fs.readFileSync(doc) : null;
  if (before && (before.equals(body) || (await samePicture(page, before, body)))) return;
  fs.writeFileSync(doc, body);
}
