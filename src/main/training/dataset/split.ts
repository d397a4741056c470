/**
 * Deterministic, grouped train/validation splits (and k-fold) from a seed. Whole groups are assigned, never
 * single files, so no group straddles the split.
 *
 * The seeded order of groups is the order of SHA-256(seed, group name): the same seed and groups give the
 * same order on every machine, a different seed a different one, and adding a group does not reshuffle the
 * others relative to each other.
 *
 * - random: groups in seeded order go to validation while that brings it closer to valFraction of the files;
 * - latest: the same, in order of each group's highest global counter, highest first (later holes than any
 *   seen in training); ties in seeded order;
 * - k-fold (folds = K): random balances file counts (largest group first into the fold with the fewest
 *   files, ties in seeded order); latest cuts the counter order into K contiguous runs, fold 0 the latest.
 *   Fold 0 is the `val` split of the manifest (python-bridge's default fold); `fold` names every file's fold.
 * At least one group always stays in training.
 */
import { createHash } from 'node:crypto';

export interface SplitOptions {
  valFraction: number;
  valOrder: 'random' | 'latest';
  folds: number | null;
  seed: number;
}

export interface SplitMember {
  group: string;
  globalCounter: number | null;
}

export interface GroupAssignment {
  split: 'train' | 'val';
  fold: number | null;
}

interface GroupInfo {
  name: string;
  size: number;
  maxCounter: number;
  key: string;
}

function seededKey(seed: number, group: string): string {
  return createHash('sha256').update(`udw-split@1\n${seed}\n${group}`).digest('hex');
}

function byKey(a: GroupInfo, b: GroupInfo): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function latestFirst(a: GroupInfo, b: GroupInfo): number {
  return b.maxCounter - a.maxCounter || byKey(a, b);
}

function groupsOf(members: readonly SplitMember[], seed: number): GroupInfo[] {
  const map = new Map<string, GroupInfo>();
  for (const m of members) {
    let g = map.get(m.group);
    if (!g) map.set(m.group, (g = { name: m.group, size: 0, maxCounter: -Infinity, key: seededKey(seed, m.group) }));
    g.size++;
    if (m.globalCounter !== null && m.globalCounter > g.maxCounter) g.maxCounter = m.globalCounter;
  }
  return [...map.values()];
}

/** The split (and fold) of every group, by group name. */
export function assignSplits(members: readonly SplitMember[], opts: SplitOptions): Map<string, GroupAssignment> {
  const groups = groupsOf(members, opts.seed);
  const total = members.length;
  const out = new Map<string, GroupAssignment>();
  const ordered = [...groups].sort(opts.valOrder === 'latest' ? latestFirst : byKey);
  if (opts.folds !== null) {
    const k = opts.folds;
    if (groups.length < k) throw new Error(`${k} folds need at least ${k} groups; the selection has ${groups.length}`);
    const folds = opts.valOrder === 'latest' ? contiguousFolds(ordered, k, total) : balancedFolds(ordered, k);
    for (const g of groups) {
      const fold = folds.get(g.name)!;
      out.set(g.name, { split: fold === 0 ? 'val' : 'train', fold });
    }
    return out;
  }
  const target = opts.valFraction * total;
  let val = 0;
  let left = groups.length;
  let open = true;
  for (const g of ordered) {
    // A group goes to validation while that brings its file count closer to the target (the first one
    // always, when there is a target): whole groups rarely hit the fraction exactly.
    // The first group that does not closes validation: later ones (older, for latest) never jump the queue.
    if (open) open = (val === 0 ? target > 0 : val + g.size / 2 <= target) && left > 1;
    out.set(g.name, { split: open ? 'val' : 'train', fold: null });
    if (open) {
      val += g.size;
      left--;
    }
  }
  return out;
}

/** Largest group first, each into the fold holding the fewest files so far (lowest fold on ties). */
function balancedFolds(seeded: readonly GroupInfo[], k: number): Map<string, number> {
  const sizes = new Array<number>(k).fill(0);
  const out = new Map<string, number>();
  const bySize = [...seeded].sort((a, b) => b.size - a.size || byKey(a, b));
  for (const g of bySize) {
    let best = 0;
    for (let f = 1; f < k; f++) if (sizes[f]! < sizes[best]!) best = f;
    out.set(g.name, best);
    sizes[best]! += g.size;
  }
  return out;
}

/** K runs of the ordered groups, each closing once it reaches its share of files, none left empty. */
function contiguousFolds(ordered: readonly GroupInfo[], k: number, total: number): Map<string, number> {
  const out = new Map<string, number>();
  let fold = 0;
  let inFold = 0;
  let done = 0;
  ordered.forEach((g, i) => {
    const groupsLeft = ordered.length - i;
    const foldsLeft = k - fold;
    // Move on when this fold has its share, or when every later fold needs one of the remaining groups.
    if (inFold > 0 && fold < k - 1 && (done >= ((fold + 1) * total) / k || groupsLeft < foldsLeft)) {
      fold++;
      inFold = 0;
    }
    out.set(g.name, fold);
    inFold++;
    done += g.size;
  });
  return out;
}
