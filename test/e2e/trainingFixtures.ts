/**
 * Labelled files for the training end-to-end test, made the way a user makes them: generated MDB-MQL files
 * (a program with sensing triggers, so stop-code proposals exist) with global counters spread over several
 * counter blocks, imported into the web host's catalog, then auto-labelled and committed accepting the
 * proposals of confidence ≥ 0.8 (their exit and CFRP→Ti transition become confirmed stop-code labels).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AutolabelCommitResult } from '../../src/shared/api/autolabel.contract';
import { encodeLatin1, generateSetitec } from '../../src/shared/setitec/generator/index';
import type { WebHostFixture } from './fixtures';

export interface LabelledFiles {
  folder: string;
  files: number;
  accepted: number;
}

async function dispatch<T>(web: WebHostFixture, channel: string, payload: unknown): Promise<T> {
  return (await web.backend.dispatch(channel, payload)) as T;
}

/**
 * `count` files with global counters 1000, 1003, …: with the default grouping (blocks of 10 counters) they
 * fall into several groups, so a grouped split has both a training and a validation side.
 */
export async function labelledMdbMql(web: WebHostFixture, count = 12, rows = 600): Promise<LabelledFiles> {
  const folder = fs.mkdtempSync(path.join(web.dir, 'mdbmql-'));
  for (let i = 0; i < count; i++) {
    const g = generateSetitec({ seed: 7300 + i, version: 9, family: 'mdbmql', rows, globalCounter: 1000 + 3 * i });
    fs.writeFileSync(path.join(folder, g.expected.fileName), encodeLatin1(g.text));
  }
  const { imported } = await dispatch<{ imported: number }>(web, 'catalog.import', { dirs: [folder] });
  if (imported !== count) throw new Error(`training fixture: imported ${imported} of ${count} generated files from ${folder}`);
  const jobId = 'e2e-training-labels';
  await dispatch(web, 'autolabel.run', { scope: { kind: 'folder', folder }, jobId });
  const result = await dispatch<AutolabelCommitResult>(web, 'autolabel.commit', { jobId, acceptAbove: 0.8 });
  if (result.accepted === 0) throw new Error(`training fixture: no stop-code proposal of ${folder} reached confidence 0.8`);
  return { folder, files: count, accepted: result.accepted };
}
