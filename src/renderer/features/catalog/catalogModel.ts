/**
 * What the catalog table shows: filtering, sorting, counts and the folder tree. Pure functions over the
 * rows of `catalog.listFiles`, unit-tested without React; the table recomputes them only when the rows, the
 * filter or the sort change.
 */
import type { FileRow, LabelStatus } from '../../../shared/api/catalog.contract';
import { disagreementOf, disagreesBeyond, modelConfidenceOf } from '../models/uncertainty';

export const STATUSES: readonly LabelStatus[] = ['unlabelled', 'in_progress', 'labelled', 'reviewed'];
export const STATUS_TITLES: Record<LabelStatus, string> = {
  unlabelled: 'unlabelled',
  in_progress: 'in progress',
  labelled: 'labelled',
  reviewed: 'reviewed',
};
export const VERDICT_TITLES = {
  good: 'good',
  algorithm_error: 'algorithm error',
  labelling_error: 'labelling error',
  hard_to_say: 'hard to say',
} as const;

export type SortKey = 'folder' | 'name' | 'head' | 'date' | 'version' | 'steps' | 'depth' | 'findings' | 'status' | 'verdict' | 'confidence' | 'disagreement';
export interface SortSpec {
  key: SortKey;
  dir: 'asc' | 'desc';
}

export interface CatalogFilter {
  /** null = every status. */
  status: LabelStatus | null;
  /** Folder (absolute); the files in it and in its subfolders. null = all. */
  folder: string | null;
  /** Free text, matched case-insensitively against folder, name, head and date; all words must match. */
  text: string;
  /** Only files where the model and the stop-code proposals disagree by more than this (mm); null/absent = all. */
  disagreementMm?: number | null;
}

export const EMPTY_FILTER: CatalogFilter = { status: null, folder: null, text: '' };
export const DEFAULT_SORT: SortSpec = { key: 'folder', dir: 'asc' };

const SEP = /[\\/]/;

/** Whether `folder` is `root` or inside it (separator-aware, so /a/b does not contain /a/bc). */
export function folderWithin(folder: string, root: string): boolean {
  if (folder === root) return true;
  const r = root.replace(/[\\/]+$/, '');
  return folder.startsWith(r) && SEP.test(folder.charAt(r.length));
}

function haystack(f: FileRow): string {
  return `${f.folder} ${f.name} ${f.headName ?? ''} ${f.headTag ?? ''} ${f.date ?? ''}`.toLowerCase();
}

export function filterFiles(files: readonly FileRow[], filter: CatalogFilter): FileRow[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return files.filter((f) => {
    if (filter.status && f.status !== filter.status) return false;
    if (filter.folder && !folderWithin(f.folder, filter.folder)) return false;
    if (words.length) {
      const h = haystack(f);
      for (const w of words) if (!h.includes(w)) return false;
    }
    if (!disagreesBeyond(f, filter.disagreementMm)) return false;
    return true;
  });
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

type Cmp = (a: FileRow, b: FileRow) => number;

/** Nulls last in both directions: an unknown value is never "the smallest". */
function nullable<T>(get: (f: FileRow) => T | null, cmp: (a: T, b: T) => number): Cmp {
  return (a, b) => {
    const va = get(a);
    const vb = get(b);
    if (va === null && vb === null) return 0;
    if (va === null) return 1;
    if (vb === null) return -1;
    return cmp(va, vb);
  };
}

const num = (a: number, b: number): number => a - b;
const str = (a: string, b: string): number => collator.compare(a, b);

const COMPARATORS: Record<SortKey, Cmp> = {
  folder: (a, b) => str(a.folder, b.folder) || str(a.name, b.name),
  name: (a, b) => str(a.name, b.name),
  head: nullable((f) => f.headName, str),
  date: nullable((f) => f.date, str),
  version: nullable((f) => f.version, num),
  steps: (a, b) => num(a.steps.length, b.steps.length) || str(a.steps.join(','), b.steps.join(',')),
  depth: nullable((f) => f.depthMax, num),
  findings: (a, b) => num(a.findings.error, b.findings.error) || num(a.findings.warning, b.findings.warning) || num(a.findings.info, b.findings.info),
  status: (a, b) => num(STATUSES.indexOf(a.status), STATUSES.indexOf(b.status)),
  verdict: nullable((f) => f.verdict, str),
  confidence: nullable(modelConfidenceOf, num),
  disagreement: nullable(disagreementOf, num),
};

/** Stable sort; ties keep folder/name order so the table never jitters. Nulls always last. */
export function sortFiles(files: readonly FileRow[], sort: SortSpec): FileRow[] {
  const base = COMPARATORS[sort.key];
  const sign = sort.dir === 'asc' ? 1 : -1;
  const tie = COMPARATORS.folder;
  const isNullKey = (f: FileRow): boolean =>
    (sort.key === 'head' && f.headName === null) ||
    (sort.key === 'date' && f.date === null) ||
    (sort.key === 'version' && f.version === null) ||
    (sort.key === 'depth' && f.depthMax === null) ||
    (sort.key === 'verdict' && f.verdict === null) ||
    (sort.key === 'confidence' && modelConfidenceOf(f) === null) ||
    (sort.key === 'disagreement' && disagreementOf(f) === null);
  return [...files].sort((a, b) => {
    const na = isNullKey(a);
    const nb = isNullKey(b);
    if (na !== nb) return na ? 1 : -1;
    return sign * base(a, b) || tie(a, b);
  });
}

export function visibleFiles(files: readonly FileRow[], filter: CatalogFilter, sort: SortSpec): FileRow[] {
  return sortFiles(filterFiles(files, filter), sort);
}

/** Next sort when a header is clicked: same column flips the direction, a new column starts ascending. */
export function toggleSort(current: SortSpec, key: SortKey): SortSpec {
  return current.key === key ? { key, dir: current.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' };
}

export type StatusCounts = Record<LabelStatus, number> & { total: number };

export function statusCounts(files: readonly FileRow[]): StatusCounts {
  const counts: StatusCounts = { unlabelled: 0, in_progress: 0, labelled: 0, reviewed: 0, total: files.length };
  for (const f of files) counts[f.status]++;
  return counts;
}

export interface FolderNode {
  /** Absolute folder path. */
  path: string;
  /** Last segment (or the whole common root for the top node). */
  name: string;
  /** Files directly in this folder. */
  own: number;
  /** Files in this folder and below. */
  total: number;
  /** …of which not yet labelled. */
  unlabelled: number;
  children: FolderNode[];
}

/** The longest common folder of all paths (separator-aware). */
export function commonFolder(folders: readonly string[]): string {
  if (folders.length === 0) return '';
  const split = folders.map((f) => f.split(SEP));
  const first = split[0]!;
  let n = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < n && i < parts.length && parts[i] === first[i]) i++;
    n = i;
  }
  const sep = folders[0]!.includes('\\') && !folders[0]!.includes('/') ? '\\' : '/';
  return first.slice(0, n).join(sep);
}

/** The folder as shown in the table: relative to the common root when there is one. */
export function relativeFolder(folder: string, root: string): string {
  if (!root || !folderWithin(folder, root)) return folder;
  const rest = folder.slice(root.replace(/[\\/]+$/, '').length).replace(/^[\\/]+/, '');
  return rest || '.';
}

/** Folder tree under the common root, children sorted by name. */
export function folderTree(files: readonly FileRow[]): FolderNode | null {
  if (files.length === 0) return null;
  const folders = [...new Set(files.map((f) => f.folder))];
  const rootPath = commonFolder(folders);
  const sep = rootPath.includes('\\') && !rootPath.includes('/') ? '\\' : '/';
  const root: FolderNode = { path: rootPath, name: rootPath || sep, own: 0, total: 0, unlabelled: 0, children: [] };
  const byPath = new Map<string, FolderNode>([[rootPath, root]]);
  const parents = new Map<FolderNode, FolderNode>();
  const rootDepth = rootPath === '' ? (SEP.test(folders[0]!.charAt(0)) ? 1 : 0) : rootPath.split(SEP).length;
  const nodeFor = (folder: string): FolderNode => {
    const have = byPath.get(folder);
    if (have) return have;
    const parts = folder.split(SEP);
    let parent = root;
    for (let i = rootDepth; i < parts.length; i++) {
      const path = parts.slice(0, i + 1).join(sep);
      let child = byPath.get(path);
      if (!child) {
        child = { path, name: parts[i]!, own: 0, total: 0, unlabelled: 0, children: [] };
        byPath.set(path, child);
        parent.children.push(child);
        parents.set(child, parent);
      }
      parent = child;
    }
    byPath.set(folder, parent);
    return parent;
  };
  for (const f of files) {
    const node = nodeFor(f.folder);
    node.own++;
    if (f.status === 'unlabelled') for (let n: FolderNode | undefined = node; n; n = parents.get(n)) n.unlabelled++;
  }
  const finish = (node: FolderNode): void => {
    node.children.sort((a, b) => collator.compare(a.name, b.name));
    node.total = node.own;
    for (const c of node.children) {
      finish(c);
      node.total += c.total;
    }
  };
  finish(root);
  // Compact chains (a folder holding nothing but one subfolder shows as 'a/b'), as file explorers do.
  const compact = (node: FolderNode): void => {
    for (let i = 0; i < node.children.length; i++) {
      let child = node.children[i]!;
      while (child.own === 0 && child.children.length === 1) {
        const only = child.children[0]!;
        child = { ...only, name: `${child.name}/${only.name}` };
      }
      node.children[i] = child;
      compact(child);
    }
  };
  compact(root);
  return root;
}

/** The next/previous file in the visible order; null at either end. */
export function neighbourFile(order: readonly FileRow[], currentId: number | null, step: 1 | -1): FileRow | null {
  if (order.length === 0) return null;
  const at = currentId === null ? -1 : order.findIndex((f) => f.id === currentId);
  if (at < 0) return step === 1 ? order[0]! : order.at(-1)!;
  return order[at + step] ?? null;
}

/** The next file after `currentId` (wrapping around) whose status is 'unlabelled'; null when none is left. */
export function nextUnlabelled(order: readonly FileRow[], currentId: number | null): FileRow | null {
  const at = currentId === null ? -1 : order.findIndex((f) => f.id === currentId);
  for (let k = 1; k <= order.length; k++) {
    const f = order[(at + k + order.length) % order.length]!;
    if (f.id !== currentId && f.status === 'unlabelled') return f;
  }
  return null;
}

export function formatFindings(f: Pick<FileRow, 'findings'>): string {
  return `${f.findings.error}/${f.findings.warning}/${f.findings.info}`;
}

/**
 * The visible order with `row` in it where the sort would put it. The open file may have just left the
 * filter (confirming it changed its status): next/previous still go on from its place instead of jumping
 * back to the top of the list.
 */
export function orderIncluding(order: readonly FileRow[], row: FileRow | undefined, sort: SortSpec): readonly FileRow[] {
  if (!row || order.some((f) => f.id === row.id)) return order;
  return sortFiles([...order, row], sort);
}

/** The import error as shown: "Import failed: …" once, although the back end's message may say so already. */
export function importErrorText(message: string): string {
  return `Import failed: ${message.replace(/^\s*import failed:\s*/i, '')}`;
}
