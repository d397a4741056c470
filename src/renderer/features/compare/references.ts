/**
 * Which holes are compared with the current one: the previous and next holes of the same head (by global
 * counter, from catalog.neighbours) when their boxes are ticked, then any files chosen by name. One of them
 * is the focused reference (drawn stronger, cycled with j/k). Pure.
 */
import type { NeighbourHole, NeighboursResult } from '../../../shared/api/compare.contract';

export type ReferenceRole = 'prev' | 'next' | 'extra';

export interface Reference {
  fileId: number;
  role: ReferenceRole;
  name: string;
  globalCounter: number | null;
}

export interface ReferenceChoice {
  showPrev: boolean;
  showNext: boolean;
  /** Files chosen by name, in the order they were added. */
  extras: readonly KnownFile[];
}

/** A file the chooser knows (a catalog row). */
export interface KnownFile {
  id: number;
  name: string;
  globalCounter: number | null;
}

/** The nearest hole of one side that is in the catalog (gaps are skipped). */
export function nearestHole(side: readonly NeighbourHole[]): NeighbourHole | null {
  return side.find((n) => n.inCatalog && n.id !== null) ?? null;
}

/** The references in drawing order: previous, next, then the chosen files; never the current file, never one twice. */
export function referencesOf(currentId: number, neighbours: NeighboursResult | null, choice: ReferenceChoice): Reference[] {
  const out: Reference[] = [];
  const seen = new Set<number>([currentId]);
  const add = (r: Reference): void => {
    if (seen.has(r.fileId)) return;
    seen.add(r.fileId);
    out.push(r);
  };
  if (neighbours && neighbours.fileId === currentId) {
    const prev = nearestHole(neighbours.before);
    const next = nearestHole(neighbours.after);
    if (choice.showPrev && prev) add({ fileId: prev.id!, role: 'prev', name: prev.name ?? `file ${prev.id!}`, globalCounter: prev.globalCounter });
    if (choice.showNext && next) add({ fileId: next.id!, role: 'next', name: next.name ?? `file ${next.id!}`, globalCounter: next.globalCounter });
  }
  for (const f of choice.extras) add({ fileId: f.id, role: 'extra', name: f.name, globalCounter: f.globalCounter });
  return out;
}

/** The index after a step of `delta` through `count` references, wrapping at both ends (0 when there are none). */
export function cycleIndex(index: number, count: number, delta: number): number {
  if (count <= 0) return 0;
  return (((index + delta) % count) + count) % count;
}

/** The focused reference: the index kept within the list (the list shrinks when a box is unticked). */
export function focusedReference(refs: readonly Reference[], index: number): Reference | null {
  if (refs.length === 0) return null;
  return refs[Math.min(Math.max(0, index), refs.length - 1)] ?? null;
}

/** How a reference is named on the plot and in the controls: its role and counter ("prev #1800"). */
export function referenceTitle(r: Pick<Reference, 'role' | 'name' | 'globalCounter'>): string {
  const who = r.globalCounter !== null ? `#${r.globalCounter}` : r.name;
  return r.role === 'extra' ? who : `${r.role} ${who}`;
}

export type StripTile = { kind: 'hole'; hole: NeighbourHole } | { kind: 'gap'; hole: NeighbourHole } | { kind: 'current'; fileId: number; globalCounter: number | null };

/** The small-multiples strip in counter order: up to `perSide` holes on each side of the current one, with the gaps between. */
export function stripTiles(neighbours: NeighboursResult | null, perSide: number): StripTile[] {
  if (!neighbours) return [];
  const side = (holes: readonly NeighbourHole[]): NeighbourHole[] => {
    const out: NeighbourHole[] = [];
    let found = 0;
    for (const h of holes) {
      if (found >= perSide) break;
      out.push(h);
      if (h.inCatalog) found++;
    }
    return out;
  };
  const tile = (h: NeighbourHole): StripTile => (h.inCatalog ? { kind: 'hole', hole: h } : { kind: 'gap', hole: h });
  return [
    ...side(neighbours.before).reverse().map(tile),
    { kind: 'current', fileId: neighbours.fileId, globalCounter: neighbours.globalCounter },
    ...side(neighbours.after).map(tile),
  ];
}

/** A file by the name typed into the chooser: an exact name first, else the only name that starts with it (case-insensitive). */
export function fileByName(files: readonly KnownFile[], typed: string): KnownFile | null {
  const t = typed.trim();
  if (!t) return null;
  const exact = files.find((f) => f.name === t);
  if (exact) return exact;
  const lower = t.toLowerCase();
  const ci = files.filter((f) => f.name.toLowerCase() === lower);
  if (ci.length >= 1) return ci[0]!;
  const prefix = files.filter((f) => f.name.toLowerCase().startsWith(lower));
  return prefix.length === 1 ? prefix[0]! : null;
}
