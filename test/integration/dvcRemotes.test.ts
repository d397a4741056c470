/**
 * DVC remotes beyond a local folder (issue 14), each against a real server: an S3-compatible store
 * (`moto_server`, test/helpers/s3Server.ts, with the dvc-s3 plugin) and a WebDAV server (WsgiDAV,
 * test/helpers/webdavServer.ts, with dvc-webdav). For each: laptop A snapshots its labels and pushes them,
 * laptop B clones A's data workspace into a fresh folder, pulls, and has A's labels; the objects are on the
 * server and not in any local folder. S3 credentials come from a credentials file named by the environment
 * (as a team's AWS profile would), and never reach the workspace's git history, its DVC config or a result.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pullSnapshot } from '../../src/main/sync/dvc/snapshotPull';
import { pushSnapshot } from '../../src/main/sync/dvc/snapshotPush';
import type { SnapshotSummary } from '../../src/shared/api/training.contract';
import { motoMissing, S3Server } from '../helpers/s3Server';
import { WebdavServer, wsgidavMissing } from '../helpers/webdavServer';
import { cloneWorkspace, DVC, laptopMaker, SNAPSHOT_OPTIONS, type Laptop } from './helpers/dvcLaptop';

const PYTHON = path.resolve('.venv', 'bin', 'python');
const works = (cmd: string, args = ['--version']) => spawnSync(cmd, args, { encoding: 'utf8' }).status === 0;
const plugin = (mod: string, pip: string) => (works(PYTHON, ['-c', `import ${mod}`]) ? null : `the ${pip} DVC plugin is not in .venv (python-bridge/requirements-dev.txt; scripts/bootstrap)`);
const base = works(DVC) && works('git') ? null : `the dvc CLI (${DVC}) and git`;
const s3Missing = base ?? motoMissing ?? plugin('dvc_s3', 'dvc-s3');
const davMissing = base ?? wsgidavMissing ?? plugin('dvc_webdav', 'dvc-webdav');
if (s3Missing) console.warn(`SKIPPED: DVC S3 remote test: ${s3Missing}`);
if (davMissing) console.warn(`SKIPPED: DVC WebDAV remote test: ${davMissing}`);

const SEEDS = [41, 42];
const OPTIONS = SNAPSHOT_OPTIONS;
const { laptop: makeLaptop, labelRows } = laptopMaker(SEEDS);

let root: string;
const open: Laptop[] = [];

async function laptop(name: string, annotator: string, workspaceDir: string): Promise<Laptop> {
  const l = await makeLaptop(root, name, annotator, workspaceDir);
  open.push(l);
  return l;
}

/** Every file under `dir` (the workspace), for checking that no secret was written anywhere in it. */
function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []));
}

/**
 * Laptop A labels both files, snapshots, inits its workspace on `remoteUrl` and pushes; laptop B clones the
 * workspace and pulls. Returns both, the push and pull results, for the remote-specific checks.
 */
async function roundTrip(remoteUrl: string) {
  const a = await laptop('laptop-a', 'alice', path.join(root, 'laptop-a', 'data-workspace'));
  for (const seed of SEEDS) await a.call('labels.apply', { op: 'create', fileId: a.file(seed), label: { id: `entry-${seed}`, classId: 'entry', depth: 1 + seed / 100, depthEnd: null, value: null } });
  const snap = await a.call<SnapshotSummary>('datasets.create', OPTIONS);
  expect(await a.workspace.init(remoteUrl)).toMatchObject({ created: true, remote: { name: 'origin', url: remoteUrl } });
  const pushed = await pushSnapshot({ db: a.backend.context.db, workspace: a.workspace, snapshotId: snap.snapshotId, remote: null });
  expect(pushed).toMatchObject({ status: 'pushed', events: SEEDS.length, remote: { url: remoteUrl } });
  expect(pushed.uploaded).toBeGreaterThan(0);
  // The second push asks the remote (`dvc status -c`) and finds everything there.
  expect(await pushSnapshot({ db: a.backend.context.db, workspace: a.workspace, snapshotId: snap.snapshotId, remote: null })).toMatchObject({ status: 'already_pushed', uploaded: 0 });

  const clone = path.join(root, 'laptop-b', 'data-workspace');
  cloneWorkspace(a.workspace.dir, clone);
  const b = await laptop('laptop-b', 'bob', clone);
  expect(Object.values(await labelRows(b)).flat()).toEqual([]);
  const pulled = await pullSnapshot({ db: b.backend.context.db, workspace: b.workspace, snapshotId: snap.snapshotId, datasetsDir: path.join(b.dir, 'datasets'), remote: null });
  expect(pulled).toMatchObject({ status: 'pulled', files: SEEDS.length, conflicts: [], remote: { url: remoteUrl }, labels: { events: SEEDS.length, replayed: SEEDS.length, present: 0 } });
  expect(await labelRows(b)).toEqual(await labelRows(a));
  expect(fs.readFileSync(path.join(pulled.dir, 'labels.npy'))).toEqual(fs.readFileSync(path.join(snap.dir, 'labels.npy')));
  return { a, b, snap, pushed, pulled };
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-dvc-remotes-'));
});

afterEach(async () => {
  for (const l of open.splice(0)) await l.backend.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

describe.skipIf(s3Missing !== null)('DVC snapshots through an S3-compatible remote (moto_server, dvc-s3)', () => {
  let s3: S3Server;
  const saved: Record<string, string | undefined> = {};
  let awsDir: string;

  beforeAll(async () => {
    s3 = await S3Server.start({ bucket: 'udw-datasets' });
    // The DVC child inherits AWS_* (toolCommand.ts): the endpoint, and a credentials file rather than keys in
    // variables, as a team's profile would be. Nothing else from this machine's ~/.aws.
    awsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-aws-'));
    fs.writeFileSync(path.join(awsDir, 'credentials'), `[default]\naws_access_key_id = ${s3.accessKeyId}\naws_secret_access_key = ${s3.secretAccessKey}\n`, { mode: 0o600 });
    // Empty, not /dev/null: dvc-s3 refuses a config file path that is not a regular file.
    fs.writeFileSync(path.join(awsDir, 'config'), '');
    const env = { AWS_ENDPOINT_URL: s3.url, AWS_DEFAULT_REGION: s3.region, AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'), AWS_CONFIG_FILE: path.join(awsDir, 'config'), AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: undefined };
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }, 180_000);

  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(awsDir, { recursive: true, force: true });
    await s3?.stop();
  });

  it('snapshot → push → pull in a fresh clone: labels equal, objects in the bucket, the secret nowhere', async () => {
    const url = 's3://udw-datasets/team/dvc';
    const { a, b, pushed, pulled } = await roundTrip(url);
    const keys = await s3.keys('udw-datasets', 'team/dvc/files/md5/');
    expect(keys.length).toBe(pushed.uploaded);
    expect(keys.filter((k) => k.endsWith('.dir'))).toEqual([`team/dvc/files/md5/${pushed.md5!.slice(0, 2)}/${pushed.md5!.slice(2)}`]);

    const secret = s3.secretAccessKey;
    expect(JSON.stringify([pushed, pulled])).not.toContain(secret);
    for (const l of [a, b]) {
      for (const file of allFiles(l.workspace.dir)) expect(fs.readFileSync(file).includes(secret), file).toBe(false);
      const history = spawnSync('git', ['log', '-p', '--all'], { cwd: l.workspace.dir, encoding: 'utf8' }).stdout;
      expect(history).toContain(url);
      expect(history).not.toContain(secret);
    }
  }, 300_000);

  it('a push without credentials fails with DVC’s reason and the command, naming no secret', async () => {
    const file = process.env.AWS_SHARED_CREDENTIALS_FILE!;
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(awsDir, 'missing-credentials');
    // No instance-metadata lookup either: there is no EC2 here, only a wait for it.
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    try {
      const a = await laptop('laptop-a', 'alice', path.join(root, 'laptop-a', 'data-workspace'));
      await a.call('labels.apply', { op: 'create', fileId: a.file(41), label: { id: 'entry-41', classId: 'entry', depth: 1.4, depthEnd: null, value: null } });
      const snap = await a.call<SnapshotSummary>('datasets.create', OPTIONS);
      await a.workspace.init('s3://udw-datasets/nocreds');
      const err = await pushSnapshot({ db: a.backend.context.db, workspace: a.workspace, snapshotId: snap.snapshotId, remote: null }).then(
        () => null,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(err!.message).toMatch(/dvc push/);
      expect(err!.message).toContain(a.workspace.dir);
      expect(err!.message).toMatch(/Unable to locate credentials/);
      // What to change, not only what the S3 library said.
      expect(err!.message).toMatch(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_SHARED_CREDENTIALS_FILE/);
      expect(err!.message).not.toContain(s3.secretAccessKey);
      expect(await s3.keys('udw-datasets', 'nocreds/')).toEqual([]);
    } finally {
      process.env.AWS_SHARED_CREDENTIALS_FILE = file;
      delete process.env.AWS_EC2_METADATA_DISABLED;
    }
  }, 300_000);
});

describe.skipIf(davMissing !== null)('DVC snapshots through a WebDAV remote (WsgiDAV, dvc-webdav)', () => {
  let dav: WebdavServer;

  beforeAll(async () => {
    dav = await WebdavServer.start();
  }, 180_000);

  afterAll(async () => {
    await dav?.stop();
  });

  it('snapshot → push → pull in a fresh clone: labels equal, objects on the server', async () => {
    const url = dav.remoteUrl('team-dvc');
    const { pushed } = await roundTrip(url);
    const stored = allFiles(path.join(dav.root, 'team-dvc', 'files', 'md5'));
    expect(stored.length).toBe(pushed.uploaded);
    expect(stored.map((f) => path.relative(dav.root, f)).filter((f) => f.endsWith('.dir'))).toEqual([`team-dvc/files/md5/${pushed.md5!.slice(0, 2)}/${pushed.md5!.slice(2)}`]);
  }, 300_000);

  it('a remote folder the server lacks is named as the thing to create', async () => {
    const a = await laptop('laptop-a', 'alice', path.join(root, 'laptop-a', 'data-workspace'));
    await a.call('labels.apply', { op: 'create', fileId: a.file(42), label: { id: 'entry-42', classId: 'entry', depth: 1.4, depthEnd: null, value: null } });
    const snap = await a.call<SnapshotSummary>('datasets.create', OPTIONS);
    await a.workspace.init(`webdav://127.0.0.1:${dav.port}/never-made`);
    const push = pushSnapshot({ db: a.backend.context.db, workspace: a.workspace, snapshotId: snap.snapshotId, remote: null });
    await expect(push).rejects.toThrow(/dvc push .* failed .*WebDAV remote's folder does not exist on the server/);
    expect(fs.existsSync(path.join(dav.root, 'never-made'))).toBe(false);
  }, 300_000);
});
