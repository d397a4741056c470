/**
 * The files of a snapshot as they travel: copied into the workspace (and back out into a catalog's
 * datasets folder) through a temp folder renamed into place, and checked against the manifest on arrival:
 * the manifest is the snapshot asked for (its id is its content hash) and every signal file has the
 * SHA-256 the manifest names.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Manifest } from '../../../shared/training/manifest';
import { snapshotIdOf } from '../../training/dataset/snapshotId';
import { MANIFEST_FILE } from '../../training/dataset/snapshotFolder';

/** The label events that travel with a snapshot (JSON Lines of labels/travel). */
export const EVENTS_FILE = 'label-events.jsonl';

/** Copies the tree `from` → `to` (a reflink where the file system has them), leaving out names in `skip`. */
export function copyTree(from: string, to: string, skip: ReadonlySet<string> = new Set()): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dst);
    else if (entry.isFile()) fs.copyFileSync(src, dst, fs.constants.COPYFILE_FICLONE);
  }
}

/** A fresh temp folder beside `target`, for a copy that is renamed onto it once complete. */
export function tempBeside(target: string): string {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  return fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.tmp-`));
}

/** Replaces `target` with the finished folder `tmp` (the old one out of the way first, then dropped). */
export function moveInto(tmp: string, target: string): void {
  if (fs.existsSync(target)) {
    const old = `${tmp}.old`;
    fs.renameSync(target, old);
    fs.renameSync(tmp, target);
    fs.rmSync(old, { recursive: true, force: true });
  } else {
    fs.renameSync(tmp, target);
  }
}

export function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST_FILE);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot read the snapshot manifest (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); expected a dataset snapshot folder`, { cause: err });
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${file}: not a valid snapshot manifest (${issues.join('; ')})`);
  }
  return parsed.data;
}

function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * Checks the snapshot folder `dir` is snapshot `id`, whole: the manifest's id, its content hash, the
 * labels array, and every signal file's SHA-256. Returns the manifest and how many files were checked.
 */
export function verifySnapshot(dir: string, id: string): { manifest: Manifest; checked: number } {
  const manifest = readManifest(dir);
  const where = path.join(dir, MANIFEST_FILE);
  if (manifest.snapshotId !== id) throw new Error(`${where}: holds snapshot ${manifest.snapshotId}, expected ${id}`);
  const hash = snapshotIdOf(manifest);
  if (hash !== id) throw new Error(`${where}: its content hashes to ${hash}, not to its snapshot id ${id}; the manifest was changed`);
  const labels = path.join(dir, manifest.arrays.labels);
  if (!fs.existsSync(labels)) throw new Error(`${labels}: missing; expected the snapshot's labels array`);
  for (const f of manifest.files) {
    const file = path.join(dir, f.signal);
    if (!fs.existsSync(file)) throw new Error(`${file}: missing; the manifest lists it for ${f.path}`);
    const got = sha256Of(file);
    if (got !== f.signalSha256) throw new Error(`${file}: SHA-256 ${got}, expected ${f.signalSha256} (manifest, for ${f.path})`);
  }
  return { manifest, checked: manifest.files.length + 1 };
}

/** What the `.dvc` file of a tracked folder says (display only: DVC computes and checks the hashes). */
export function readDvcFile(file: string): { md5: string | null; size: number | null; nfiles: number | null } {
  const text = fs.readFileSync(file, 'utf8');
  const field = (name: string): string | null => new RegExp(`^\\s*-?\\s*${name}:\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1] ?? null;
  const num = (v: string | null): number | null => (v === null || !/^\d+$/.test(v) ? null : Number(v));
  return { md5: field('md5'), size: num(field('size')), nfiles: num(field('nfiles')) };
}
