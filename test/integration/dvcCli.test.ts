/**
 * `udw workspace init` and `udw snapshot push|pull` through the real bin script, the real dvc CLI and git,
 * on a catalog made with `udw import` from generated files (human entry labels through the LabelStore).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../src/main/db/openCatalog';
import { FileReviewStore } from '../../src/main/labels/fileReview';
import { LabelSchemaStore } from '../../src/main/labels/labelSchemaStore';
import { LabelStore } from '../../src/main/labels/labelStore';
import { locateDvc } from '../../src/main/sync/dvc/toolCommand';
import { encodeLatin1, generateSetitec } from '../../src/shared/setitec/generator/index';
import { udwSync } from './helpers/datasetFixture';

const DVC = locateDvc();
const works = (cmd: string) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;
const available = works(DVC) && works('git');
if (!available) console.warn(`SKIPPED: the udw snapshot CLI tests need the dvc CLI (${DVC}; scripts/bootstrap installs it in .venv) and git`);

let root: string;
let catalog: string;
let remote: string;

function udw(...args: string[]) {
  return udwSync([...args, '--db', catalog]);
}
function json(res: ReturnType<typeof udwSync>): Record<string, unknown> {
  if (res.status !== 0) throw new Error(`udw failed (exit ${res.status}): ${res.stderr}${res.stdout}`);
  return JSON.parse(res.stdout) as Record<string, unknown>;
}

beforeAll(() => {
  if (!available) return;
  execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-dvc-cli-'));
  catalog = path.join(root, 'catalog.sqlite');
  remote = path.join(root, 'remote');
  fs.mkdirSync(path.join(root, 'data'));
  for (const seed of [41, 42]) {
    const g = generateSetitec({ seed, version: 9, family: 'mdb4', rows: 300 });
    fs.writeFileSync(path.join(root, 'data', g.expected.fileName), encodeLatin1(g.text));
  }
  json(udw('import', path.join(root, 'data'), '--json'));
  const db = openCatalog(catalog);
  try {
    const labels = new LabelStore(db, new LabelSchemaStore(db), new FileReviewStore(db));
    const ids = db.prepare('SELECT id FROM files ORDER BY id').pluck().all() as number[];
    ids.forEach((fileId, i) => labels.apply({ op: 'create', fileId, label: { id: `entry-${i}`, classId: 'entry', depth: 1.5 + i / 10, depthEnd: null, value: null } }, 'tester'));
  } finally {
    db.close();
  }
}, 180_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!available)('udw workspace / udw snapshot', () => {
  it('init, push, push again (a no-op that says so), pull into the same catalog', () => {
    const init = json(udw('workspace', 'init', '--remote', remote, '--json'));
    expect(init).toEqual({ workspace: path.join(root, 'data-workspace'), created: true, cloned: null, remote: { name: 'origin', url: remote } });
    expect(fs.readFileSync(path.join(root, 'data-workspace', '.dvc', 'config'), 'utf8')).toMatch(/analytics = false[\s\S]*autostage = false|autostage = false[\s\S]*analytics = false/);
    expect(JSON.parse(fs.readFileSync(path.join(root, 'settings.json'), 'utf8'))).toMatchObject({ dvcRemote: remote });

    const snap = json(udw('dataset', 'create', '--sources', 'human', '--classes', 'entry', '--min-classes', '1', '--val-fraction', '0', '--json'));
    const id = snap.snapshotId as string;
    const pushed = json(udw('snapshot', 'push', id, '--json'));
    // manifest.json, labels.npy, two signal files and the label events
    expect(pushed).toMatchObject({ snapshotId: id, status: 'pushed', events: 2, files: 5, dvcFile: `snapshots/${id}/data.dvc`, git: 'no_git_remote' });
    const again = json(udw('snapshot', 'push', id, '--json'));
    expect(again).toMatchObject({ status: 'already_pushed', uploaded: 0, commit: pushed.commit });
    expect(udw('snapshot', 'push', id).stdout).toContain(`snapshot ${id} is already pushed to ${remote}`);

    const pulled = json(udw('snapshot', 'pull', id, '--json'));
    expect(pulled).toMatchObject({ status: 'pulled', files: 2, conflicts: [], labels: { present: 2, replayed: 0 } });
  }, 240_000);

  it('says what is wrong: no id, an id that is no snapshot, a snapshot the catalog does not have', () => {
    const noId = udw('snapshot', 'push');
    expect(noId.status).toBe(2);
    expect(noId.stderr).toContain('a snapshot id is required');
    const bad = udw('snapshot', 'pull', 'abc');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("snapshot 'abc': expected a snapshot id (64 hex digits");
    const unknown = udw('snapshot', 'push', 'f'.repeat(64));
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain(`snapshot ${'f'.repeat(64)}: not on this workstation`);
  }, 120_000);
});
