/**
 * The catalog file on disk, before SQLite sees it.
 *
 * - Only a missing file becomes a new catalog. SQLite would quietly turn an empty file into a fresh database
 *   and fail on a foreign or truncated one with messages that name no file; those are refused here, untouched.
 * - A new catalog is built under a temporary name and linked into place only once its schema is complete, so
 *   a crash never leaves a half-made catalog behind, and two processes creating one at once end up sharing
 *   the first one made (link never overwrites).
 * - The catalog is private to its user: the file 0600 (SQLite gives the -wal and -shm sidecars the mode of
 *   the database file, whatever the umask) and a folder we create 0700. Modes are set with chmod after
 *   creating, since the umask can take bits away from the mode given to open/mkdir.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CatalogOpenError, recoveryAdvice } from './catalogOpenError';

const CATALOG_FILE_MODE = 0o600;
const CATALOG_DIR_MODE = 0o700;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;
/** A WAL file holds frames beyond its 32-byte header. */
const WAL_HEADER_BYTES = 32;
const POSIX = process.platform !== 'win32';

const SIDECARS = ['-wal', '-shm'] as const;

/** 'present': a file whose header looks like SQLite and whose size fits it. Throws for anything else there. */
export function inspectCatalogFile(file: string): 'missing' | 'present' {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw new CatalogOpenError(file, 'inaccessible', `cannot be read (${(err as Error).message})`, { cause: err });
  }
  if (!st.isFile()) throw new CatalogOpenError(file, 'foreign', 'is not a file (a folder or a device?); point --db / UDW_DB at a catalog file');
  if (st.size === 0) {
    throw new CatalogOpenError(
      file,
      'empty',
      'is empty (0 bytes), so it is no catalog. It was left as it is: a new catalog is only ever created where no file exists. ' +
        'If it is a leftover, delete it and a new catalog is created at the next start; if it was your catalog, restore it from a backup.',
    );
  }
  const header = readHeader(file, Math.min(st.size, HEADER_BYTES));
  if (header.length < SQLITE_MAGIC.length || !header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    const zeroed = header.every((b) => b === 0);
    const what = zeroed
      ? `has no SQLite header (its first ${header.length} bytes are zero): a damaged catalog, or no catalog at all. ${recoveryAdvice(file)}`
      : `is not a SQLite database (it starts with ${describeStart(header)}). It was left as it is; point --db / UDW_DB at a catalog file, ` +
        'or, if this was your catalog, restore it from a backup.';
    throw new CatalogOpenError(file, zeroed ? 'damaged' : 'foreign', what);
  }
  const expected = expectedSize(header);
  // A crash in the middle of a checkpoint can leave the file short of its header's size with the pages still in
  // the WAL (SQLite replays them); a hot rollback journal likewise. Only without either is a short file truncated.
  if (expected !== null && st.size < expected && !hasWalFrames(file) && !fs.existsSync(`${file}-journal`)) {
    throw new CatalogOpenError(file, 'damaged', `is truncated (${st.size} bytes; its header says ${expected}). ${recoveryAdvice(file)}`);
  }
  return 'present';
}

function readHeader(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

function describeStart(header: Buffer): string {
  const text = header.subarray(0, 24).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  return `"${text}${header.length > 24 ? '…' : ''}"`;
}

/** Page size × page count from the header, when the header's count is valid (SQLite ≥ 3.7.0 writes it). */
function expectedSize(header: Buffer): number | null {
  if (header.length < HEADER_BYTES) return null;
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = header.readUInt32BE(28);
  const countValid = header.readUInt32BE(92) === header.readUInt32BE(24);
  if (!countValid || pages === 0 || pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return null;
  return pages * pageSize;
}

function hasWalFrames(file: string): boolean {
  try {
    return fs.statSync(`${file}-wal`).size > WAL_HEADER_BYTES;
  } catch {
    return false;
  }
}

/**
 * Creates the catalog at `file`: `initialise` gets a fresh private temporary file beside it to build the
 * schema in (and must close it); the result is then linked into place unless another process got there first.
 */
export function createCatalogFile(file: string, initialise: (tmp: string) => void): void {
  const dir = path.dirname(file);
  makePrivateDirs(dir);
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.creating`);
  const fd = fs.openSync(tmp, 'wx', CATALOG_FILE_MODE);
  try {
    if (POSIX) fs.fchmodSync(fd, CATALOG_FILE_MODE);
  } finally {
    fs.closeSync(fd);
  }
  try {
    initialise(tmp);
    publish(tmp, file);
  } finally {
    for (const f of [tmp, ...SIDECARS.map((s) => tmp + s)]) fs.rmSync(f, { force: true });
  }
}

function publish(tmp: string, file: string): void {
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return; // another process created the catalog meanwhile: that one is the catalog
    // File systems without hard links (FAT, some network shares): rename, which may replace a catalog made in
    // the last instant by another process; checking first makes that window tiny.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EOPNOTSUPP') {
      if (!fs.existsSync(file)) fs.renameSync(tmp, file);
      return;
    }
    throw err;
  }
}

/** Creates `dir` and its missing parents one by one, each 0700 whatever the umask; leaves existing ones alone. */
function makePrivateDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d, { mode: CATALOG_DIR_MODE });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue; // made by someone else just now: not ours
      throw err;
    }
    if (POSIX) fs.chmodSync(d, CATALOG_DIR_MODE);
  }
}

/**
 * Takes group and other permissions off an existing catalog and its sidecars (catalogs made before modes
 * were set are 0644). Only files this user owns; a read-only file system or a foreign owner is left alone.
 */
export function restrictCatalogModes(file: string): void {
  if (!POSIX) return;
  const uid = process.getuid?.();
  for (const f of [file, ...SIDECARS.map((s) => file + s)]) {
    try {
      const st = fs.statSync(f);
      if (st.uid === uid && (st.mode & 0o077) !== 0) fs.chmodSync(f, st.mode & 0o700);
    } catch {
      // missing sidecar, read-only medium, or not ours: nothing to tighten
    }
  }
}
