/**
 * Catalog-level checks (DOMAIN §14 rows 34 and 35): duplicates and chronology need every file of the
 * catalog, so they take per-file summaries rather than parsed files. Pure TypeScript.
 */
import type { CatalogFinding, FileId, RuleInfo } from './types';

export interface FileSummary {
  /**
   * Catalog id: how findings name the file and what "first" means (the lowest id is the original). Numbers
   * (database ids) compare numerically, so that 9 comes before 10 as it does for `duplicate_of`.
   */
  id: FileId;
  /** How messages name the file (a path); default: the id. */
  name?: string;
  /** SHA-256 (or any content hash) of the file's bytes; null when unknown. */
  hash: string | null;
  headName: string | null;
  globalCounter: number | null;
  /** ISO date-time (`2024-05-08T18:20:57`, with or without a zone) or null. */
  date: string | null;
  /** Controller clock never set (1970): the date says nothing about order. */
  clockUnset?: boolean;
  /**
   * The file's identity metadata cannot be trusted (a converted `MQTT_to_XLS_*` file whose metadata was
   * copied from another hole, V05): it is left out of the (Head Name, Global Counter) and chronology
   * checks, but still compared by hash.
   */
  untrustedIdentity?: boolean;
}

export const CATALOG_RULES: readonly RuleInfo[] = Object.freeze([
  {
    id: 'V34',
    slug: 'catalog.duplicates',
    group: 'identity',
    severity: 'error',
    scope: 'catalog',
    title: 'Byte-identical file, or the same (Head Name, Global Counter) seen twice',
    threshold: 'deduplicate before any train/val split; the first copy (by id) is kept',
  },
  {
    id: 'V35',
    slug: 'catalog.chronology',
    group: 'identity',
    severity: 'warning',
    scope: 'catalog',
    title: 'Global counter increases with Date for the same head',
  },
] satisfies RuleInfo[]);

/** Ascending id: numerically when both are numbers, else as strings. */
function byId(a: FileSummary, b: FileSummary): number {
  if (typeof a.id === 'number' && typeof b.id === 'number') return a.id - b.id;
  const x = String(a.id);
  const y = String(b.id);
  return x < y ? -1 : x > y ? 1 : 0;
}

function nameOf(f: FileSummary): string {
  return f.name ?? String(f.id);
}

/** A head as V34/V35 compare it: case and surrounding spaces are not part of a head's identity. */
export function headKey(headName: string): string {
  return headName.trim().toLowerCase();
}

/**
 * The key of "the same cycle" (same head, same global counter), or null when the file lacks either. Shared by
 * V34 and the catalog's `duplicate_of` (main/catalog/duplicates.ts), so that a finding and the marker agree.
 */
export function cycleKey(headName: string | null, globalCounter: number | null): string | null {
  if (!headName || globalCounter === null) return null;
  return `${headKey(headName)}\u0000${globalCounter}`;
}

/**
 * V34: for each group of byte-identical files, and each group sharing (Head Name, Global Counter), every
 * copy after the first (by id) gets an error naming the file it duplicates. A copy reported as
 * byte-identical is not reported again for the same head and counter.
 */
export function checkDuplicates(files: readonly FileSummary[]): CatalogFinding[] {
  const out: CatalogFinding[] = [];
  const flagged = new Set<FileId>();
  const byHash = new Map<string, FileSummary[]>();
  for (const f of files) {
    if (!f.hash) continue;
    const g = byHash.get(f.hash);
    if (g) g.push(f);
    else byHash.set(f.hash, [f]);
  }
  for (const group of byHash.values()) {
    if (group.length < 2) continue;
    const sorted = group.slice().sort(byId);
    const keep = sorted[0] as FileSummary;
    for (const dup of sorted.slice(1)) {
      flagged.add(dup.id);
      out.push({
        ruleId: 'V34',
        severity: 'error',
        message: `byte-identical to ${nameOf(keep)}: keep one copy before any train/val split`,
        location: {},
        fileId: dup.id,
        relatedIds: sorted.filter((f) => f.id !== dup.id).map((f) => f.id),
      });
    }
  }
  const byCycle = new Map<string, FileSummary[]>();
  for (const f of files) {
    const key = f.untrustedIdentity ? null : cycleKey(f.headName, f.globalCounter);
    if (key === null) continue;
    const g = byCycle.get(key);
    if (g) g.push(f);
    else byCycle.set(key, [f]);
  }
  for (const group of byCycle.values()) {
    if (group.length < 2) continue;
    const sorted = group.slice().sort(byId);
    const keep = sorted[0] as FileSummary;
    for (const dup of sorted.slice(1)) {
      if (flagged.has(dup.id)) continue;
      out.push({
        ruleId: 'V34',
        severity: 'error',
        message: `same cycle as ${nameOf(keep)} (head ${dup.headName}, global counter ${dup.globalCounter}): the same hole saved twice`,
        location: { section: 'Head Datas', column: 'Head Global Counter' },
        fileId: dup.id,
        relatedIds: sorted.filter((f) => f.id !== dup.id).map((f) => f.id),
      });
    }
  }
  return out;
}

function timeOf(f: FileSummary): number | null {
  if (!f.date || f.clockUnset) return null;
  const iso = f.date.trim();
  if (iso.startsWith('1970-')) return null;
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isFinite(t) ? t : null;
}

/**
 * V35: per head, files ordered by date must have increasing global counters. A file whose counter is not
 * above the highest counter of an earlier-dated file of the same head gets a warning. Files without a
 * usable date (missing, 1970) or counter are skipped; equal dates are not compared.
 */
export function checkChronology(files: readonly FileSummary[]): CatalogFinding[] {
  const out: CatalogFinding[] = [];
  const byHead = new Map<string, { f: FileSummary; t: number; g: number }[]>();
  for (const f of files) {
    const t = timeOf(f);
    if (t === null || !f.headName || f.globalCounter === null || f.untrustedIdentity) continue;
    const key = headKey(f.headName);
    const list = byHead.get(key);
    const item = { f, t, g: f.globalCounter };
    if (list) list.push(item);
    else byHead.set(key, [item]);
  }
  for (const list of byHead.values()) {
    list.sort((a, b) => a.t - b.t || a.g - b.g || byId(a.f, b.f));
    let best: { f: FileSummary; t: number; g: number } | null = null;
    for (const item of list) {
      if (best && item.t > best.t && item.g < best.g) {
        out.push({
          ruleId: 'V35',
          severity: 'warning',
          message: `global counter ${item.g} dated ${item.f.date} is below ${best.g} of ${nameOf(best.f)} dated earlier (${best.f.date}) for head ${item.f.headName}`,
          location: { section: 'Head Datas', column: 'Head Global Counter' },
          fileId: item.f.id,
          relatedIds: [best.f.id],
        });
      }
      if (!best || item.g > best.g) best = item;
    }
  }
  return out;
}

/** Both catalog checks. */
export function validateCatalog(files: readonly FileSummary[]): CatalogFinding[] {
  return [...checkDuplicates(files), ...checkChronology(files)];
}
