/**
 * A catalog for the dataset snapshot tests, made the way a user makes one: generated MDB-MQL files (global
 * counters 1000, 1003, … 1033 in folders a and b), an exact copy of the first under another name, a file
 * that does not parse; `udw import`, then `udw autolabel --commit --accept-above 0.8` (stop-code exit and
 * transition become confirmed labels with source stepcode). Then, through the LabelStore like the app:
 * one file loses its labels (a human deleted them), one gets a newer human exit beside its stop-code one,
 * and two get a human entry.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openCatalog } from '../../../src/main/db/openCatalog';
import { FileReviewStore } from '../../../src/main/labels/fileReview';
import { LabelSchemaStore } from '../../../src/main/labels/labelSchemaStore';
import { LabelStore } from '../../../src/main/labels/labelStore';
import { encodeLatin1, generateSetitec } from '../../../src/shared/setitec/generator/index';

export const FIXTURE_COUNT = 12;
export const HUMAN_EXIT_DEPTH = 3.25;

export interface DatasetFixture {
  data: string;
  catalog: string;
  /** The generated files, by global counter. */
  byCounter: Map<number, string>;
  duplicate: string;
  broken: string;
  /** Its labels were deleted. */
  unlabelled: string;
  /** Has a stop-code exit and a newer human exit. */
  twoExits: string;
  /** Have a human entry. */
  withEntry: string[];
}

export function udwSync(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync('node', ['bin/udw.js', ...args], { encoding: 'utf8', timeout: 120_000, env });
}

function must(res: ReturnType<typeof udwSync>, what: string): void {
  if (res.status !== 0) throw new Error(`${what} failed (exit ${res.status}): ${res.stderr}`);
}

export function makeDatasetFixture(root: string): DatasetFixture {
  const data = path.join(root, 'data');
  const byCounter = new Map<number, string>();
  let duplicate = '';
  for (let i = 0; i < FIXTURE_COUNT; i++) {
    const counter = 1000 + 3 * i;
    const g = generateSetitec({ seed: 200 + i, version: 9, family: 'mdbmql', rows: 600, globalCounter: counter });
    const dir = path.join(data, i % 2 === 0 ? 'a' : 'b');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, g.expected.fileName);
    fs.writeFileSync(file, encodeLatin1(g.text));
    byCounter.set(counter, file);
    if (i === 0) {
      fs.mkdirSync(path.join(data, 'c'), { recursive: true });
      duplicate = path.join(data, 'c', 'copy-of-first.xls');
      fs.writeFileSync(duplicate, encodeLatin1(g.text));
    }
  }
  const broken = path.join(data, 'c', 'broken.xls');
  fs.writeFileSync(broken, 'garbage\n');
  const catalog = path.join(root, 'catalog.sqlite');
  must(udwSync(['import', data, '--db', catalog, '--json']), 'udw import');
  must(udwSync(['autolabel', '--commit', '--accept-above', '0.8', '--db', catalog, '--json']), 'udw autolabel --commit');

  const unlabelled = byCounter.get(1015)!;
  const twoExits = byCounter.get(1021)!;
  const withEntry = [byCounter.get(1003)!, byCounter.get(1006)!];
  const db = openCatalog(catalog);
  try {
    const schema = new LabelSchemaStore(db);
    const labels = new LabelStore(db, schema, new FileReviewStore(db));
    const idOf = (p: string): number => db.prepare('SELECT id FROM files WHERE path = ?').pluck().get(p) as number;
    for (const l of labels.list(idOf(unlabelled))) if (l.state === 'confirmed') labels.apply({ op: 'delete', fileId: l.fileId, id: l.id }, 'tester');
    labels.apply({ op: 'create', fileId: idOf(twoExits), label: { id: 'human-exit-1', classId: 'exit', depth: HUMAN_EXIT_DEPTH, depthEnd: null, value: null } }, 'tester');
    withEntry.forEach((p, i) => {
      labels.apply({ op: 'create', fileId: idOf(p), label: { id: `human-entry-${i}`, classId: 'entry', depth: 0.9 + i / 10, depthEnd: null, value: null } }, 'tester');
    });
  } finally {
    db.close();
  }
  return { data, catalog, byCounter, duplicate, broken, unlabelled, twoExits, withEntry };
}
