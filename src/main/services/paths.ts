/** Where the workstation keeps its data. Plain Node, so the CLI and the web host agree with Electron. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_DIR_NAME = 'uos-drilling-workstation';

/** The per-user data directory, as Electron's `app.getPath('userData')` would place it. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.UDW_DATA_DIR) return path.resolve(env.UDW_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), APP_DIR_NAME);
}

/** The catalog file: `--db`, else `UDW_DB`, else `catalog.sqlite` in the data directory. */
export function resolveCatalogPath(explicit?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return path.resolve(explicit);
  if (env.UDW_DB) return path.resolve(env.UDW_DB);
  return path.join(defaultDataDir(env), 'catalog.sqlite');
}

/**
 * The repository (or unpacked app) root: the nearest folder above this module holding package.json.
 * Walking up works both from the sources and from the bundles in out/, which sit at other depths.
 */
export function projectRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}
