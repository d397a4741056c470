/**
 * Entry points of the Setitec parser. Bytes or text in, `{ ok: true, file }` or `{ ok: false, error }`
 * out; never throws, whatever the input (DOMAIN §8.2 is the recipe, the stages live in their own files):
 *
 *   decode.ts    bytes → cleaned one-byte-per-char source (binary/UTF-16 rejected, NUL and CR handled)
 *   sections.ts  lines → `*** Name ***` sections; the Datas section is handed to
 *   datas.ts     byte scanner → Float64Array columns, header mismatches resolved
 *   metadata.ts  label/value blocks → typed summaries
 *   crosscheck.ts  Step Results vs Datas
 */
import { cleanBytes, cleanText, detectInput } from './decode';
import type { CleanSource, InputKind } from './decode';
import { scanDatas } from './datas';
import { ParseFailure, toParseError } from './errors';
import { buildSection, sectionField, summarise } from './metadata';
import { canon, detectSeparator, walkSections } from './sections';
import type { RawSection } from './sections';
import { checkStepResults } from './crosscheck';
import type { Irregularity, ParseOptions, ParseResult, Section, SetitecFile, SignalTable } from './types';
import { asNumber } from './values';

const EXPECTED_FILE = "a Setitec text export (Latin-1 text in '*** Name ***' sections)";

function failure(source: string, line: number, expected: string, found: string): ParseResult {
  return { ok: false, error: toParseError(source, new ParseFailure(line, expected, found)) };
}

function fromException(e: unknown, source: string): ParseResult {
  if (e instanceof ParseFailure) return { ok: false, error: toParseError(source, e) };
  // A bug or an engine limit (e.g. out of memory): still one clear message, never a throw.
  const msg = e instanceof Error ? e.message : String(e);
  return failure(source, 0, EXPECTED_FILE, `input the parser could not handle (internal error: ${msg})`);
}

function rejectKind(kind: InputKind): boolean {
  return kind !== 'text';
}

/** Parse the bytes of a Setitec export (`.xls` text, Latin-1). */
export function parseSetitec(bytes: Uint8Array, source: string, opts: ParseOptions = {}): ParseResult {
  try {
    const det = detectInput(bytes);
    if (rejectKind(det.kind)) {
      const hint = det.kind === 'zip' ? '; open .xlsx workbooks with parseSetitecAny' : '';
      return failure(source, 0, EXPECTED_FILE, det.found + hint);
    }
    return parseClean(cleanBytes(bytes), source, opts);
  } catch (e) {
    return fromException(e, source);
  }
}

/** Parse an export that is already text (a converted workbook, a fixture). */
export function parseSetitecText(text: string, source: string, opts: ParseOptions = {}): ParseResult {
  try {
    // Same binary/UTF-16 screening as for bytes, on a one-byte image of the first 8 KiB.
    const m = Math.min(text.length, 8192);
    const head = new Uint8Array(m);
    for (let i = 0; i < m; i++) {
      const c = text.charCodeAt(i);
      head[i] = c < 256 ? c : 0x3f;
    }
    const det = detectInput(head);
    if (rejectKind(det.kind)) return failure(source, 0, EXPECTED_FILE, det.found);
    return parseClean(cleanText(text), source, opts);
  } catch (e) {
    return fromException(e, source);
  }
}

/** `Version` of General Infos among the sections walked so far (picks the Datas layout). */
function versionOf(sections: readonly RawSection[]): number | null {
  const raw = sections.find((s) => canon(s.name) === 'general infos');
  if (!raw) return null;
  const built = buildSection(raw, []);
  return asNumber(sectionField(built, 'Version')?.value ?? null);
}

function parseClean(src: CleanSource, source: string, opts: ParseOptions): ParseResult {
  const irregularities: Irregularity[] = [];
  const separator = detectSeparator(src.bytes);
  let table: SignalTable | null = null;

  const walk = walkSections(src, separator, (start, line, soFar) => {
    const sectionLine = line - 1;
    if (table !== null) {
      // A second table: scan it so the walk can go on, keep the first.
      const scan = scanDatas({ src, separator, version: null, sectionLine, irregularities: [] }, start, line);
      irregularities.push({ code: 'unknown_section', message: 'second Datas section ignored', section: 'Datas', line: sectionLine });
      return { next: scan.next, nextLine: scan.nextLine };
    }
    const scan = scanDatas({ src, separator, version: versionOf(soFar), sectionLine, irregularities, borrow: opts.borrowSignals }, start, line);
    table = scan.table;
    return { next: scan.next, nextLine: scan.nextLine };
  });

  if (walk.sections.length === 0) {
    throw new ParseFailure(0, EXPECTED_FILE, "text without any '*** Name ***' section header");
  }
  const data = table as SignalTable | null;
  if (data === null) {
    const names = walk.sections.map((s) => s.name).join(', ');
    throw new ParseFailure(walk.lineCount, "a '*** Datas ***' section with the signal table", `none (end of file after sections ${names})`);
  }
  if (walk.preamble.length > 0) {
    irregularities.push({
      code: 'trailing_garbage',
      message: `${walk.preamble.length} line(s) of text before the first section header ignored`,
      line: walk.preamble[0]!.line,
    });
  }

  const sections: Section[] = walk.sections.map((raw) =>
    canon(raw.name) === 'datas' ? { name: raw.name, line: raw.line, blocks: [] } : buildSection(raw, irregularities),
  );
  const summary = summarise(sections);
  const file: SetitecFile = {
    source,
    version: summary.version,
    separator,
    date: summary.date,
    sampleRateHz: summary.sampleRateHz,
    sections,
    head: summary.head,
    box: summary.box,
    motor: summary.motor,
    program: summary.program,
    stepResults: summary.stepResults,
    results: summary.results,
    data,
    irregularities,
  };

  reportDecoding(src, sections, irregularities);
  const check = checkStepResults(file);
  if (check && !check.agree) {
    const sr = sections.find((s) => canon(s.name) === 'step results');
    irregularities.push({
      code: 'step_results_mismatch',
      message: `Step Results disagree with Datas: ${check.mismatches.join('; ')}`,
      section: sr?.name ?? 'Step Results',
      line: sr?.line ?? 0,
    });
  }
  return { ok: true, file };
}

/** Irregularities found while decoding, attributed to the section holding each line. */
function reportDecoding(src: CleanSource, sections: readonly Section[], irr: Irregularity[]): void {
  // Sections are in file order: binary search for the last one starting at or before the line.
  const sectionAt = (line: number): string | undefined => {
    let lo = 0;
    let hi = sections.length - 1;
    let found: string | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sections[mid]!.line <= line) {
        found = sections[mid]!.name;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  };
  for (const line of src.nulLines) {
    irr.push({ code: 'nul_stripped', message: 'raw NUL byte removed', section: sectionAt(line), line });
  }
  for (const line of src.literalNulLines) {
    irr.push({ code: 'nul_stripped', message: "literal text '\\u0000' removed", section: sectionAt(line), line });
  }
  for (const line of src.replacementLines) {
    irr.push({
      code: 'replacement_char',
      message: 'UTF-8 replacement character (EF BF BD) where a Latin-1 character was lost in re-encoding',
      section: sectionAt(line),
      line,
    });
  }
  if (src.lineEndingsNormalised) {
    irr.push({ code: 'line_endings', message: 'CRLF/CR line ends normalised to LF' });
  }
}
