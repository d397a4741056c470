/** Shared set-up of the import tests: temp folders of generated Setitec files and a fresh catalog. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend, type Backend } from '../../src/main/backend/createBackend';
import { openCatalog, type CatalogDb } from '../../src/main/db/openCatalog';
import type { FileRow } from '../../src/shared/api/catalog.contract';
import { encodeLatin1, generateCorpus } from '../../src/shared/setitec/generator/index';

export const CORPUS = path.resolve(process.cwd(), '..', 'shared', 'setitec');
export const hasCorpus = fs.existsSync(CORPUS);

export interface Sandbox {
  root: string;
  data: string;
  dbFile: string;
  db: CatalogDb;
  cleanup(): void;
}

/** A temp folder with `data/` (count small generated files, in two sub-folders) and a catalog. */
export function sandbox(count: number, seed = 1, rows = 200): Sandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-import-'));
  const data = path.join(root, 'data');
  const files = generateCorpus(count, seed, { rows });
  files.forEach((f, i) => {
    const dir = path.join(data, i % 2 === 0 ? 'a' : path.join('b', 'deep'));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, f.name), encodeLatin1(f.text));
  });
  const dbFile = path.join(root, 'catalog.sqlite');
  const db = openCatalog(dbFile);
  return {
    root,
    data,
    dbFile,
    db,
    cleanup() {
      if (db.open) db.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir`, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out.sort();
}

/** SQLite's own consistency checks: page structure and foreign keys. */
export function integrity(db: CatalogDb): { integrity: string; foreignKeyViolations: number } {
  return {
    integrity: db.pragma('integrity_check', { simple: true }) as string,
    foreignKeyViolations: (db.pragma('foreign_key_check') as unknown[]).length,
  };
}

/** A back end (memory host) over a fresh sandbox catalog holding one generated file, imported: the signal-path tests' start. */
export async function backendWithOneFile(seed: number, rows: number): Promise<{ box: Sandbox; backend: Backend; id: number }> {
  const box = sandbox(1, seed, rows);
  box.db.close();
  const backend = createBackend({ host: 'memory', catalogPath: box.dbFile });
  await backend.dispatch('catalog.import', { dirs: [box.data] });
  const [row] = (await backend.dispatch('catalog.listFiles', {})) as FileRow[];
  return { box, backend, id: row!.id };
}
