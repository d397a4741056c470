/**
 * Metadata sections → label/value blocks (DOMAIN §4.1-4.10, §8.2 step 4), then the typed summaries of
 * `SetitecFile` (version, date, head, box, motor, program, results, step results).
 *
 * Rules, each from a real failure of naive parsers (DOMAIN §8.1):
 * - a row is a *label row* when none of its cells is a number, boolean, `Inf` or date; value rows attach
 *   to the most recent label row, so pairs (`Head Datas` with 3 pairs) and tables (`Program`) are one rule;
 * - cells stay positional: an empty `BOX STSE` must not shift `BOX Firmware Version`;
 * - a label row continued by a label row that repeats its last name is one header (v4 Control Box, split
 *   by 47 blank lines);
 * - `Comment` is a lone label whose free-text value is the next line, often blank or all spaces;
 * - `External Infos` has a numeric label row (`00 … 09`), so it alternates label/value by position;
 * - a glued `Stroke Limit (A)Thrust Limit (A)` label is split back into two names.
 */
import { PROGRAM_SETTINGS, programSettings } from './programSettings';
import type { RawLine, RawSection } from './sections';
import { canon } from './sections';
import type { Irregularity, MetaBlock, MetaValue, ProgramStep, Section, SetitecFile, StepResult } from './types';
import { asBoolean, asNumber, asText, isValueLike, parseSetitecDate, typeValue } from './values';

/** Section names the format defines (DOMAIN §4), compared case-insensitively. */
export const KNOWN_SECTIONS = [
  'General Infos',
  'Control Box Datas',
  'Motor Datas',
  'Head Datas',
  'Pset',
  'Cycle Parameters',
  'Program',
  'External Infos',
  'Results',
  'Step Results',
  'Datas',
] as const;

const KNOWN = new Set(KNOWN_SECTIONS.map(canon));

export function isKnownSection(name: string): boolean {
  return KNOWN.has(canon(name));
}

function isLabelRow(cells: readonly string[]): boolean {
  for (const c of cells) if (isValueLike(c)) return false;
  return true;
}

/**
 * Split labels glued by a missing separator: `Stroke Limit (A)Thrust Limit (A)` → two names. A name never
 * continues with a letter right after its closing unit parenthesis, so that is the cut.
 */
function unglue(cells: readonly string[], section: string, line: number, irr: Irregularity[]): string[] {
  const out: string[] = [];
  for (const c of cells) {
    if (c.length <= 500 && /\)(?=[A-Za-z])/.test(c)) {
      const parts = c.replace(/\)(?=[A-Za-z])/g, ')\u0001').split('\u0001').map((p) => p.trim());
      irr.push({
        code: 'glued_header',
        message: `label '${c}' holds ${parts.length} names glued together; split into ${parts.map((p) => `'${p}'`).join(', ')}`,
        section,
        line,
      });
      out.push(...parts);
    } else {
      out.push(c);
    }
  }
  return out;
}

function makeBlock(names: string[], line: number, cells: readonly string[], valueLine: number | undefined): MetaBlock {
  const width = Math.max(names.length, cells.length);
  const raw: string[] = [];
  const values: MetaValue[] = [];
  for (let k = 0; k < width; k++) {
    const cell = cells[k] ?? '';
    raw.push(cell);
    values.push(typeValue(cell, names[k]));
  }
  const block: MetaBlock = { line, names, raw, values };
  if (valueLine !== undefined) block.valueLine = valueLine;
  return block;
}

function nextNonBlank(rows: readonly RawLine[], from: number): number {
  for (let j = from; j < rows.length; j++) if (rows[j]!.cells.length > 0) return j;
  return -1;
}

/** `External Infos`: label row, value row, by position; values are free text (space-padded) kept raw. */
function alternatingBlocks(rows: readonly RawLine[]): MetaBlock[] {
  const lines = rows.filter((r) => r.cells.length > 0);
  const blocks: MetaBlock[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    const label = lines[i]!;
    const value = lines[i + 1];
    const names = [...label.cells];
    const cells = value ? value.cells : [];
    const width = Math.max(names.length, cells.length);
    const raw: string[] = [];
    for (let k = 0; k < width; k++) raw.push(cells[k] ?? '');
    const block: MetaBlock = { line: label.line, names, raw, values: raw.map((c) => (c.length > 0 ? c : null)) };
    if (value) block.valueLine = value.line;
    blocks.push(block);
  }
  return blocks;
}

/** Label rows with their value rows, for every section except Datas and External Infos. */
function pairedBlocks(section: string, rows: readonly RawLine[], irr: Irregularity[]): MetaBlock[] {
  const blocks: MetaBlock[] = [];
  let current: { names: string[]; line: number; used: boolean; misaligned: boolean } | null = null;
  const closeCurrent = (): void => {
    // A label row nobody filled (a lone label): keep it, with empty values, so nothing disappears.
    if (current && !current.used) blocks.push(makeBlock(current.names, current.line, [], undefined));
    current = null;
  };
  for (let idx = 0; idx < rows.length; idx++) {
    const r = rows[idx]!;
    if (r.cells.length === 0) continue;
    if (isLabelRow(r.cells)) {
      closeCurrent();
      const names = unglue(r.cells, section, r.line, irr);
      // v4 Control Box: label row, blank lines, then a label row that repeats the last name and goes on.
      // (push, not concat, and one report: a damaged file may chain thousands of such rows.)
      let merged = 0;
      let lastContLine = r.line;
      for (;;) {
        const j = nextNonBlank(rows, idx + 1);
        if (j < 0) break;
        const cont = rows[j]!.cells;
        if (cont.length < 2 || cont[0] !== names[names.length - 1] || !isLabelRow(cont)) break;
        for (const name of unglue(cont.slice(1), section, rows[j]!.line, irr)) names.push(name);
        merged++;
        lastContLine = rows[j]!.line;
        idx = j;
      }
      if (merged > 0) {
        irr.push({
          code: 'split_header',
          message:
            merged === 1
              ? `label row continues on line ${lastContLine} after ${lastContLine - r.line - 1} lines, repeating '${r.cells[r.cells.length - 1]}'; merged into ${names.length} names`
              : `label row continues on ${merged} later rows (last on line ${lastContLine}); merged into ${names.length} names`,
          section,
          line: r.line,
        });
      }
      if (names.length === 1 && canon(names[0]!) === 'comment') {
        // Free text on the very next line (blank or all spaces when there is no comment), unless that
        // line is the label row of the next pair.
        const nxt = rows[idx + 1];
        let text = '';
        let valueLine: number | undefined;
        if (nxt && nxt.cells.length > 0) {
          const after = nextNonBlank(rows, idx + 2);
          const isNextLabel = isLabelRow(nxt.cells) && after >= 0 && !isLabelRow(rows[after]!.cells);
          if (!isNextLabel) {
            text = nxt.cells.filter((c) => c.length > 0).join(' ');
            valueLine = nxt.line;
            idx++;
          }
        } else if (nxt) {
          valueLine = nxt.line;
        }
        const block: MetaBlock = { line: r.line, names, raw: [text], values: [text.length > 0 ? text : null] };
        if (valueLine !== undefined) block.valueLine = valueLine;
        blocks.push(block);
        continue;
      }
      current = { names, line: r.line, used: false, misaligned: false };
      continue;
    }
    const cur: { names: string[]; line: number; used: boolean; misaligned: boolean } | null = current;
    if (!cur) {
      irr.push({ code: 'misaligned', message: `value row without a label row; kept with no names`, section, line: r.line });
      blocks.push(makeBlock([], r.line, r.cells, r.line));
      continue;
    }
    cur.used = true;
    if (r.cells.length !== cur.names.length && !cur.misaligned) {
      cur.misaligned = true;
      irr.push({
        code: 'misaligned',
        message: `${r.cells.length} values for ${cur.names.length} names (label row line ${cur.line}); kept positional, values after a missing one may be shifted`,
        section,
        line: r.line,
      });
    }
    blocks.push(makeBlock(cur.names, cur.line, r.cells, r.line));
  }
  closeCurrent();
  return blocks;
}

/** Turn one raw metadata section into its typed form. */
export function buildSection(raw: RawSection, irr: Irregularity[]): Section {
  const kind = canon(raw.name);
  const rawLines = raw.lines.filter((l) => l.cells.length > 0).map((l) => l.cells);
  if (!KNOWN.has(kind)) {
    irr.push({ code: 'unknown_section', message: `unknown section '${raw.name}' kept raw`, section: raw.name, line: raw.line });
  }
  const blocks = kind === 'external infos' ? alternatingBlocks(raw.lines) : pairedBlocks(raw.name, raw.lines, irr);
  return { name: raw.name, line: raw.line, blocks, rawLines };
}

// ---------------------------------------------------------------------------------------------------
// Summaries

function findSection(sections: readonly Section[], name: string): Section | undefined {
  const c = canon(name);
  return sections.find((s) => canon(s.name) === c);
}

interface FieldHit {
  raw: string;
  value: MetaValue;
}

/**
 * Canonical name → first index, built once per names array (field lookups run many times per file). Keyed
 * by the array, not the block: the value rows of a table (Program, Step Results) share their label row's.
 */
const namesIndex = new WeakMap<readonly string[], Map<string, number>>();

function indexOf(block: MetaBlock): Map<string, number> {
  const names = block.names;
  let idx = namesIndex.get(names);
  if (!idx) {
    idx = new Map();
    for (let k = 0; k < names.length; k++) {
      const c = canon(names[k]!);
      if (!idx.has(c)) idx.set(c, k);
    }
    namesIndex.set(names, idx);
  }
  return idx;
}

function blockField(block: MetaBlock, names: readonly string[]): FieldHit | null {
  const idx = indexOf(block);
  for (const name of names) {
    const k = idx.get(canon(name));
    if (k !== undefined) return { raw: block.raw[k] ?? '', value: block.values[k] ?? null };
  }
  return null;
}

/** First occurrence of a field (any of `names`) in a section's blocks. */
export function sectionField(section: Section | undefined, ...names: string[]): FieldHit | null {
  if (!section) return null;
  for (const b of section.blocks) {
    const hit = blockField(b, names);
    if (hit) return hit;
  }
  return null;
}

/** Value of a field by section and name(s), for callers that want more than the summaries. */
export function metaValue(sections: readonly Section[], section: string, ...names: string[]): MetaValue {
  return sectionField(findSection(sections, section), ...names)?.value ?? null;
}

type Summary = Pick<
  SetitecFile,
  'version' | 'date' | 'sampleRateHz' | 'head' | 'box' | 'motor' | 'program' | 'stepResults' | 'results'
>;

function num(b: MetaBlock, ...names: string[]): number | null {
  return asNumber(blockField(b, names)?.value);
}

function programStep(b: MetaBlock): ProgramStep | null {
  const stepNb = num(b, 'Step Nb', 'Step Number', 'Step');
  if (stepNb === null) return null;
  const fields: Record<string, MetaValue> = {};
  b.names.forEach((name, k) => {
    if (name.length > 0) fields[name] = b.values[k] ?? null;
  });
  return {
    stepNb,
    enabled: asBoolean(blockField(b, ['Step On/Off'])?.value) ?? false,
    ...programSettings((key) => num(b, ...PROGRAM_SETTINGS[key].headers)),
    fields,
  };
}

function stepResult(b: MetaBlock): StepResult | null {
  const stepNumber = num(b, 'Step Number', 'Step Nb');
  const stopCode = num(b, 'Stop Code');
  if (stepNumber === null || stopCode === null) return null;
  return {
    stepNumber,
    stopCode,
    durationS: num(b, 'Duration (s)'),
    distanceM2: num(b, 'Distance M2'),
    m1MaxAmp: num(b, 'M1 Max Amp'),
    m2MaxAmp: num(b, 'M2 Max Amp'),
    m1NoLoadAmp: num(b, 'M1 No Load Amp'),
    m2NoLoadAmp: num(b, 'M2 No Load Amp'),
    gapMaxMm: num(b, 'Gap Max (mm)'),
  };
}

/** Rows of a table section that carry values (label-only blocks skipped). */
function valueBlocks(section: Section | undefined): MetaBlock[] {
  return section ? section.blocks.filter((b) => b.valueLine !== undefined && b.raw.some((c) => c.length > 0)) : [];
}

/** The typed summary fields of a file from its sections. */
export function summarise(sections: readonly Section[]): Summary {
  // First section of each name, indexed once (a damaged file can hold very many sections).
  const byName = new Map<string, Section>();
  for (const s of sections) {
    const c = canon(s.name);
    if (!byName.has(c)) byName.set(c, s);
  }
  const find = (name: string): Section | undefined => byName.get(canon(name));
  const general = find('General Infos');
  const box = find('Control Box Datas');
  const motor = find('Motor Datas');
  const head = find('Head Datas');
  const results = find('Results');

  const dateRaw = asText(sectionField(general, 'Date')?.raw);
  const parsedDate = dateRaw ? parseSetitecDate(dateRaw) : null;
  const text = (s: Section | undefined, ...names: string[]): string | null => asText(sectionField(s, ...names)?.raw);
  const number = (s: Section | undefined, ...names: string[]): number | null => asNumber(sectionField(s, ...names)?.value);

  return {
    version: number(general, 'Version'),
    date: dateRaw ? { raw: dateRaw, iso: parsedDate?.iso ?? null, clockUnset: parsedDate?.clockUnset ?? false } : null,
    sampleRateHz: number(general, 'Sample Rate (Hz)'),
    head: {
      name: text(head, 'Head Name'),
      type: text(head, 'Head Type'),
      tagUid: text(head, 'Head TAG UID'),
      globalCounter: number(head, 'Head Global Counter'),
      localCounter: number(head, 'Head Local Counter', 'Head Local Counter 1'),
    },
    box: { name: text(box, 'BOX Name'), firmware: text(box, 'BOX Firmware Version') },
    motor: { name: text(motor, 'Motor Name'), type: text(motor, 'Motor Type'), sn: text(motor, 'Motor SN') },
    program: valueBlocks(find('Program'))
      .map(programStep)
      .filter((s): s is ProgramStep => s !== null),
    stepResults: valueBlocks(find('Step Results'))
      .map(stepResult)
      .filter((s): s is StepResult => s !== null),
    results: {
      cycleTimeS: number(results, 'Cycle Time (s)'),
      distanceMm: number(results, 'Distance (mm)'),
      cycleOk: asBoolean(sectionField(results, 'Cycle OK')?.value ?? null),
      consumptionWh: number(results, 'Consumption Wh', 'Consumption (Wh)'),
    },
  };
}
