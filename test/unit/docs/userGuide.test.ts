// docs/USER_GUIDE.md and README.md stay true to the app: their pictures are made by the Playwright suite
// (guideShot calls, read from the specs), and the guide's key table is the keymap's.
// UDW_UPDATE_GUIDE=1 rewrites the key table from the keymap instead of failing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../../../src/main/labels/defaultSchema';
import { DEFAULT_KEYMAP } from '../../../src/renderer/state/keymap';
import { imageRefs, keyBlockOf, keyTable, shotNamesIn, shotsMadeBySpecs, unmadeScreenshots, withKeyBlock } from './guideChecks';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const GUIDE = path.join(ROOT, 'docs', 'USER_GUIDE.md');
const README = path.join(ROOT, 'README.md');
const SHOTS = path.join(ROOT, 'docs', 'screenshots');
const made = shotsMadeBySpecs(path.join(ROOT, 'test', 'e2e'));

describe('screenshots of the user guide and the README', () => {
  it('the specs make pictures through guideShot (the scan sees them)', () => {
    expect(made.get('first-run')).toBe('firstRun.spec.ts');
    expect(made.get('catalog')).toBe('guide.spec.ts');
  });

  it.each([
    ['docs/USER_GUIDE.md', GUIDE],
    ['README.md', README],
  ])('every picture %s shows is made by the suite and is in docs/screenshots', (_name, file) => {
    expect(imageRefs(fs.readFileSync(file, 'utf8')).length).toBeGreaterThan(0);
    expect(unmadeScreenshots({ docFile: file, screenshotsDir: SHOTS, made })).toEqual([]);
  });

  it('fails for a picture no spec makes, naming the document, the line and the call expected', () => {
    const markdown = `# Guide\n\n![Catalog](screenshots/catalog.png)\n![Gone](screenshots/no-such-shot.png)\n![Elsewhere](../resources/icon.png)\n`;
    expect(unmadeScreenshots({ docFile: GUIDE, screenshotsDir: SHOTS, made, markdown })).toEqual([
      "USER_GUIDE.md:4: screenshots/no-such-shot.png: no spec in test/e2e makes it (expected a guideShot(page, testInfo, 'no-such-shot') call)",
      'USER_GUIDE.md:5: ../resources/icon.png: expected a .png in screenshots/ (the suite\'s pictures), not another image',
    ]);
  });

  it('reads names from guideShot calls only, literal or in a conditional, and not from other calls', () => {
    const spec = [
      "await guideShot(page, testInfo, 'first-run');",
      "await guideShot(page, testInfo, dark ? 'view-dark' : \"view-light\", { fullPage: true });",
      "await page.screenshot({ path: 'not-a-guide-shot' });",
      'await guideShot(page, testInfo, `made-${n}`);',
    ].join('\n');
    expect(shotNamesIn(spec)).toEqual(['first-run', 'view-dark', 'view-light']);
  });

  it('finds Markdown and HTML images with their lines', () => {
    expect(imageRefs('a\n![x](screenshots/a.png "title")\n<img alt="b" src="screenshots/b.png">')).toEqual([
      { line: 2, target: 'screenshots/a.png' },
      { line: 3, target: 'screenshots/b.png' },
    ]);
  });
});

describe("the guide's key table", () => {
  const expected = keyTable(DEFAULT_KEYMAP, DEFAULT_SCHEMA);

  it('is the one the keymap and the default label schema give', () => {
    const text = fs.readFileSync(GUIDE, 'utf8');
    if (process.env.UDW_UPDATE_GUIDE === '1' && keyBlockOf(text) !== null) fs.writeFileSync(GUIDE, withKeyBlock(text, expected));
    const block = keyBlockOf(fs.readFileSync(GUIDE, 'utf8'));
    expect(block, 'docs/USER_GUIDE.md: expected the key-table markers (<!-- keys:begin … --> … <!-- keys:end -->)').not.toBeNull();
    expect(block, 'docs/USER_GUIDE.md: the key table differs from the keymap; UDW_UPDATE_GUIDE=1 npx vitest run test/unit/docs/userGuide.test.ts rewrites it').toBe(expected);
  });

  it('changes when a key does (the check can fail)', () => {
    const moved = keyTable({ ...DEFAULT_KEYMAP, undoAlt: 'q' }, DEFAULT_SCHEMA);
    expect(moved).not.toBe(expected);
    expect(moved).toContain('| `q` | Undo (alternative) |');
    expect(expected).toContain('| `e` | place a point: Entry |');
    expect(expected).toContain('| `Ctrl+Shift+z` | Redo |');
  });
});
