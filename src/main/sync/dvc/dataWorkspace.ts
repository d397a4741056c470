/**
 * The data workspace: a git + DVC repository the app creates (or one the user points to) where dataset
 * snapshots are tracked with the real `dvc` CLI and pushed to the team's remote. Every git and DVC call on
 * it goes through `exclusive`, one queue per folder (serialQueue.ts) plus a lock file against other
 * processes (workspaceLock.ts), so no two DVC processes ever hold the repository at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { enqueue } from './serialQueue';
import { locateDvc, parseToolJson, runTool, type ToolResult } from './toolCommand';
import { withWorkspaceLock } from './workspaceLock';

/** The name the app gives the remote it configures (any existing default remote is used as it is). */
export const REMOTE_NAME = 'origin';

export interface WorkspaceIdentity {
  /** Who the app's commits are made by (the annotator of the settings). */
  author: string;
  dvc?: string;
  git?: string;
}

/** The calls available inside `exclusive`: the only way to run git or DVC on a workspace. */
export interface WorkspaceOps {
  readonly dir: string;
  dvc(args: readonly string[]): Promise<ToolResult>;
  dvcJson(args: readonly string[]): Promise<unknown>;
  git(args: readonly string[]): Promise<ToolResult>;
  /** Stages `paths` and commits them with `message` when anything changed; returns the commit id, or null. */
  commit(paths: readonly string[], message: string): Promise<string | null>;
  /** The default remote's URL, or null when the workspace has none. */
  defaultRemote(): Promise<{ name: string; url: string } | null>;
}

/** A local folder remote is stored absolute (DVC keeps a relative one relative to .dvc/, which surprises). */
export function normaliseRemote(url: string): string {
  const trimmed = url.trim();
  if (trimmed === '') throw new Error('DVC remote: expected a local folder, ssh://, s3://, http(s):// or webdav(s):// URL, got an empty string');
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : path.resolve(trimmed);
}

export class DataWorkspace {
  private readonly dvcCommand: string;
  private readonly gitCommand: string;

  public constructor(
    public readonly dir: string,
    private readonly identity: WorkspaceIdentity,
  ) {
    this.dir = path.resolve(dir);
    this.dvcCommand = identity.dvc ?? locateDvc();
    this.gitCommand = identity.git ?? 'git';
  }

  /** Whether `dir` already is a git + DVC repository. */
  public isInitialised(): boolean {
    return fs.existsSync(path.join(this.dir, '.git')) && fs.existsSync(path.join(this.dir, '.dvc'));
  }

  /**
   * Runs `job` alone on this workspace: after every earlier job of this process on the same folder has
   * finished, and holding the workspace's lock file against other processes (a folder that is not a git
   * repository yet, being initialised, has none to hold).
   */
  public exclusive<T>(job: (ops: WorkspaceOps) => Promise<T>): Promise<T> {
    return enqueue(this.dir, () => {
      const gitDir = path.join(this.dir, '.git');
      return fs.existsSync(gitDir) && fs.statSync(gitDir).isDirectory() ? withWorkspaceLock(gitDir, () => job(this.ops())) : job(this.ops());
    });
  }

  /**
   * Creates the repository (git init, dvc init, analytics and autostage off, the remote as default) or
   * adopts an existing one; idempotent. A non-empty folder that is not a git repository is refused.
   */
  public init(remote: string | null): Promise<{ created: boolean; remote: { name: string; url: string } | null }> {
    return this.exclusive(async (ops) => {
      fs.mkdirSync(this.dir, { recursive: true });
      const hasGit = fs.existsSync(path.join(this.dir, '.git'));
      if (!hasGit && fs.readdirSync(this.dir).length > 0) {
        throw new Error(`${this.dir}: not empty and not a git repository; expected an empty folder, or a data workspace (git + DVC repository) to use`);
      }
      const created = !this.isInitialised();
      if (!hasGit) await ops.git(['init', '--quiet']);
      if (!fs.existsSync(path.join(this.dir, '.dvc'))) await ops.dvc(['init', '--quiet']);
      await ops.dvc(['config', 'core.analytics', 'false']);
      await ops.dvc(['config', 'core.autostage', 'false']);
      if (remote !== null) await setRemote(ops, normaliseRemote(remote));
      await ops.commit(['.dvc/config', '.dvc/.gitignore', '.dvcignore'], created ? 'data workspace (udw)' : 'data workspace settings (udw)');
      return { created, remote: await ops.defaultRemote() };
    });
  }

  private ops(): WorkspaceOps {
    const dir = this.dir;
    const env = gitIdentityEnv(this.identity.author);
    const dvc = (args: readonly string[]) => runTool({ cwd: dir, command: this.dvcCommand, args, env });
    const git = (args: readonly string[]) => runTool({ cwd: dir, command: this.gitCommand, args, env });
    return {
      dir,
      dvc,
      git,
      async dvcJson(args) {
        return parseToolJson(`dvc ${args.join(' ')}`, (await dvc(args)).stdout);
      },
      async commit(paths, message) {
        const present = paths.filter((p) => fs.existsSync(path.join(dir, p)));
        if (present.length > 0) await git(['add', '--', ...present]);
        const staged = (await git(['diff', '--cached', '--name-only'])).stdout.trim();
        if (staged === '') return null;
        await git(['commit', '--quiet', '--no-verify', '-m', message]);
        return (await git(['rev-parse', 'HEAD'])).stdout.trim();
      },
      async defaultRemote() {
        // One call for both: `dvc remote list` prints "name<TAB>url<TAB>(default)" lines (config.local included).
        const lines = (await dvc(['remote', 'list'])).stdout.split('\n');
        const row = lines.map((l) => l.trim().split(/\s+/)).find((cols) => cols.length >= 3 && cols.at(-1) === '(default)');
        return row ? { name: row[0]!, url: row.slice(1, -1).join(' ') } : null;
      },
    };
  }
}

/** Adds or updates the app's remote and makes it the default. */
async function setRemote(ops: WorkspaceOps, url: string): Promise<void> {
  const existing = (await ops.dvc(['remote', 'list'])).stdout.split('\n').map((l) => l.split(/\s+/)[0]);
  if (existing.includes(REMOTE_NAME)) await ops.dvc(['remote', 'modify', REMOTE_NAME, 'url', url]);
  else await ops.dvc(['remote', 'add', REMOTE_NAME, url]);
  await ops.dvc(['remote', 'default', REMOTE_NAME]);
}

/**
 * The remote a push goes to: the settings' `dvcRemote` when set (configured as the default, committed, so a
 * clone finds it), else the workspace's own default. Neither: an error saying how to set one.
 */
export async function ensureRemote(ops: WorkspaceOps, settingsRemote: string | null): Promise<{ name: string; url: string }> {
  const current = await ops.defaultRemote();
  if (settingsRemote !== null && settingsRemote.trim() !== '') {
    const url = normaliseRemote(settingsRemote);
    if (current?.url !== url) {
      await setRemote(ops, url);
      await ops.commit(['.dvc/config'], `dvc remote ${url} (udw)`);
    }
    return { name: REMOTE_NAME, url };
  }
  if (current) return current;
  throw new Error(`data workspace ${ops.dir}: no DVC remote; set one with \`udw remote set --mlflow URI --dvc-remote URL\` or \`udw workspace init --remote URL\``);
}

function gitIdentityEnv(author: string): Record<string, string> {
  const name = author.trim() || 'udw';
  const email = `${name.toLowerCase().replace(/[^a-z0-9._-]+/g, '.') || 'udw'}@udw.invalid`;
  return { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email };
}
