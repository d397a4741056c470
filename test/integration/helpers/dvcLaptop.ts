/**
 * A "laptop" for the DVC tests: its own real back end on its own SQLite catalog, the generated Setitec files
 * of the given seeds imported under an annotator's name, and a data workspace (git + DVC) in a folder of its
 * own or in a clone of another laptop's. dvcSnapshot.test.ts and dvcRemotes.test.ts both set laptops up so.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend/createBackend';
import { DataWorkspace } from '../../../src/main/sync/dvc/dataWorkspace';
import { locateDvc } from '../../../src/main/sync/dvc/toolCommand';
import type { FileRow, ImportSummary } from '../../../src/shared/api/catalog.contract';
import type { Label } from '../../../src/shared/api/labels.contract';
import type { DatasetOptions } from '../../../src/shared/api/training.contract';
import { encodeLatin1, generateSetitec } from '../../../src/shared/setitec/generator/index';

export const DVC = locateDvc();

/** One human entry label per file is enough for a snapshot of these files. */
export const SNAPSHOT_OPTIONS: DatasetOptions = { sources: ['human'], classes: ['entry'], minClasses: 1, valFraction: 0, groupBy: 'head' };

export interface Laptop {
  dir: string;
  backend: Backend;
  workspace: DataWorkspace;
  /** The catalog id of the file generated from `seed`. */
  file: (seed: number) => number;
  call<T>(channel: string, payload: unknown): Promise<T>;
}

export function laptopMaker(seeds: number[]) {
  const gens = seeds.map((seed) => generateSetitec({ seed, version: 9, family: 'mdb4', rows: 300 }));
  /** Laptop `name` under `root`; its workspace in `workspaceDir`, else `<root>/<name>/data-workspace`. */
  async function laptop(root: string, name: string, annotator: string, workspaceDir?: string): Promise<Laptop> {
    const dir = path.join(root, name);
    fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
    for (const g of gens) fs.writeFileSync(path.join(dir, 'data', g.expected.fileName), encodeLatin1(g.text));
    const backend = createBackend({ host: 'memory', catalogPath: path.join(dir, 'catalog.sqlite') });
    const call = <T>(channel: string, payload: unknown): Promise<T> => backend.dispatch(channel, payload) as Promise<T>;
    await call('settings.update', { annotator });
    expect(await call<ImportSummary>('catalog.import', { dirs: [path.join(dir, 'data')] })).toMatchObject({ imported: gens.length, failed: 0 });
    const byName = new Map((await call<FileRow[]>('catalog.listFiles', {})).map((r) => [r.name, r.id]));
    const file = (seed: number): number => byName.get(gens[seeds.indexOf(seed)]!.expected.fileName)!;
    const workspace = new DataWorkspace(workspaceDir ?? path.join(dir, 'data-workspace'), { author: annotator, dvc: DVC });
    return { dir, backend, workspace, file, call };
  }
  /** Every label of the generated files, by seed, without the catalog-local file id (comparable across catalogs). */
  async function labelRows(l: Laptop): Promise<Record<number, Array<Omit<Label, 'fileId'>>>> {
    const out: Record<number, Array<Omit<Label, 'fileId'>>> = {};
    for (const seed of seeds) out[seed] = (await l.call<Label[]>('labels.list', { fileId: l.file(seed) })).map(({ fileId: _f, ...rest }) => rest);
    return out;
  }
  return { laptop, labelRows };
}

/** `git clone` of a laptop's data workspace into `dest` (a second machine starts from the team's repository). */
export function cloneWorkspace(from: string, dest: string): void {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const res = spawnSync('git', ['clone', '--quiet', from, dest], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`git clone ${from} ${dest} failed: ${res.stderr}`);
}
