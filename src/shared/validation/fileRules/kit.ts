/**
 * What the file rules share: where a finding points (section, line, column, sample, step), number
 * formatting for messages, and `rule()`, which turns a rule's description and check into a `FileRule`.
 * Pure TypeScript.
 */
import type { StepSegment } from '../../setitec/segments';
import type { SetitecFile } from '../../setitec/types';
import type { FileRule, Finding, FindingLocation, RuleInfo, Severity, ValidationContext } from '../types';

function canon(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function sectionOf(file: SetitecFile, name: string) {
  const c = canon(name);
  return file.sections.find((s) => canon(s.name) === c);
}

/** Location of a metadata field's value (section, value line, column name). */
export function fieldLocation(file: SetitecFile, section: string, field: string): FindingLocation {
  const s = sectionOf(file, section);
  const loc: FindingLocation = { section: s?.name ?? section, column: field };
  if (!s) return loc;
  const f = canon(field);
  for (const b of s.blocks) {
    if (b.names.some((n) => canon(n) === f)) {
      const line = b.valueLine ?? b.line;
      if (line) loc.line = line;
      return loc;
    }
  }
  if (s.line) loc.line = s.line;
  return loc;
}

export function sectionLocation(file: SetitecFile, section: string): FindingLocation {
  const s = sectionOf(file, section);
  const loc: FindingLocation = { section: s?.name ?? section };
  if (s?.line) loc.line = s.line;
  return loc;
}

/** Location of a `Datas` sample (line = header line + 1 + index, as Datas rows have no blank lines). */
export function sampleLocation(file: SetitecFile, index: number, column?: string): FindingLocation {
  const loc: FindingLocation = { section: 'Datas', sample: index };
  if (file.data.headerLine > 0) loc.line = file.data.headerLine + 1 + index;
  if (column) loc.column = column;
  return loc;
}

export function rawName(file: SetitecFile, key: string, fallback: string): string {
  return file.data.columns.find((c) => c.key === key)?.raw ?? fallback;
}

export function fmt(v: number, d = 3): string {
  return Number.isFinite(v) ? String(Math.round(v * 10 ** d) / 10 ** d) : String(v);
}

export function segmentLocation(file: SetitecFile, seg: StepSegment, column?: string): FindingLocation {
  return { ...sampleLocation(file, seg.startIndex, column), step: seg.step };
}

export type CheckFn = (ctx: ValidationContext, emit: (message: string, location: FindingLocation) => void) => void;

/** One finding per parser irregularity of the given codes, where the parser recorded it. */
export function reportIrregularities(file: SetitecFile, codes: readonly string[], emit: Parameters<CheckFn>[1]): void {
  for (const irr of file.irregularities) {
    if (!codes.includes(irr.code)) continue;
    const loc: FindingLocation = {};
    if (irr.section) loc.section = irr.section;
    if (irr.line) loc.line = irr.line;
    emit(irr.message, loc);
  }
}

export function rule(info: Omit<RuleInfo, 'scope'>, fn: CheckFn): FileRule {
  return {
    ...info,
    scope: 'file',
    check(ctx: ValidationContext): Finding[] {
      const out: Finding[] = [];
      fn(ctx, (message, location) => out.push({ ruleId: info.id, severity: info.severity, message, location }));
      return out;
    },
  };
}

export const E: Severity = 'error';
export const W: Severity = 'warning';
export const I: Severity = 'info';
