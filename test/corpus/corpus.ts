/**
 * Access to the shared Setitec corpus (`../shared/setitec` from the repository root). It is third-party
 * data beside the project, never copied into it: tests that need it skip with a clear message when it
 * is absent (a fresh clone without the shared folder).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/** Repository root: this file lives in `<root>/test/corpus/`. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** `../shared/setitec` from the repository root; SETITEC_CORPUS overrides it (e.g. to check the skip path). */
export const CORPUS_DIR = path.resolve(process.env.SETITEC_CORPUS ?? path.join(REPO_ROOT, '..', 'shared', 'setitec'));
export const HAS_CORPUS = fs.existsSync(CORPUS_DIR) && fs.statSync(CORPUS_DIR).isDirectory();
export const SKIP_MESSAGE = `corpus not found at ${CORPUS_DIR}, skipped`;

/** `describe` when the corpus exists, otherwise `describe.skip` with a title that says why. */
export function describeCorpus(name: string, fn: () => void): void {
  if (HAS_CORPUS) describe(name, fn);
  else describe.skip(`${name} (${SKIP_MESSAGE})`, fn);
}

let cached: string[] | null = null;

/** Corpus files as paths relative to CORPUS_DIR (`TUHH/001_V1/V1_001.xls`), sorted. */
export function listCorpusFiles(): string[] {
  if (cached) return cached;
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(path.relative(CORPUS_DIR, p).split(path.sep).join('/'));
    }
  };
  if (HAS_CORPUS) walk(CORPUS_DIR);
  cached = out.sort();
  return cached;
}

/** Bytes of a corpus file as a plain Uint8Array view. */
export function readCorpus(rel: string): Uint8Array {
  const b = fs.readFileSync(path.join(CORPUS_DIR, rel));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Latin-1 text of a corpus file, decoded by Node (independent of the parser's own decoder). */
export function readCorpusText(rel: string): string {
  return fs.readFileSync(path.join(CORPUS_DIR, rel)).toString('latin1');
}

/**
 * A deliberately naive reading of one file's signal table, for cross-checking the parser: the line after
 * the one starting `Position (mm)` begins the rows; each row is split on the file's separator and every
 * cell read with `Number(cell.replace(',', '.'))`. Only valid on the real corpus (no header mismatch
 * handling, no error handling).
 */
export interface NaiveTable {
  separator: '\t' | ';';
  /** 1-based line of the header row. */
  headerLine: number;
  /** Raw header cells, trailing empties dropped. */
  header: string[];
  rows: string[];
}

export function naiveTable(text: string): NaiveTable {
  const lines = text.split('\n');
  const firstLine = lines[0] ?? '';
  const separator: '\t' | ';' = firstLine.split(';').length > firstLine.split('\t').length ? ';' : '\t';
  const h = lines.findIndex((l) => l.startsWith('Position (mm)'));
  const header = lines[h]!.split(separator).map((c) => c.trim());
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  const rows = lines.slice(h + 1).filter((l) => l.trim().length > 0);
  return { separator, headerLine: h + 1, header, rows };
}

export function naiveRow(line: string, separator: string): number[] {
  return line.split(separator).map((c) => Number(c.trim().replace(',', '.')));
}
