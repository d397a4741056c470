/**
 * The static path guard both transports share (the web host and the desktop app:// handler). A URL path
 * maps to a regular file whose real path (symlinks resolved) lies inside the root: a link in the folder to
 * /etc/passwd or to a folder outside is refused, not followed.
 */
import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * file: serve `path` (already the real path). missing: nothing there (the web host answers with the
 * app's index.html, the page routes itself). refused: the path leaves the root, lexically or through a
 * link, or names something that is no regular file; the host answers 404 and never falls back. The
 * reason never repeats the path: the asker knows it, and the answer must not echo a link's target.
 */
export type StaticLookup = { kind: 'file'; path: string } | { kind: 'missing' } | { kind: 'refused'; reason: string };

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

export function lookupStatic(root: string, urlPath: string): StaticLookup {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'refused', reason: 'the path has a malformed % escape' };
  }
  if (decoded.includes('\0')) return { kind: 'refused', reason: 'the path holds a NUL byte' };
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(root, rel);
  if (!isInside(path.resolve(root), full)) return { kind: 'refused', reason: 'the path leaves the static folder' };
  let realRoot: string;
  let real: string;
  try {
    // The root itself may sit behind a link (a /tmp or a checkout that is one): compare real with real.
    realRoot = fs.realpathSync(root);
    real = fs.realpathSync(full);
  } catch (err) {
    const code = errorCode(err);
    return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'missing' } : { kind: 'refused', reason: `the path cannot be resolved (${code ?? String(err)})` };
  }
  if (!isInside(realRoot, real)) return { kind: 'refused', reason: 'the path links outside the static folder' };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(real);
  } catch {
    return { kind: 'missing' };
  }
  if (stat.isFile()) return { kind: 'file', path: real };
  return stat.isDirectory() ? { kind: 'missing' } : { kind: 'refused', reason: 'the path is not a regular file' };
}

/** Resolve a URL path inside root; null when it would leave root, is no regular file or does not exist. */
export function resolveStatic(root: string, urlPath: string): string | null {
  const found = lookupStatic(root, urlPath);
  return found.kind === 'file' ? found.path : null;
}

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
