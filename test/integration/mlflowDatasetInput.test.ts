/**
 * The dataset a synced run trained on, as the real MLflow server keeps it (`runs/log-inputs`): the snapshot's
 * digest (MLflow keeps 36 characters; the full snapshot id is in the input's tags and profile) and, for a
 * snapshot pushed with the real `dvc` CLI to a local-folder remote, DVC's md5 of the folder as its data
 * workspace's .dvc file says. A run on a snapshot never pushed carries no md5. Skipped without MLflow or DVC.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../src/main/db/openCatalog';
import { DataWorkspace } from '../../src/main/sync/dvc/dataWorkspace';
import { readDvcFile } from '../../src/main/sync/dvc/snapshotFiles';
import { pushSnapshot } from '../../src/main/sync/dvc/snapshotPush';
import { locateDvc } from '../../src/main/sync/dvc/toolCommand';
import { MlflowClient } from '../../src/main/sync/mlflow/mlflowClient';
import { MlflowHttp } from '../../src/main/sync/mlflow/mlflowHttp';
import { drainOutbox } from '../../src/main/sync/outbox/drainOutbox';
import { enqueueEndedRuns } from '../../src/main/sync/outbox/enqueueRun';
import { OutboxStore } from '../../src/main/sync/outbox/outboxStore';
import { RunStore } from '../../src/main/training/runStore';
import { makeSyntheticSnapshot, type SyntheticSnapshot } from '../helpers/fakeBridge/syntheticSnapshot';
import { haveMlflow, MlflowServer } from '../helpers/mlflowServer';

const DVC = locateDvc();
const works = (cmd: string): boolean => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;
const available = haveMlflow && works(DVC) && works('git');
if (!available) console.warn(`SKIPPED: the dataset-input test needs MLflow and the dvc CLI in .venv (${DVC}) and git (scripts/bootstrap installs them)`);

interface InputRead {
  tags?: Array<{ key: string; value: string }>;
  dataset: { name: string; digest: string; source_type: string; source: string; profile?: string };
}

let server: MlflowServer;
let root: string;
let fx: SyntheticSnapshot;

function addRun(runId: string, snapshotId: string, datasetDir: string): void {
  const db = openCatalog(fx.catalog);
  try {
    const store = new RunStore(db);
    const dir = path.join(root, 'runs', runId);
    fs.mkdirSync(dir, { recursive: true });
    store.create({ runId, snapshotId, datasetDir, dir, params: { epochs: 1 }, python: 'python3', nproc: 1, resumedFrom: null });
    store.markRunning(runId);
    store.finish(runId, { status: 'finished', exitCode: 0, error: null });
  } finally {
    db.close();
  }
}

describe.skipIf(!available)('dataset inputs of synced runs', () => {
  beforeAll(async () => {
    const built = spawnSync('node', ['scripts/build-node.mjs'], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-dataset-input-'));
    [server, fx] = await Promise.all([MlflowServer.start(), Promise.resolve(makeSyntheticSnapshot(root, 4))]);
  }, 400_000);

  afterAll(async () => {
    await server?.dispose();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('carry the snapshot digest and, once the snapshot is pushed with DVC, its DVC md5', async () => {
    // The catalog's default data workspace (beside it), initialised with a local-folder remote, and the snapshot pushed.
    const workspace = new DataWorkspace(path.join(path.dirname(fx.catalog), 'data-workspace'), { author: 'alice', dvc: DVC });
    await workspace.init(path.join(root, 'dvc-remote'));
    const db = openCatalog(fx.catalog);
    const pushed = await pushSnapshot({ db, workspace, snapshotId: fx.snapshotId, remote: null }).finally(() => db.close());
    expect(pushed.md5).toMatch(/^[0-9a-f]{32}\.dir$/);
    expect(readDvcFile(path.join(workspace.dir, pushed.dvcFile)).md5).toBe(pushed.md5);

    const unpushed = 'b'.repeat(64);
    addRun('run-inputdvc01', fx.snapshotId, fx.snapshot);
    addRun('run-inputraw01', unpushed, path.join(root, 'elsewhere'));
    const client = new MlflowClient(new MlflowHttp({ url: server.url }));
    const cat = openCatalog(fx.catalog);
    try {
      expect(enqueueEndedRuns(cat, { server: server.url, experiment: 'udw-inputs', offline: false }).sort()).toEqual(['run-inputdvc01', 'run-inputraw01']);
      await drainOutbox({ client, store: new OutboxStore(cat), retry: { attempts: 2, baseMs: 1, maxMs: 2 }, once: true });
      const byLocal = new Map(new OutboxStore(cat).runs().map((r) => [r.local_run_id, r]));
      expect([...byLocal.values()].map((r) => r.state)).toEqual(['done', 'done']);

      const inputOf = async (localId: string): Promise<InputRead> => {
        const res = await server.api<{ run: { inputs?: { dataset_inputs?: InputRead[] } } }>('GET', `api/2.0/mlflow/runs/get?run_id=${byLocal.get(localId)!.mlflow_run_id}`);
        expect(res.run.inputs?.dataset_inputs).toHaveLength(1);
        return res.run.inputs!.dataset_inputs![0]!;
      };
      const tags = (i: InputRead): Record<string, string> => Object.fromEntries((i.tags ?? []).map((t) => [t.key, t.value]));

      const dvc = await inputOf('run-inputdvc01');
      expect(dvc.dataset).toMatchObject({ name: `snapshot-${fx.snapshotId.slice(0, 12)}`, digest: fx.snapshotId.slice(0, 36), source_type: 'dvc', source: fx.snapshot });
      expect(tags(dvc)).toEqual({ 'mlflow.data.context': 'training', 'udw.snapshot_id': fx.snapshotId, 'udw.dvc_md5': pushed.md5 });
      expect(JSON.parse(dvc.dataset.profile!)).toMatchObject({ snapshot_id: fx.snapshotId, dvc_md5: pushed.md5 });

      const raw = await inputOf('run-inputraw01');
      expect(raw.dataset).toMatchObject({ digest: unpushed.slice(0, 36), source_type: 'local' });
      expect(tags(raw)).toEqual({ 'mlflow.data.context': 'training', 'udw.snapshot_id': unpushed });
    } finally {
      cat.close();
      await client.http.close();
    }
  }, 300_000);
});
