/**
 * When two copies of a label are "the same", for merging events between catalogs.
 *
 * - Same version: every field but the local file id (which differs between catalogs) is equal, the
 *   annotator and the timestamps included. Each edit stamps who and when, so an event's `before` equals a
 *   catalog's label exactly when that catalog has the very version the edit started from: the edit saw it.
 * - Same content: equal once who and when are left out: two installations that came to the same label (one
 *   adopted the other's version in a conflict, or both made the same correction) agree, whoever typed it.
 *
 * Fields are compared as canonical JSON (keys sorted), so key order from different writers does not matter.
 */
import type { Label } from '../../../shared/api/labels.contract';
import type { TravellingLabel } from '../../../shared/api/labelSync.contract';

type AnyLabel = Label | TravellingLabel;

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

function without(label: AnyLabel | null, fields: readonly string[]): string {
  if (label === null) return 'null';
  const copy: Record<string, unknown> = { ...label };
  for (const f of fields) delete copy[f];
  return canonical(copy);
}

const PLACE = ['fileId'] as const;
const PLACE_WHO_WHEN = ['fileId', 'annotator', 'createdAt', 'updatedAt'] as const;

export function sameVersion(a: AnyLabel | null, b: AnyLabel | null): boolean {
  return without(a, PLACE) === without(b, PLACE);
}

export function sameContent(a: AnyLabel | null, b: AnyLabel | null): boolean {
  return without(a, PLACE_WHO_WHEN) === without(b, PLACE_WHO_WHEN);
}

/** A label as it travels: without the local file id. */
export function travelling(label: Label): TravellingLabel;
export function travelling(label: Label | null): TravellingLabel | null;
export function travelling(label: Label | null): TravellingLabel | null {
  if (label === null) return null;
  const { fileId: _fileId, ...rest } = label;
  return rest;
}

/** A travelling label placed on a local file. */
export function localized(label: TravellingLabel, fileId: number): Label;
export function localized(label: TravellingLabel | null, fileId: number): Label | null;
export function localized(label: TravellingLabel | null, fileId: number): Label | null {
  return label === null ? null : { ...label, fileId };
}
