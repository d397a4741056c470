/**
 * Running the file-level rules: context building, `validateFile`, and the parse-failure finding (V01).
 * Pure TypeScript.
 */
import { depthRange, findColumn, stepSegments } from '../setitec/segments';
import type { ParseError, SetitecFile } from '../setitec/types';
import { parseSetitecFileName } from './fileName';
import { RULES } from './rules';
import type { FileRule, Finding, Severity, ValidationContext } from './types';

export interface ValidateOptions {
  /** Reference time for the "date in the future" check. Default: now (ignored when `context` is given). */
  now?: Date;
  /** Rules to run. Default: all of `RULES`. */
  rules?: readonly FileRule[];
  /**
   * A context already built for this file by {@link buildContext}: lets a caller that needs the step
   * segments or the depth range too (the catalog import) compute them once per file.
   */
  context?: ValidationContext;
}

/** Computes what the rules share (segments, columns, depth range, file-name tokens) once. */
export function buildContext(file: SetitecFile, now: Date = new Date()): ValidationContext {
  const values = (key: string): Float64Array | null => findColumn(file, key)?.values ?? null;
  const position = values('position');
  return {
    file,
    segments: stepSegments(file),
    columns: {
      position,
      torque: values('i_torque'),
      thrust: values('i_thrust'),
      torqueEmpty: values('i_torque_empty'),
      thrustEmpty: values('i_thrust_empty'),
      step: values('step'),
      stopCode: values('stop_code'),
    },
    depth: position ? depthRange(position) : null,
    fileName: parseSetitecFileName(file.source),
    now,
  };
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * All file-level findings (V01–V33) of a parsed file, in rule order. A rule that throws on damaged input
 * reports one warning instead of stopping the others.
 */
export function validateFile(file: SetitecFile, opts: ValidateOptions = {}): Finding[] {
  const ctx = opts.context ?? buildContext(file, opts.now ?? new Date());
  if (ctx.file !== file) throw new Error('validateFile: the context was built for another file');
  const out: Finding[] = [];
  for (const rule of opts.rules ?? RULES) {
    try {
      out.push(...rule.check(ctx));
    } catch (e) {
      out.push({
        ruleId: rule.id,
        severity: 'warning',
        message: `check '${rule.title}' could not run: ${e instanceof Error ? e.message : String(e)}`,
        location: {},
      });
    }
  }
  return out;
}

/** A failed parse as a V01 error finding (the file stays in the catalog, out of training). */
export function findingFromParseError(err: ParseError): Finding {
  const location: Finding['location'] = {};
  if (err.line > 0) location.line = err.line;
  return { ruleId: 'V01', severity: 'error', message: err.message, location };
}

/** Errors exclude a file from training (never from the catalog). */
export function excludesFromTraining(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** Worst severity among findings, or null when there are none. */
export function worstSeverity(findings: readonly Finding[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings) if (worst === null || ORDER[f.severity] < ORDER[worst]) worst = f.severity;
  return worst;
}

/** Counts per severity. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

/** Findings sorted errors first, then warnings, then infos; stable within a severity. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => ORDER[a.f.severity] - ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}
