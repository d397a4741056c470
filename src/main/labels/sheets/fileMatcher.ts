/**
 * Which catalog file a sheet row means. A row may give the stored path, the file name (with or without
 * its extension, any case), and/or the drill head with its global counter (the hole's number on that head).
 *
 * An exact path wins. Otherwise every key the row gives must fit: a name shared by files in two folders is
 * settled by head + counter when the row has them, and reported as ambiguous when it has not. A file that
 * vanished from its folder (missing) loses a tie to one that is present. Nothing is guessed beyond that.
 */
import path from 'node:path';
import type { FileRow } from '../../../shared/api/catalog.contract';

export interface RowKeys {
  path?: string;
  name?: string;
  head?: string;
  globalCounter?: number;
}

type MatchedBy = 'path' | 'name' | 'head+counter' | 'name+head+counter';
type Candidate = Pick<FileRow, 'id' | 'path' | 'name' | 'headName' | 'headTag' | 'globalCounter' | 'missing'>;

export type FileMatch =
  | { kind: 'matched'; file: Candidate; by: MatchedBy }
  | { kind: 'unmatched'; key: string; message: string }
  | { kind: 'ambiguous'; key: string; candidates: Candidate[]; message: string };

const lower = (s: string): string => s.trim().toLowerCase();
const stem = (name: string): string => lower(name).replace(/\.[^./\\]*$/, '');

function push<K>(map: Map<K, Candidate[]>, key: K, file: Candidate): void {
  const list = map.get(key);
  if (!list) map.set(key, [file]);
  else if (!list.includes(file)) list.push(file);
}

export function describeKeys(k: RowKeys): string {
  const parts: string[] = [];
  if (k.path) parts.push(`path '${k.path}'`);
  if (k.name) parts.push(`name '${k.name}'`);
  if (k.head) parts.push(`head '${k.head}'`);
  if (k.globalCounter !== undefined) parts.push(`global counter ${k.globalCounter}`);
  return parts.join(', ') || 'no key';
}

export class FileMatcher {
  private readonly byPath = new Map<string, Candidate>();
  private readonly byName = new Map<string, Candidate[]>();
  private readonly byStem = new Map<string, Candidate[]>();
  private readonly byHeadCounter = new Map<string, Candidate[]>();

  public constructor(files: readonly Candidate[]) {
    for (const f of files) {
      this.byPath.set(f.path, f);
      push(this.byName, lower(f.name), f);
      push(this.byStem, stem(f.name), f);
      if (f.globalCounter !== null) {
        for (const head of [f.headName, f.headTag]) if (head) push(this.byHeadCounter, `${lower(head)}|${f.globalCounter}`, f);
      }
    }
  }

  public match(keys: RowKeys): FileMatch {
    const key = describeKeys(keys);
    if (keys.path) {
      const exact = this.byPath.get(keys.path) ?? this.byPath.get(path.resolve(keys.path));
      if (exact) return { kind: 'matched', file: exact, by: 'path' };
    }
    const byName = keys.name ? this.named(keys.name) : null;
    const hasHead = keys.head !== undefined && keys.head !== '';
    const hasCounter = keys.globalCounter !== undefined;
    if (hasHead !== hasCounter && !byName) {
      return { kind: 'unmatched', key, message: `${key}: a head and its global counter find a file only together; give both, or the file's path or name` };
    }
    const byHead = hasHead && hasCounter ? (this.byHeadCounter.get(`${lower(keys.head!)}|${keys.globalCounter}`) ?? []) : null;
    if (!byName && !byHead) {
      return { kind: 'unmatched', key, message: keys.path ? `${key}: no file of the catalog has this path` : `${key}: no path, name, or head and global counter to find the file by` };
    }
    let candidates = byName && byHead ? byName.filter((f) => byHead.includes(f)) : (byName ?? byHead)!;
    if (candidates.length > 1 && candidates.some((f) => !f.missing)) candidates = candidates.filter((f) => !f.missing);
    const by: MatchedBy = byName && byHead ? 'name+head+counter' : byName ? 'name' : 'head+counter';
    if (candidates.length === 1) return { kind: 'matched', file: candidates[0]!, by };
    if (candidates.length === 0) return { kind: 'unmatched', key, message: `${key}: no file of the catalog has ${by === 'name+head+counter' ? 'this name with this head and global counter' : `this ${by === 'name' ? 'name' : 'head and global counter'}`}` };
    return {
      kind: 'ambiguous',
      key,
      candidates,
      message: `${key}: ${candidates.length} files fit (${candidates.slice(0, 3).map((f) => f.path).join(', ')}${candidates.length > 3 ? ', …' : ''}); add a path column, or head and global_counter, to tell them apart`,
    };
  }

  private named(name: string): Candidate[] {
    const exact = this.byName.get(lower(name));
    if (exact) return exact;
    // "hole_0012" for "hole_0012.xls"; but a name with its own extension must match it.
    return path.extname(name) ? [] : (this.byStem.get(stem(name)) ?? []);
  }
}
