/**
 * What keeps docs/USER_GUIDE.md and README.md true to the app: every picture they show is one the Playwright
 * suite makes (a `guideShot(page, testInfo, 'name')` call in test/e2e/*.spec.ts, read statically), and the
 * guide's key table is the one the keymap and the default label schema give.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LabelSchema } from '../../../src/shared/api/labels.contract';
import { ACTION_TITLES, displayHotkey, VIEW_ACTIONS, type Keymap } from '../../../src/renderer/state/keymap';

/** The text of each call's argument list, from after `name(` to its closing parenthesis (strings skipped). */
function callArguments(source: string, name: string): string[] {
  const out: string[] = [];
  const start = new RegExp(`\\b${name}\\s*\\(`, 'g');
  for (let m = start.exec(source); m; m = start.exec(source)) {
    let depth = 1;
    let i = m.index + m[0].length;
    const from = i;
    while (i < source.length && depth > 0) {
      const ch = source[i]!;
      if (ch === "'" || ch === '"' || ch === '`') {
        const end = source.indexOf(ch, i + 1);
        i = end < 0 ? source.length : end;
      } else if (ch === '(') depth++;
      else if (ch === ')') depth--;
      i++;
    }
    out.push(source.slice(from, i - 1));
  }
  return out;
}

/** Screenshot names the specs make: every plain string literal among the arguments of a `guideShot` call. */
export function shotNamesIn(source: string): string[] {
  const names: string[] = [];
  for (const args of callArguments(source, 'guideShot')) for (const m of args.matchAll(/'([a-z0-9-]+)'|"([a-z0-9-]+)"/g)) names.push(m[1] ?? m[2]!);
  return names;
}

/** Every name made by the specs in `e2eDir`, with the spec that makes it. */
export function shotsMadeBySpecs(e2eDir: string): Map<string, string> {
  const made = new Map<string, string>();
  for (const file of fs.readdirSync(e2eDir).filter((f) => f.endsWith('.spec.ts')).sort()) {
    for (const name of shotNamesIn(fs.readFileSync(path.join(e2eDir, file), 'utf8'))) if (!made.has(name)) made.set(name, file);
  }
  return made;
}

export interface ImageRef {
  line: number;
  target: string;
}

/** Images a Markdown text shows: `![alt](target)` and `<img src="target">`, with their lines. */
export function imageRefs(markdown: string): ImageRef[] {
  const refs: ImageRef[] = [];
  markdown.split('\n').forEach((text, i) => {
    for (const m of text.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|<img\b[^>]*\bsrc=["']([^"']+)["']/g)) refs.push({ line: i + 1, target: m[1] ?? m[2]! });
  });
  return refs;
}

/**
 * Every picture of `docFile` that the suite does not make, as messages naming the document, the line and what
 * was expected. `markdown` defaults to the file's text (a test passes a doctored one to see the check fail).
 */
export function unmadeScreenshots(opts: { docFile: string; screenshotsDir: string; made: ReadonlyMap<string, string>; markdown?: string }): string[] {
  const text = opts.markdown ?? fs.readFileSync(opts.docFile, 'utf8');
  const problems: string[] = [];
  for (const ref of imageRefs(text)) {
    const where = `${path.basename(opts.docFile)}:${ref.line}: ${ref.target}`;
    const file = path.resolve(path.dirname(opts.docFile), ref.target);
    if (path.dirname(file) !== path.resolve(opts.screenshotsDir) || !file.endsWith('.png')) {
      problems.push(`${where}: expected a .png in ${path.relative(path.dirname(opts.docFile), opts.screenshotsDir) || '.'}/ (the suite's pictures), not another image`);
      continue;
    }
    const name = path.basename(file, '.png');
    if (!opts.made.has(name)) problems.push(`${where}: no spec in test/e2e makes it (expected a guideShot(page, testInfo, '${name}') call)`);
    else if (!fs.existsSync(file)) problems.push(`${where}: made by ${opts.made.get(name)!} but not in ${opts.screenshotsDir}; run that spec`);
  }
  return problems;
}

export const KEYS_BEGIN = '<!-- keys:begin (generated from src/renderer/state/keymap.ts and the default label schema; test/unit/docs/userGuide.test.ts) -->';
export const KEYS_END = '<!-- keys:end -->';

const code = (hotkey: string): string => `\`${displayHotkey(hotkey)}\``;

/** The guide's key table: the label classes' hotkeys, then every view action with its default key. */
export function keyTable(keymap: Keymap, schema: LabelSchema): string {
  const lines = ['| key | what it does |', '|---|---|'];
  const kinds: Record<string, string> = { point: 'place a point', range: 'start, then end a range', attribute: 'go to the file attribute' };
  for (const c of schema.classes) if (c.hotkey) lines.push(`| ${code(c.hotkey)} | ${kinds[c.kind] ?? c.kind}: ${c.name} |`);
  for (const action of VIEW_ACTIONS) lines.push(`| ${code(keymap[action])} | ${ACTION_TITLES[action].replace(/\|/g, '\\|')} |`);
  return lines.join('\n');
}

/** The text between the key-table markers, or null when the markers are missing or out of order. */
export function keyBlockOf(markdown: string): string | null {
  const a = markdown.indexOf(KEYS_BEGIN);
  const b = markdown.indexOf(KEYS_END);
  if (a < 0 || b < a) return null;
  return markdown.slice(a + KEYS_BEGIN.length, b).trim();
}

export function withKeyBlock(markdown: string, table: string): string {
  const a = markdown.indexOf(KEYS_BEGIN);
  const b = markdown.indexOf(KEYS_END);
  return `${markdown.slice(0, a + KEYS_BEGIN.length)}\n${table}\n${markdown.slice(b)}`;
}
