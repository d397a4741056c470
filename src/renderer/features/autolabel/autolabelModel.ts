/**
 * What the auto-label panel offers and shows, as plain data: the scopes the catalog page allows right now
 * (the whole catalog, the folder chosen in the tree, the rows the filter shows, the row under the cursor)
 * and the preview's counts as table rows. Pure, unit-tested without React.
 */
import type { FileRow } from '../../../shared/api/catalog.contract';
import type { AutolabelScope, AutolabelSummary } from '../../../shared/api/autolabel.contract';
import type { LabelClass } from '../../../shared/api/labels.contract';
import { CONFIDENCE_TIERS, TIER_LOWER_BOUND, type ConfidenceTier } from '../../../shared/labels/confidenceTier';
import { folderWithin, relativeFolder, type CatalogFilter } from '../catalog/catalogModel';

export type ScopeKey = 'all' | 'folder' | 'shown' | 'selected';

export interface ScopeOption {
  key: ScopeKey;
  /** What the panel calls it ("Folder TUHH/009_V9 (12 files)"). */
  title: string;
  scope: AutolabelScope;
  files: number;
}

export interface ScopeInput {
  files: readonly FileRow[];
  /** The rows the table shows (filter and sort applied). */
  visible: readonly FileRow[];
  filter: CatalogFilter;
  cursorId: number | null;
  /** The common root of the catalog's folders (folder names are shown relative to it). */
  root: string;
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * The scopes a run can take now, in the order all, folder, shown, selected. "folder" is offered when a
 * folder is chosen in the tree; "shown" only when the search or status filter narrows the table further;
 * "selected" when a row is under the cursor.
 */
export function scopeOptions(input: ScopeInput): ScopeOption[] {
  const out: ScopeOption[] = [{ key: 'all', title: `All files (${plural(input.files.length, 'file')})`, scope: { kind: 'all' }, files: input.files.length }];
  const folder = input.filter.folder;
  const inFolder = folder ? input.files.filter((f) => folderWithin(f.folder, folder)).length : 0;
  if (folder) {
    const name = relativeFolder(folder, input.root) || folder;
    out.push({ key: 'folder', title: `Folder ${name} (${plural(inFolder, 'file')})`, scope: { kind: 'folder', folder }, files: inFolder });
  }
  const narrowed = input.visible.length > 0 && input.visible.length < (folder ? inFolder : input.files.length);
  if (narrowed) {
    out.push({
      key: 'shown',
      title: `Files shown by the filter (${plural(input.visible.length, 'file')})`,
      scope: { kind: 'files', fileIds: input.visible.map((f) => f.id) },
      files: input.visible.length,
    });
  }
  const selected = input.cursorId === null ? undefined : input.files.find((f) => f.id === input.cursorId);
  if (selected) out.push({ key: 'selected', title: `Selected file ${selected.name}`, scope: { kind: 'files', fileIds: [selected.id] }, files: 1 });
  return out;
}

/** The scope chosen by default: the folder in the tree if one is chosen, else the whole catalog. */
export function defaultScopeKey(options: readonly ScopeOption[]): ScopeKey {
  return options.some((o) => o.key === 'folder') ? 'folder' : 'all';
}

export interface CountRow {
  key: string;
  title: string;
  count: number;
}

/** Proposals per class, in the schema's order (classes it lacks last, by id), zero counts left out. */
export function classRows(summary: Pick<AutolabelSummary, 'byClass'>, classes: readonly Pick<LabelClass, 'id' | 'name'>[]): CountRow[] {
  const order = new Map(classes.map((c, i) => [c.id, i]));
  return Object.entries(summary.byClass)
    .filter(([, n]) => n > 0)
    .map(([id, count]) => ({ key: id, title: classes.find((c) => c.id === id)?.name ?? id, count }))
    .sort((a, b) => (order.get(a.key) ?? Infinity) - (order.get(b.key) ?? Infinity) || a.key.localeCompare(b.key));
}

export function sourceRows(summary: Pick<AutolabelSummary, 'bySource'>): CountRow[] {
  return [
    { key: 'stepcode', title: 'Stop codes (sensed triggers)', count: summary.bySource.stepcode },
    { key: 'heuristic', title: 'Signal heuristics', count: summary.bySource.heuristic },
  ];
}

const TIER_TITLES: Record<ConfidenceTier, string> = {
  high: `high (≥ ${TIER_LOWER_BOUND.high})`,
  medium: `medium (≥ ${TIER_LOWER_BOUND.medium})`,
  low: `low (< ${TIER_LOWER_BOUND.medium})`,
};

export function tierRows(summary: Pick<AutolabelSummary, 'byTier'>): CountRow[] {
  return CONFIDENCE_TIERS.map((t) => ({ key: t, title: TIER_TITLES[t], count: summary.byTier[t] }));
}

/** "3.4 files/s" (more digits when slow, none when fast). */
export function formatRate(filesPerSecond: number): string {
  if (!Number.isFinite(filesPerSecond) || filesPerSecond <= 0) return '– files/s';
  const digits = filesPerSecond >= 100 ? 0 : filesPerSecond >= 10 ? 1 : 2;
  return `${filesPerSecond.toFixed(digits)} files/s`;
}

/** A confidence typed into a threshold field: a number in [0, 1], or null when it is not one. */
export function parseThreshold(text: string): number | null {
  if (text.trim() === '') return null;
  const v = Number(text);
  return Number.isFinite(v) && v >= 0 && v <= 1 ? v : null;
}
