/**
 * A real back end for the label-sheets tests: generated files imported once into a template catalog, and a
 * fresh copy of it for every test (createBackend on it, and the in-memory AppApi over its dispatch).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend, type Backend } from '../../../../src/main/backend/createBackend';
import type { FileRow } from '../../../../src/shared/api/catalog.contract';
import { encodeLatin1, generateSetitec } from '../../../../src/shared/setitec/generator/index';
import { createMemoryApi, type MemoryApi } from '../../../../src/renderer/api/memoryApi';

/** a/x1 … a/x4 and b/x2: "x2.xls" names two files, so a sheet keyed by name cannot tell them apart. */
export const LAYOUT: ReadonlyArray<readonly [folder: string, name: string]> = [
  ['a', 'x1.xls'],
  ['a', 'x2.xls'],
  ['a', 'x3.xls'],
  ['a', 'x4.xls'],
  ['b', 'x2.xls'],
];

/**
 * Row 2 applies; row 3 matches but its value is not a number; row 4 names no file; row 5 names two;
 * rows 6 and 7 name the same file.
 */
export const MIXED_CSV = ['name,stack_thickness', 'x1.xls,8.4', 'x3.xls,thick', 'nope.xls,7', 'x2.xls,7.5', 'x4.xls,6', 'x4.xls,6.1', ''].join('\r\n');

export interface SheetsCatalog {
  backend: Backend;
  api: MemoryApi;
  files: FileRow[];
  fileNamed(folder: string, name: string): FileRow;
  /** The file's stack thickness attribute, or null when it has none. */
  stackThickness(file: FileRow): Promise<unknown>;
  dispose(): Promise<void>;
}

export interface SheetsTemplate {
  /** A fresh catalog (a copy of the template) with its own back end. */
  open(): Promise<SheetsCatalog>;
  remove(): void;
}

export async function sheetsTemplate(): Promise<SheetsTemplate> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-sheets-ui-'));
  LAYOUT.forEach(([folder, name], i) => {
    fs.mkdirSync(path.join(dir, 'files', folder), { recursive: true });
    fs.writeFileSync(path.join(dir, 'files', folder, name), encodeLatin1(generateSetitec({ seed: 930 + i, version: 9, family: 'tuhh' }).text));
  });
  const template = path.join(dir, 'template.sqlite');
  const importer = createBackend({ host: 'memory', catalogPath: template });
  try {
    const summary = (await importer.dispatch('catalog.import', { dirs: [path.join(dir, 'files')] })) as { imported: number };
    if (summary.imported !== LAYOUT.length) throw new Error(`sheets test catalog: imported ${summary.imported} files; expected ${LAYOUT.length}`);
  } finally {
    await importer.dispose();
  }
  let copies = 0;
  return {
    async open() {
      const own = path.join(dir, `catalog-${++copies}`);
      fs.mkdirSync(own);
      fs.copyFileSync(template, path.join(own, 'catalog.sqlite'));
      const backend = createBackend({ host: 'memory', catalogPath: path.join(own, 'catalog.sqlite') });
      const api = createMemoryApi(backend.dispatch);
      const files = await api.invoke('catalog.listFiles', {});
      return {
        backend,
        api,
        files,
        fileNamed: (folder, name) => {
          const f = files.find((r) => r.name === name && path.basename(r.folder) === folder);
          if (!f) throw new Error(`sheets test catalog: no file ${folder}/${name}`);
          return f;
        },
        stackThickness: async (file) => (await api.invoke('labels.list', { fileId: file.id })).find((l) => l.classId === 'stack_thickness')?.value ?? null,
        dispose: () => backend.dispose(),
      };
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
