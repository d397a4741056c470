/**
 * Files for the models end-to-end test, made the way a user makes them: generated MDB-MQL files (their
 * torque_net and thrust_net are the channels the tiny fixture model reads) imported into the web host's
 * catalog, the fixture model registered and activated with the real `udw models` commands on the same
 * catalog file, the stop-code proposals committed as pending proposals, and a batch run over one folder through
 * the back end so the catalog has model confidences and disagreements.
 * The other folder's file is left for the annotation view to pre-annotate when it opens.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FileRow } from '../../src/shared/api/catalog.contract';
import type { InferBatchResult, ModelInfo } from '../../src/shared/api/models.contract';
import { encodeLatin1, generateSetitec } from '../../src/shared/setitec/generator/index';
import type { WebHostFixture } from './fixtures';

export const TINY_MODEL = path.resolve('test', 'fixtures', 'models', 'tiny.onnx');

export interface ModelFiles {
  /** A word in every file's folder: the catalog search shows only this test's files. */
  token: string;
  model: ModelInfo;
  /** Files the batch run pre-annotated. */
  batchIds: number[];
  /** The file the model has not seen yet. */
  freshId: number;
}

async function dispatch<T>(web: WebHostFixture, channel: string, payload: unknown): Promise<T> {
  return (await web.backend.dispatch(channel, payload)) as T;
}

function udw(args: string[]): string {
  const res = spawnSync('node', ['bin/udw.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  if (res.status !== 0) throw new Error(`models fixture: udw ${args.join(' ')} failed (exit ${res.status}): ${res.stderr}`);
  return res.stdout;
}

export async function modelFiles(web: WebHostFixture, batchCount = 4): Promise<ModelFiles> {
  const token = `modelse2e${Date.now().toString(36)}`;
  const root = fs.mkdtempSync(path.join(web.dir, `${token}-`));
  const batchDir = path.join(root, 'batch');
  const freshDir = path.join(root, 'fresh');
  fs.mkdirSync(batchDir);
  fs.mkdirSync(freshDir);
  for (let i = 0; i <= batchCount; i++) {
    const g = generateSetitec({ seed: 8100 + i, version: 9, family: 'mdbmql', rows: 600, globalCounter: 3000 + i });
    fs.writeFileSync(path.join(i < batchCount ? batchDir : freshDir, g.expected.fileName), encodeLatin1(g.text));
  }
  const { imported } = await dispatch<{ imported: number }>(web, 'catalog.import', { dirs: [root] });
  if (imported !== batchCount + 1) throw new Error(`models fixture: imported ${imported} of ${batchCount + 1} generated files from ${root}`);

  // Stop-code proposals (left pending) for the disagreement between them and the model's.
  const jobId = `${token}-stepcode`;
  await dispatch(web, 'autolabel.run', { scope: { kind: 'folder', folder: root }, jobId });
  await dispatch(web, 'autolabel.commit', { jobId });

  const catalog = path.join(web.dir, 'catalog.sqlite');
  const model = JSON.parse(udw(['models', 'import', TINY_MODEL, '--db', catalog, '--json'])) as ModelInfo;
  udw(['models', 'activate', model.id, '--db', catalog, '--json']);

  const batch = await dispatch<InferBatchResult>(web, 'models.inferBatch', { scope: { kind: 'folder', folder: batchDir } });
  if (batch.state !== 'complete' || batch.created === 0) throw new Error(`models fixture: the batch run over ${batchDir} stored nothing: ${JSON.stringify(batch)}`);

  const rows = (await dispatch<FileRow[]>(web, 'catalog.listFiles', {})).filter((f) => f.path.startsWith(root));
  const freshId = rows.find((f) => f.folder === freshDir)!.id;
  return { token, model: { ...model, active: true }, batchIds: rows.filter((f) => f.folder === batchDir).map((f) => f.id), freshId };
}
