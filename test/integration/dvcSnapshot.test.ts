/**
 * Dataset snapshots through DVC (issue 14) with the real `dvc` CLI and real git, a local-folder remote, and
 * two real back ends on two real SQLite catalogs holding the same generated Setitec files: laptop A builds
 * a snapshot and pushes it; laptop B clones A's data workspace, pulls the snapshot and gets A's labels.
 * Then: requests fired at once never meet DVC's repository lock, and an edit of one label on both laptops
 * comes back to B as a conflict, with B's label kept; and two laptops on one team repository (a bare git
 * remote) push different snapshots and pull each other's.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataWorkspace } from '../../src/main/sync/dvc/dataWorkspace';
import { pullSnapshot } from '../../src/main/sync/dvc/snapshotPull';
import { pushSnapshot } from '../../src/main/sync/dvc/snapshotPush';
import { busyFolders } from '../../src/main/sync/dvc/serialQueue';
import type { Label, LabelEdit } from '../../src/shared/api/labels.contract';
import type { LabelConflict } from '../../src/shared/api/labelSync.contract';
import type { DatasetOptions, SnapshotSummary } from '../../src/shared/api/training.contract';
import { cloneWorkspace, DVC, laptopMaker, SNAPSHOT_OPTIONS, type Laptop } from './helpers/dvcLaptop';

const works = (cmd: string) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;
const available = works(DVC) && works('git');
if (!available) console.warn(`SKIPPED: the DVC snapshot tests need the dvc CLI (${DVC}; scripts/bootstrap installs it in .venv) and git`);

const SEEDS = [31, 32, 33];
const OPTIONS = SNAPSHOT_OPTIONS;
const { laptop: makeLaptop, labelRows } = laptopMaker(SEEDS);

let root: string;
let remote: string;
let a: Laptop;
let b: Laptop | null;

const laptop = (name: string, annotator: string, workspaceDir?: string): Promise<Laptop> => makeLaptop(root, name, annotator, workspaceDir);

const point = (fileId: number, id: string, depth: number): LabelEdit => ({ op: 'create', fileId, label: { id, classId: 'entry', depth, depthEnd: null, value: null } });
const move = (fileId: number, id: string, depth: number): LabelEdit => ({ op: 'update', fileId, id, patch: { depth } });
const apply = (l: Laptop, edit: LabelEdit) => l.call('labels.apply', edit);
const snapshot = (l: Laptop, extra: DatasetOptions = {}) => l.call<SnapshotSummary>('datasets.create', { ...OPTIONS, ...extra });
const push = (l: Laptop, snapshotId: string) => pushSnapshot({ db: l.backend.context.db, workspace: l.workspace, snapshotId, remote: null });
const pull = (l: Laptop, snapshotId: string) => pullSnapshot({ db: l.backend.context.db, workspace: l.workspace, snapshotId, datasetsDir: path.join(l.dir, 'datasets'), remote: null });

/** Laptop B: its own catalog, and a fresh clone of A's data workspace repository. */
async function laptopB(): Promise<Laptop> {
  const clone = path.join(root, 'laptop-b', 'data-workspace');
  cloneWorkspace(a.workspace.dir, clone);
  b = await laptop('laptop-b', 'bob', clone);
  return b;
}

beforeEach(async () => {
  if (!available) return;
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-dvc-'));
  remote = path.join(root, 'remote');
  b = null;
  a = await laptop('laptop-a', 'alice');
  for (const seed of SEEDS) await apply(a, point(a.file(seed), `entry-${seed}`, 1 + seed / 100));
  await a.workspace.init(remote);
}, 120_000);

afterEach(async () => {
  if (!available) return;
  await a.backend.dispose();
  await b?.backend.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!available)('DVC snapshots between two catalogs', () => {
  it('snapshot → push → fresh clone elsewhere → pull: the labels are equal, the files verified and registered', async () => {
    const s = await snapshot(a);
    const pushed = await push(a, s.snapshotId);
    expect(pushed).toMatchObject({ snapshotId: s.snapshotId, status: 'pushed', dvcFile: `snapshots/${s.snapshotId}/data.dvc`, events: 3, remote: { url: remote } });
    expect(pushed.md5).toMatch(/^[0-9a-f]{32}\.dir$/);
    expect(pushed.uploaded).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(remote, 'files', 'md5')).length).toBeGreaterThan(0);
    const log = spawnSync('git', ['log', '--format=%s%n%an'], { cwd: a.workspace.dir, encoding: 'utf8' }).stdout;
    expect(log.split('\n').slice(0, 2)).toEqual([`snapshot ${s.snapshotId}`, 'alice']);

    const again = await push(a, s.snapshotId);
    expect(again).toMatchObject({ status: 'already_pushed', uploaded: 0, commit: pushed.commit, md5: pushed.md5 });
    expect(again.message).toMatch(/already pushed/);

    const lb = await laptopB();
    expect(Object.values(await labelRows(lb)).flat()).toEqual([]);
    const pulled = await pull(lb, s.snapshotId);
    expect(pulled).toMatchObject({ status: 'pulled', files: 3, verified: 4, conflicts: [], labels: { events: 3, replayed: 3, present: 0, unmatched: [] } });
    expect(pulled.dir).toBe(path.join(lb.dir, 'datasets', s.snapshotId));
    expect(await labelRows(lb)).toEqual(await labelRows(a));
    const listed = await lb.call<SnapshotSummary[]>('datasets.list', {});
    expect(listed.map((x) => [x.snapshotId, x.dir])).toEqual([[s.snapshotId, pulled.dir]]);
    // The same bytes as A built them.
    for (const name of ['manifest.json', 'labels.npy']) expect(fs.readFileSync(path.join(pulled.dir, name))).toEqual(fs.readFileSync(path.join(s.dir, name)));

    // Pulling again changes nothing.
    expect(await pull(lb, s.snapshotId)).toMatchObject({ labels: { replayed: 0, present: 3 }, conflicts: [] });
    expect(await labelRows(lb)).toEqual(await labelRows(a));
  }, 240_000);

  it('refuses a pulled snapshot whose signal file does not match its manifest', async () => {
    const s = await snapshot(a);
    await push(a, s.snapshotId);
    const lb = await laptopB();
    // A damaged object on the remote (one signal file of the snapshot).
    const signal = fs.readdirSync(path.join(s.dir, 'signals'))[0]!;
    const bytes = fs.readFileSync(path.join(s.dir, 'signals', signal));
    const found = (function find(dir: string): string | null {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          const hit = find(p);
          if (hit) return hit;
        } else if (fs.statSync(p).size === bytes.length && fs.readFileSync(p).equals(bytes)) return p;
      }
      return null;
    })(path.join(remote, 'files'));
    expect(found).not.toBeNull();
    fs.chmodSync(found!, 0o644);
    const damaged = Buffer.from(bytes);
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 1) ^ 0xff, damaged.length - 1);
    fs.writeFileSync(found!, damaged);
    await expect(pull(lb, s.snapshotId)).rejects.toThrow(/SHA-256|checksum|hash|corrupt/i);
    expect(await lb.call<SnapshotSummary[]>('datasets.list', {})).toEqual([]);
    expect(Object.values(await labelRows(lb)).flat()).toEqual([]);
  }, 240_000);

  it('five pushes and pulls fired at once all succeed: the queue keeps DVC off its own lock', async () => {
    const snaps = [await snapshot(a, { seed: 1 }), await snapshot(a, { seed: 2 }), await snapshot(a, { seed: 3 })];
    expect(new Set(snaps.map((x) => x.snapshotId)).size).toBe(3);
    // Two workspace objects on one folder share its queue as well.
    const other = new DataWorkspace(a.workspace.dir, { author: 'alice', dvc: DVC });
    const db = a.backend.context.db;
    const jobs = [
      push(a, snaps[0]!.snapshotId),
      pushSnapshot({ db, workspace: other, snapshotId: snaps[1]!.snapshotId, remote: null }),
      push(a, snaps[2]!.snapshotId),
      push(a, snaps[0]!.snapshotId),
      pullSnapshot({ db, workspace: other, snapshotId: snaps[0]!.snapshotId, datasetsDir: path.join(a.dir, 'datasets'), remote: null }),
    ];
    const settled = await Promise.allSettled(jobs);
    const errors = settled.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
    expect(errors).toEqual([]);
    const values = settled.map((r) => (r as PromiseFulfilledResult<{ status: string }>).value.status);
    expect(values).toEqual(['pushed', 'pushed', 'pushed', 'already_pushed', 'pulled']);
    await new Promise((r) => setImmediate(r));
    expect(busyFolders()).toBe(0);
    // Every snapshot got its own commit, in the order asked.
    const subjects = spawnSync('git', ['log', '--format=%s'], { cwd: a.workspace.dir, encoding: 'utf8' }).stdout.trim().split('\n');
    expect(subjects.slice(0, 3)).toEqual([snaps[2], snaps[1], snaps[0]].map((x) => `snapshot ${x!.snapshotId}`));
  }, 240_000);

  it('one label edited on both laptops comes back as a conflict for a human; the local label stays', async () => {
    const first = await snapshot(a);
    await push(a, first.snapshotId);
    const lb = await laptopB();
    await pull(lb, first.snapshotId);
    await apply(a, move(a.file(31), 'entry-31', 2.5));
    await apply(lb, move(lb.file(31), 'entry-31', 2.7));
    const second = await snapshot(a);
    expect(second.snapshotId).not.toBe(first.snapshotId);
    await push(a, second.snapshotId);

    // B's clone lacks the new .dvc file: the pull fetches it from A's repository first.
    const pulled = await pull(lb, second.snapshotId);
    expect(pulled.conflicts).toHaveLength(1);
    expect(pulled.conflicts[0]).toMatchObject({ reason: 'concurrent_edit', labelId: 'entry-31', local: { depth: 2.7, annotator: 'bob' }, theirs: { depth: 2.5, annotator: 'alice' } });
    expect(pulled.message).toMatch(/1 conflict/);
    const kept = (await lb.call<Label[]>('labels.list', { fileId: lb.file(31) })).find((l) => l.id === 'entry-31');
    expect(kept).toMatchObject({ depth: 2.7, annotator: 'bob' });
    const open = await lb.call<LabelConflict[]>('labels.conflicts', {});
    expect(open.map((c) => [c.labelId, c.theirs?.depth])).toEqual([['entry-31', 2.5]]);
  }, 240_000);
  it('two laptops on one team repository push different snapshots; each pulls the other\'s: one set of labels', async () => {
    const git = (cwd: string, ...args: string[]) => {
      const res = spawnSync('git', args, { cwd, encoding: 'utf8' });
      if (res.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${res.stderr}`);
      return res.stdout;
    };
    const team = path.join(root, 'team.git');
    git(root, 'init', '--quiet', '--bare', team);
    git(a.workspace.dir, 'remote', 'add', 'origin', team);
    git(a.workspace.dir, 'push', '--quiet', '-u', 'origin', 'HEAD');
    const clone = path.join(root, 'laptop-b', 'data-workspace');
    fs.mkdirSync(path.dirname(clone), { recursive: true });
    git(root, 'clone', '--quiet', team, clone);
    b = await laptop('laptop-b', 'bob', clone);
    await apply(b, point(b.file(32), 'b-entry-32', 3.2));

    const fromA = await snapshot(a);
    expect(await push(a, fromA.snapshotId)).toMatchObject({ status: 'pushed', git: 'pushed' });
    // B's history is behind the team's now: its push rebases onto it (the two commits share no file) and goes on.
    const fromB = await snapshot(b);
    expect(await push(b, fromB.snapshotId)).toMatchObject({ status: 'pushed', git: 'pushed' });
    expect(git(team, 'log', '--format=%s', '-2').trim().split('\n')).toEqual([`snapshot ${fromB.snapshotId}`, `snapshot ${fromA.snapshotId}`]);

    expect(await pull(a, fromB.snapshotId)).toMatchObject({ conflicts: [], labels: { replayed: 1 } });
    expect(await pull(b, fromA.snapshotId)).toMatchObject({ conflicts: [], labels: { replayed: 3 } });
    const rows = await labelRows(a);
    expect(rows[32]!.map((l) => l.id).sort()).toEqual(['b-entry-32', 'entry-32']);
    expect(await labelRows(b)).toEqual(rows);
  }, 300_000);
});
