/**
 * The environment a child gets: an allowlist of the parent's variables, never the whole of it, so tokens,
 * keys and passwords in the parent's environment (MLflow credentials, cloud keys …) are not inherited by
 * default. The caller adds what a child needs, by value or by name.
 */

/**
 * What every child may see: where programs and the home and temporary folders are, the locale, and the
 * variables Windows needs to start a process at all. A trailing `*` matches a prefix.
 */
export const BASE_ENV_ALLOWLIST: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'LC_*',
  'TZ',
  'TMPDIR',
  'TMP',
  'TEMP',
  'XDG_*',
  // Windows: a process without these cannot find its DLLs, its profile or its temp folder.
  'SYSTEMROOT',
  'SYSTEMDRIVE',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'USERPROFILE',
  'USERNAME',
  'APPDATA',
  'LOCALAPPDATA',
  'PROGRAMDATA',
  'PROGRAMFILES',
  'PROGRAMFILES(X86)',
  'COMMONPROGRAMFILES',
  'HOMEDRIVE',
  'HOMEPATH',
  'NUMBER_OF_PROCESSORS',
  'PROCESSOR_ARCHITECTURE',
];

export interface ChildEnvOptions {
  /** The parent's environment; process.env unless a test says otherwise. */
  parentEnv?: NodeJS.ProcessEnv;
  /** More names (or `PREFIX_*`) to pass through from the parent, on top of the base allowlist. */
  inherit?: readonly string[];
  /** Set explicitly; wins over anything inherited. */
  set?: Readonly<Record<string, string>>;
  platform?: NodeJS.Platform;
}

function matches(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

export function buildChildEnv(opts: ChildEnvOptions = {}): Record<string, string> {
  const parentEnv = opts.parentEnv ?? process.env;
  // Windows names are case-insensitive (Path, SystemRoot …), POSIX ones are not.
  const fold = (opts.platform ?? process.platform) === 'win32' ? (s: string) => s.toUpperCase() : (s: string) => s;
  const patterns = [...BASE_ENV_ALLOWLIST, ...(opts.inherit ?? [])].map(fold);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parentEnv)) {
    if (value === undefined) continue;
    if (patterns.some((p) => matches(p, fold(name)))) env[name] = value;
  }
  return { ...env, ...opts.set };
}
