/**
 * A catalog is private to its user: the file and its -wal/-shm sidecars 0600, the folders we create for it
 * 0700, whatever the umask (0: everything would be world-readable; 0277: a plain mkdir would not even be
 * writable by its owner). Runs in its own process (vitest forks), so changing the umask touches nothing else.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src/main/db/openCatalog';

const mode = (p: string): string => (fs.statSync(p).mode & 0o777).toString(8).padStart(3, '0');

let root: string;
let savedUmask: number;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-modes-'));
  savedUmask = process.umask();
});
afterEach(() => {
  process.umask(savedUmask);
  fs.rmSync(root, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('catalog file modes', () => {
  for (const umask of [0o000, 0o022, 0o277]) {
    it(`a new catalog is 0600 with 0600 sidecars in new 0700 folders (umask ${umask.toString(8).padStart(3, '0')})`, () => {
      process.umask(umask);
      const file = path.join(root, 'made', 'for', 'it', 'catalog.sqlite');
      const db = openCatalog(file);
      try {
        // A write while the connection is open: the WAL and the shared-memory index exist now.
        db.prepare("INSERT INTO catalog_state (key, value) VALUES ('modes-test', 'x')").run();
        expect(fs.existsSync(`${file}-wal`)).toBe(true);
        expect(fs.existsSync(`${file}-shm`)).toBe(true);
        expect({ file: mode(file), wal: mode(`${file}-wal`), shm: mode(`${file}-shm`) }).toEqual({ file: '600', wal: '600', shm: '600' });
        expect([mode(path.join(root, 'made')), mode(path.join(root, 'made', 'for')), mode(path.dirname(file))]).toEqual(['700', '700', '700']);
      } finally {
        db.close();
      }
      // Nothing left over from building the catalog under a temporary name.
      expect(fs.readdirSync(path.dirname(file))).toEqual(['catalog.sqlite']);
    });
  }

  it('leaves an existing folder as it is, and takes group/other bits off an existing catalog and its sidecars', () => {
    process.umask(0o022);
    const file = path.join(root, 'catalog.sqlite');
    openCatalog(file).close();
    fs.chmodSync(root, 0o755);
    fs.chmodSync(file, 0o644);
    // A sidecar left world-readable by an older version (or by a copy).
    fs.writeFileSync(`${file}-shm`, Buffer.alloc(0), { mode: 0o644 });
    fs.chmodSync(`${file}-shm`, 0o644);
    const db = openCatalog(file);
    try {
      expect(mode(file)).toBe('600');
      expect(mode(`${file}-shm`)).toBe('600');
      expect(mode(root)).toBe('755');
    } finally {
      db.close();
    }
  });
});
