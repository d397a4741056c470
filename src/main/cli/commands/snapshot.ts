/** `udw snapshot push|pull ID`: dataset snapshots with their label events through the DVC data workspace (issue 14). */
import path from 'node:path';
import { SettingsService } from '../../services/settingsService';
import { DataWorkspace } from '../../sync/dvc/dataWorkspace';
import { pullSnapshot, type SnapshotPullResult } from '../../sync/dvc/snapshotPull';
import { pushSnapshot, type SnapshotPushResult } from '../../sync/dvc/snapshotPush';
import { workspaceDirFor } from '../../sync/dvc/workspaceLocation';
import { UsageError, emit, type Command, type CommandContext } from '../command';
import { openCliCatalog } from '../catalogCli';

function pushText(r: SnapshotPushResult): string {
  const size = r.files === null ? '' : ` (${r.files} files, ${r.bytes ?? '?'} bytes, md5 ${r.md5})`;
  const git = r.git === 'no_git_remote' || r.git === 'pushed' ? '' : `\n  warning: the commit did not reach the workspace's git remote: ${r.git.failed}`;
  return `${r.message}${size}\n  ${r.workspace}/${r.dvcFile} at ${r.commit.slice(0, 12)}; ${r.uploaded} file(s) uploaded${git}`;
}

function pullText(r: SnapshotPullResult): string {
  const lines = [r.message, `  ${r.verified} files verified against the manifest; ${r.labels.unmatched.length} label event(s) not taken (file or class missing here)`];
  for (const c of r.conflicts) lines.push(`  conflict ${c.id ?? '?'}: label ${c.labelId} (${c.reason}): ours ${JSON.stringify(c.local?.depth ?? c.local?.value ?? null)}, theirs ${JSON.stringify(c.theirs?.depth ?? c.theirs?.value ?? null)}`);
  return lines.join('\n');
}

async function run(ctx: CommandContext, sub: 'push' | 'pull', id: string): Promise<number> {
  const { db, file } = openCliCatalog(ctx, { create: false });
  try {
    const catalogDir = path.dirname(file);
    const settings = new SettingsService(catalogDir).get();
    const ws = ctx.values.workspace;
    if (ws !== undefined && (typeof ws !== 'string' || ws.trim() === '')) throw new UsageError('--workspace: expected a folder');
    const workspace = new DataWorkspace(workspaceDirFor(catalogDir, typeof ws === 'string' ? ws : null), { author: settings.annotator });
    if (sub === 'push') {
      const r = await pushSnapshot({ db, workspace, snapshotId: id, remote: settings.dvcRemote });
      emit(ctx, r, () => pushText(r));
    } else {
      const r = await pullSnapshot({ db, workspace, snapshotId: id, datasetsDir: path.join(catalogDir, 'datasets'), remote: settings.dvcRemote });
      emit(ctx, r, () => pullText(r));
    }
    return 0;
  } finally {
    db.close();
  }
}

export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: 'Push a dataset snapshot with its label events to the DVC remote; pull one (and merge its labels) on another workstation',
  usage: [
    'udw snapshot push ID [--workspace DIR] [--db FILE] [--json]',
    'udw snapshot pull ID [--workspace DIR] [--db FILE] [--json]',
    '',
    'push copies the snapshot folder (udw dataset list) and the label events of its files (JSON Lines) into the',
    'data workspace (udw workspace init) under snapshots/ID/data, runs dvc add, commits snapshots/ID/data.dvc, runs',
    'dvc push to the default remote (the settings\' dvcRemote when set) and git push when the workspace has a git',
    'remote (a clone of the team\'s workspace repository). Pushing a snapshot again is a no-op that',
    'says so. --json prints {snapshotId, status: pushed|resumed|already_pushed, message, workspace, remote,',
    'dvcFile, commit, md5, files, bytes, uploaded, events, git}.',
    'pull fetches snapshots/ID/data.dvc (git pull --rebase when the workspace is a clone that lacks it), dvc pulls the data,',
    'checks the manifest id and every signal file\'s SHA-256, copies it to datasets/ID beside the catalog and',
    'registers it, then merges its label events by event id: edits that clash with this catalog\'s are kept as',
    'conflicts for a human (udw events conflicts), never overwritten. --json prints {snapshotId, status, message,',
    'workspace, remote, dir, files, verified, labels: {events, present, replayed, unchanged, unmatched, settled},',
    'conflicts}. Exit 0 when it ran (also with conflicts), 1 on failure, 2 on bad usage.',
  ].join('\n'),
  options: { workspace: { type: 'string' } },
  async run(ctx) {
    const [sub, id, extra] = ctx.positionals;
    if (sub !== 'push' && sub !== 'pull') throw new UsageError(sub ? `unknown sub-command '${sub}'; expected push or pull` : 'a sub-command is required: push or pull');
    if (!id) throw new UsageError(`udw snapshot ${sub}: a snapshot id is required (udw dataset list shows them)`);
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    return run(ctx, sub, id);
  },
};
