/**
 * Where a catalog's data workspace is: the folder named on the command line, else the one `udw workspace
 * init --path` remembered in `<catalog folder>/data-workspace.json`, else `<catalog folder>/data-workspace`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writePrivateFileAtomic } from '../../services/privateFile';

export const POINTER_FILE = 'data-workspace.json';
export const DEFAULT_WORKSPACE = 'data-workspace';

const Pointer = z.object({ path: z.string().min(1) });

export function workspaceDirFor(catalogDir: string, explicit: string | null): string {
  if (explicit !== null) return path.resolve(explicit);
  const pointer = path.join(catalogDir, POINTER_FILE);
  if (fs.existsSync(pointer)) {
    let parsed: ReturnType<typeof Pointer.safeParse>;
    try {
      parsed = Pointer.safeParse(JSON.parse(fs.readFileSync(pointer, 'utf8')));
    } catch (err) {
      throw new Error(`${pointer}: not JSON (${(err as Error).message}); expected {"path": "<data workspace folder>"} (udw workspace init --path DIR writes it)`, { cause: err });
    }
    if (!parsed.success) throw new Error(`${pointer}: expected {"path": "<data workspace folder>"} (udw workspace init --path DIR writes it)`);
    return path.resolve(catalogDir, parsed.data.path);
  }
  return path.join(catalogDir, DEFAULT_WORKSPACE);
}

/** Remembers a workspace outside the default place; the default one needs no pointer. */
export function rememberWorkspace(catalogDir: string, dir: string): void {
  const pointer = path.join(catalogDir, POINTER_FILE);
  if (path.resolve(dir) === path.join(catalogDir, DEFAULT_WORKSPACE)) {
    fs.rmSync(pointer, { force: true });
    return;
  }
  writePrivateFileAtomic(pointer, `${JSON.stringify({ path: path.resolve(dir) }, null, 2)}\n`);
}
