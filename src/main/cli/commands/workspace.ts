/** `udw workspace init`: the data workspace (git + DVC repository) that dataset snapshots are pushed from (issue 14). */
import fs from 'node:fs';
import path from 'node:path';
import { resolveCatalogPath } from '../../services/paths';
import { SettingsService } from '../../services/settingsService';
import { DataWorkspace, normaliseRemote } from '../../sync/dvc/dataWorkspace';
import { runTool } from '../../sync/dvc/toolCommand';
import { rememberWorkspace, workspaceDirFor } from '../../sync/dvc/workspaceLocation';
import { UsageError, emit, type Command, type CommandContext } from '../command';

function text(ctx: CommandContext, flag: string): string | null {
  const v = ctx.values[flag];
  if (v === undefined) return null;
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${flag}: expected a value`);
  return v.trim();
}

async function init(ctx: CommandContext): Promise<number> {
  const catalogDir = path.dirname(resolveCatalogPath(ctx.db));
  const settings = new SettingsService(catalogDir);
  const dir = workspaceDirFor(catalogDir, text(ctx, 'path'));
  const clone = text(ctx, 'clone');
  const remoteFlag = text(ctx, 'remote');
  const remote = remoteFlag ?? settings.get().dvcRemote;
  if (clone !== null) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new UsageError(`--clone: ${dir} is not empty; expected a new or empty folder to clone ${clone} into`);
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    await runTool({ cwd: path.dirname(dir), command: 'git', args: ['clone', '--quiet', clone, dir] });
  }
  const workspace = new DataWorkspace(dir, { author: settings.get().annotator });
  // A clone brings its own committed remote: only an explicit --remote replaces it.
  const result = await workspace.init(clone !== null && remoteFlag === null ? null : remote);
  rememberWorkspace(catalogDir, dir);
  if (remoteFlag !== null) settings.update({ dvcRemote: normaliseRemote(remoteFlag) });
  const data = { workspace: dir, created: result.created, cloned: clone, remote: result.remote };
  emit(ctx, data, () =>
    [`${result.created ? 'created' : 'using'} data workspace ${dir}${clone ? ` (cloned from ${clone})` : ''}`, result.remote ? `  DVC remote ${result.remote.name}: ${result.remote.url}` : '  no DVC remote yet: udw workspace init --remote URL'].join('\n'),
  );
  return 0;
}

export const workspaceCommand: Command = {
  name: 'workspace',
  summary: 'Create or adopt the data workspace (git + DVC repository) dataset snapshots are pushed from and pulled into',
  usage: [
    'udw workspace init [--path DIR] [--remote URL] [--clone GIT_URL] [--db FILE] [--json]',
    '',
    'Creates DIR (default: data-workspace beside the catalog) as a git + DVC repository, or adopts an existing',
    'one: git init, dvc init, analytics and autostage off. --remote (a local folder, ssh://, s3://, http(s)://',
    'or webdav(s):// URL; default the settings\' dvcRemote, as `udw remote set --dvc-remote` stores it) becomes',
    'its default DVC remote, committed so clones find it, and is stored in the settings. --clone makes DIR a',
    'clone of the team\'s workspace repository first (the way to pull snapshots on another workstation).',
    'A DIR other than the default is remembered for `udw snapshot push|pull`.',
    '--json prints {workspace, created, cloned, remote: {name, url} | null}. Exit 0 on success, 1 on failure, 2 on bad usage.',
  ].join('\n'),
  options: { path: { type: 'string' }, remote: { type: 'string' }, clone: { type: 'string' } },
  async run(ctx) {
    const sub = ctx.positionals[0];
    if (ctx.positionals.length > 1) throw new UsageError(`unexpected argument '${ctx.positionals[1]}'`);
    if (sub === 'init') return init(ctx);
    throw new UsageError(sub ? `unknown sub-command '${sub}'; expected init` : 'a sub-command is required: init');
  },
};
