/**
 * `snapshot pull`: a snapshot another workstation pushed, restored here. In the workspace's queue: the .dvc
 * file (a `git pull --rebase` first when the workspace is a clone that lacks it), `dvc pull` of that one
 * snapshot, the files checked against the manifest (its id, every signal file's SHA-256), copied into this
 * catalog's datasets folder and registered in its snapshots table; then its label events merged into the
 * catalog by event id (labels/travel), where an edit that did not see ours is kept as a conflict for a
 * human, never written over ours.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportEventsResult } from '../../../shared/api/labelSync.contract';
import type { CatalogDb } from '../../db/openCatalog';
import { LabelTravel } from '../../labels/travel/labelTravel';
import { existingSnapshotId } from '../../training/dataset/snapshotFolder';
import { SnapshotStore } from '../../training/dataset/snapshotStore';
import { summaryOf } from '../../training/dataset/summary';
import { ensureRemote, type DataWorkspace, type WorkspaceOps } from './dataWorkspace';
import { copyTree, EVENTS_FILE, moveInto, tempBeside, verifySnapshot } from './snapshotFiles';
import { dvcFileOf, snapshotPath } from './snapshotPush';

export interface SnapshotPullResult {
  snapshotId: string;
  status: 'pulled';
  message: string;
  workspace: string;
  remote: { name: string; url: string };
  /** Where the snapshot now lives for this catalog (registered in its snapshots table). */
  dir: string;
  files: number;
  /** Files whose hash was checked against the manifest (signals and the manifest itself). */
  verified: number;
  labels: Pick<ImportEventsResult, 'events' | 'present' | 'replayed' | 'unchanged'> & { unmatched: ImportEventsResult['unmatched']; settled: number };
  /** Label edits that clash with this catalog's: kept for a human (`udw events conflicts`), nothing overwritten. */
  conflicts: ImportEventsResult['conflicts'];
}

export interface PullInput {
  db: CatalogDb;
  workspace: DataWorkspace;
  snapshotId: string;
  /** Where pulled snapshots go: `<catalog folder>/datasets`. */
  datasetsDir: string;
  remote: string | null;
}

async function hasGitRemote(ops: WorkspaceOps): Promise<boolean> {
  return (await ops.git(['remote'])).stdout.trim() !== '';
}

export function pullSnapshot(input: PullInput): Promise<SnapshotPullResult> {
  const { db, workspace, snapshotId } = input;
  if (!/^[0-9a-f]{64}$/.test(snapshotId)) return Promise.reject(new Error(`snapshot '${snapshotId}': expected a snapshot id (64 hex digits, as \`udw dataset list\` shows)`));
  if (!workspace.isInitialised()) return Promise.reject(new Error(`data workspace ${workspace.dir}: not a git + DVC repository; clone the team's workspace repository there (\`udw workspace init --path DIR --clone URL\`)`));

  return workspace.exclusive(async (ops) => {
    const rel = snapshotPath(snapshotId);
    const dvcFile = dvcFileOf(snapshotId);
    // Local commits (snapshots pushed from here) touch only their own files: a rebase onto the team's is clean.
    if (!fs.existsSync(path.join(ops.dir, dvcFile)) && (await hasGitRemote(ops))) await ops.git(['pull', '--rebase', '--quiet']);
    if (!fs.existsSync(path.join(ops.dir, dvcFile))) {
      throw new Error(`snapshot ${snapshotId}: not in the data workspace ${ops.dir} (no ${dvcFile}); push it from the workstation that built it, then pull again`);
    }
    const remote = await ensureRemote(ops, input.remote);
    await ops.dvc(['pull', '--remote', remote.name, dvcFile]);

    const source = path.join(ops.dir, rel);
    const target = path.join(input.datasetsDir, snapshotId);
    let checked: ReturnType<typeof verifySnapshot>;
    if (existingSnapshotId(target) === snapshotId) {
      checked = verifySnapshot(target, snapshotId);
    } else {
      const tmp = tempBeside(target);
      try {
        copyTree(source, tmp, new Set([EVENTS_FILE]));
        checked = verifySnapshot(tmp, snapshotId);
        moveInto(tmp, target);
      } catch (err) {
        fs.rmSync(tmp, { recursive: true, force: true });
        throw err;
      }
    }
    new SnapshotStore(db).record(summaryOf(checked.manifest, target, false));

    const eventsFile = path.join(source, EVENTS_FILE);
    if (!fs.existsSync(eventsFile)) throw new Error(`${eventsFile}: missing; expected the label events pushed with snapshot ${snapshotId}`);
    const merged = new LabelTravel(db).importEvents(fs.readFileSync(eventsFile, 'utf8'), eventsFile, true);
    const conflicts = merged.conflicts.length;
    return {
      snapshotId,
      status: 'pulled',
      message: `snapshot ${snapshotId} pulled into ${target}: ${merged.replayed} label events merged, ${merged.present} already here` + (conflicts > 0 ? `, ${conflicts} conflict(s) kept for a human (udw events conflicts)` : ''),
      workspace: ops.dir,
      remote,
      dir: target,
      files: checked.manifest.files.length,
      verified: checked.checked,
      labels: { events: merged.events, present: merged.present, replayed: merged.replayed, unchanged: merged.unchanged, unmatched: merged.unmatched, settled: merged.settled.length },
      conflicts: merged.conflicts,
    };
  });
}
