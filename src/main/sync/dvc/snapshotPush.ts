/**
 * `snapshot push`: a dataset snapshot and its label events into the data workspace under snapshots/<id>/data,
 * `dvc add`, the .dvc file committed (`snapshot <id>`), `dvc push` to the default remote. All of it is one
 * job in the workspace's queue. Idempotent: a snapshot whose .dvc file is committed is only checked against
 * the remote (`dvc status -c --json`), and pushed again only when the remote lacks some of it (an earlier
 * push that was cut off), else it is a no-op that says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CatalogDb } from '../../db/openCatalog';
import { LabelTravel } from '../../labels/travel/labelTravel';
import { SnapshotStore } from '../../training/dataset/snapshotStore';
import { ensureRemote, type DataWorkspace, type WorkspaceOps } from './dataWorkspace';
import { copyTree, EVENTS_FILE, moveInto, readDvcFile, readManifest, tempBeside } from './snapshotFiles';

export interface SnapshotPushResult {
  snapshotId: string;
  /** pushed: added, committed and uploaded now; resumed: committed earlier, the rest uploaded now; already_pushed: nothing to do. */
  status: 'pushed' | 'resumed' | 'already_pushed';
  message: string;
  workspace: string;
  remote: { name: string; url: string };
  /** snapshots/<id>/data.dvc, relative to the workspace. */
  dvcFile: string;
  /** The git commit holding the .dvc file. */
  commit: string;
  /** DVC's hash of the folder (ending in .dir): the version to record with a training run. */
  md5: string | null;
  files: number | null;
  bytes: number | null;
  /** Files DVC uploaded in this call. */
  uploaded: number;
  /** Label events written with the snapshot (null when it was pushed before). */
  events: number | null;
  /** The workspace's git commits sent to its own git remote: pushed, none (no git remote), or why not. */
  git: 'pushed' | 'no_git_remote' | { failed: string };
}

export interface PushInput {
  db: CatalogDb;
  workspace: DataWorkspace;
  snapshotId: string;
  /** The settings' dvcRemote (null: the workspace's own default remote). */
  remote: string | null;
}

/**
 * snapshots/<id>/data is the tracked folder, snapshots/<id>/data.dvc its .dvc file, and the .gitignore DVC
 * writes lands in snapshots/<id>/ too: every snapshot touches only files of its own, so the commits of two
 * workstations pushing different snapshots never conflict when their git histories meet.
 */
export const snapshotPath = (id: string): string => `snapshots/${id}/data`;
export const dvcFileOf = (id: string): string => `${snapshotPath(id)}.dvc`;
const gitignoreOf = (id: string): string => `snapshots/${id}/.gitignore`;

/** The commit that last touched `file`, or null when git has never committed it. */
export async function committedAt(ops: WorkspaceOps, file: string): Promise<string | null> {
  const out = (await ops.git(['log', '-1', '--format=%H', '--', file]).catch(() => ({ stdout: '' }))).stdout.trim();
  return out === '' ? null : out;
}

function uploadedCount(stdout: string): number {
  const m = /(\d+)\s+files?\s+pushed/.exec(stdout);
  return m ? Number(m[1]) : 0;
}

/** Objects of `target` the remote lacks, per `dvc status -c --json` (an empty object: none). */
async function missingOnRemote(ops: WorkspaceOps, dvcFile: string, remote: string): Promise<number> {
  const status = await ops.dvcJson(['status', '--cloud', '--remote', remote, '--json', dvcFile]);
  return status && typeof status === 'object' ? Object.keys(status).length : 0;
}

/**
 * Others find the snapshot by its .dvc file: when the workspace is a clone of a team repository, the commit
 * goes there too. The data is already on the DVC remote, so a refused git push is reported, not fatal.
 */
async function pushGit(ops: WorkspaceOps): Promise<SnapshotPushResult['git']> {
  if ((await ops.git(['remote'])).stdout.trim() === '') return 'no_git_remote';
  try {
    await ops.git(['push', '--quiet']);
    return 'pushed';
  } catch {
    // Most often someone else pushed first: their snapshots' files are not ours (snapshotPath), so a rebase is clean.
    try {
      await ops.git(['pull', '--rebase', '--quiet']);
      await ops.git(['push', '--quiet']);
      return 'pushed';
    } catch (err) {
      return { failed: (err as Error).message };
    }
  }
}

export function pushSnapshot(input: PushInput): Promise<SnapshotPushResult> {
  const { db, workspace, snapshotId } = input;
  const manifestFile = new SnapshotStore(db).manifestPath(snapshotId);
  if (!manifestFile) return Promise.reject(new Error(`snapshot ${snapshotId}: not on this workstation (or its folder no longer holds it); \`udw dataset list\` shows the ones that are`));
  const source = path.dirname(manifestFile);
  if (!workspace.isInitialised()) return Promise.reject(new Error(`data workspace ${workspace.dir}: not a git + DVC repository yet; run \`udw workspace init\` first`));

  return workspace.exclusive(async (ops) => {
    const remote = await ensureRemote(ops, input.remote);
    const rel = snapshotPath(snapshotId);
    const dvcFile = dvcFileOf(snapshotId);
    const done = (status: SnapshotPushResult['status'], commit: string, uploaded: number, events: number | null, message: string): SnapshotPushResult => ({
      snapshotId,
      status,
      message,
      workspace: ops.dir,
      remote,
      dvcFile,
      commit,
      ...(({ md5, nfiles, size }) => ({ md5, files: nfiles, bytes: size }))(readDvcFile(path.join(ops.dir, dvcFile))),
      uploaded,
      events,
      git: 'no_git_remote',
    });

    const earlier = fs.existsSync(path.join(ops.dir, dvcFile)) ? await committedAt(ops, dvcFile) : null;
    if (earlier !== null) {
      if ((await missingOnRemote(ops, dvcFile, remote.name)) === 0) {
        return done('already_pushed', earlier, 0, null, `snapshot ${snapshotId} is already pushed to ${remote.url} (commit ${earlier.slice(0, 12)}); nothing to do`);
      }
      const pushed = await ops.dvc(['push', '--remote', remote.name, dvcFile]);
      return done('resumed', earlier, uploadedCount(pushed.stdout), null, `snapshot ${snapshotId} was committed before; uploaded what ${remote.url} lacked`);
    }

    // A fresh copy every time it is not committed: whatever an interrupted push left there is replaced.
    const manifest = readManifest(source);
    const target = path.join(ops.dir, rel);
    const tmp = tempBeside(target);
    let events: number;
    try {
      copyTree(source, tmp);
      const exported = new LabelTravel(db).exportEvents([...new Set(manifest.files.map((f) => f.fileId))]);
      fs.writeFileSync(path.join(tmp, EVENTS_FILE), exported.jsonl);
      events = exported.events;
      moveInto(tmp, target);
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
    await ops.dvc(['add', '--quiet', rel]);
    const commit = await ops.commit([dvcFile, gitignoreOf(snapshotId)], `snapshot ${snapshotId}`);
    if (commit === null) throw new Error(`data workspace ${ops.dir}: dvc add ${rel} left nothing to commit; expected a new ${dvcFile}`);
    const pushed = await ops.dvc(['push', '--remote', remote.name, dvcFile]);
    const result = done('pushed', commit, uploadedCount(pushed.stdout), events, `snapshot ${snapshotId} pushed to ${remote.url} (${events} label events)`);
    return { ...result, git: await pushGit(ops) };
  });
}
