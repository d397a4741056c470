/**
 * Naming a catalog file so that another catalog finds it: local integer ids mean nothing elsewhere, paths
 * differ between laptops, but the bytes of a Setitec file are the same wherever it was copied.
 *
 * Finding it: by content hash first. Several files with those bytes (the same export copied twice) are told
 * apart by name, then path, then by which is present and not marked a duplicate. No file with those bytes
 * (the export was re-saved, e.g. as .xlsx): the drill head's name with its global and local counters, which
 * name one hole, when exactly one file here has them. Nothing is guessed beyond that: an event that fits no
 * file, or several, is reported and not applied.
 */
import type { TravellingFile } from '../../../shared/api/labelSync.contract';
import type { CatalogDb } from '../../db/openCatalog';

interface FileIdentityRow {
  id: number;
  hash: string;
  name: string;
  path: string;
  head_name: string | null;
  head_global: number | null;
  head_local: number | null;
  missing: number;
  duplicate_of: number | null;
}

const COLUMNS = 'id, hash, name, path, head_name, head_global, head_local, missing, duplicate_of';

export function travellingFileOf(row: Pick<FileIdentityRow, 'hash' | 'name' | 'path' | 'head_name' | 'head_global' | 'head_local'>): TravellingFile {
  return { hash: row.hash, name: row.name, path: row.path, headName: row.head_name, globalCounter: row.head_global, localCounter: row.head_local };
}

export type FileLookup = { kind: 'found'; fileId: number; path: string } | { kind: 'none'; message: string };

export function describeFile(f: TravellingFile): string {
  const head = f.headName !== null && f.globalCounter !== null ? `, head ${f.headName} #${f.globalCounter}` : '';
  return `'${f.name}' (sha256 ${f.hash.slice(0, 12)}…${head})`;
}

function narrow(rows: FileIdentityRow[], f: TravellingFile): FileIdentityRow[] {
  const tests: Array<(r: FileIdentityRow) => boolean> = [(r) => r.name === f.name, (r) => r.path === f.path, (r) => r.missing === 0, (r) => r.duplicate_of === null];
  let left = rows;
  for (const test of tests) {
    if (left.length <= 1) break;
    const kept = left.filter(test);
    if (kept.length > 0) left = kept;
  }
  return left;
}

/** Finds the local file of travelling file identities, remembering each answer for the import. */
export class FileResolver {
  private readonly known = new Map<string, FileLookup>();
  private readonly byHash;
  private readonly byHead;

  public constructor(db: CatalogDb) {
    this.byHash = db.prepare(`SELECT ${COLUMNS} FROM files WHERE hash = ?`);
    this.byHead = db.prepare(`SELECT ${COLUMNS} FROM files WHERE head_name = ? AND head_global = ? AND head_local IS ?`);
  }

  public resolve(f: TravellingFile): FileLookup {
    const key = JSON.stringify(f);
    let found = this.known.get(key);
    if (!found) {
      found = this.lookup(f);
      this.known.set(key, found);
    }
    return found;
  }

  private lookup(f: TravellingFile): FileLookup {
    const same = narrow(this.byHash.all(f.hash) as FileIdentityRow[], f);
    if (same.length === 1) return { kind: 'found', fileId: same[0]!.id, path: same[0]!.path };
    if (same.length > 1) return { kind: 'none', message: `file ${describeFile(f)}: ${same.length} files here have its bytes (${same.slice(0, 3).map((r) => r.path).join(', ')}); none is chosen` };
    if (f.headName !== null && f.globalCounter !== null) {
      const hole = narrow(this.byHead.all(f.headName, f.globalCounter, f.localCounter) as FileIdentityRow[], f);
      if (hole.length === 1) return { kind: 'found', fileId: hole[0]!.id, path: hole[0]!.path };
      if (hole.length > 1) return { kind: 'none', message: `file ${describeFile(f)}: no file here has its bytes, and ${hole.length} have its head and counters; none is chosen` };
    }
    return { kind: 'none', message: `file ${describeFile(f)}: not in this catalog (no file with its bytes${f.headName !== null && f.globalCounter !== null ? ', nor with its head and counters' : ''}); import the file first` };
  }
}
