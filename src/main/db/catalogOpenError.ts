/**
 * Why a catalog could not be opened, always naming the file and saying what to do next. SQLite's own
 * messages ("database disk image is malformed", "file is not a database") name neither.
 */

/** damaged: SQLite data that fails its checks; empty / foreign: a file that is no catalog; the rest as named. */
export type CatalogProblem = 'missing' | 'empty' | 'foreign' | 'damaged' | 'newer' | 'busy' | 'inaccessible' | 'failed';

export class CatalogOpenError extends Error {
  public constructor(
    public readonly file: string,
    public readonly problem: CatalogProblem,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`catalog ${file}: ${detail}`, options);
    this.name = 'CatalogOpenError';
  }
}

/** How to get going again from a damaged catalog; the file itself is never touched. */
export function recoveryAdvice(file: string): string {
  return (
    'The file was left as it is. To recover: restore the catalog from a backup; or move it aside, import the ' +
    'Setitec folders into a new catalog (udw import <dir...> --db <new file>) and carry the labels over from ' +
    `this one (\`sqlite3 '${file}' .recover\` salvages what is still readable).`
  );
}

interface SqliteLikeError {
  code?: unknown;
  message: string;
}

/** Wraps whatever opening threw into a CatalogOpenError (an existing one passes through). */
export function asCatalogOpenError(file: string, err: unknown): CatalogOpenError {
  if (err instanceof CatalogOpenError) return err;
  const e = err as SqliteLikeError;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = e.message ?? String(err);
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new CatalogOpenError(file, 'damaged', `is damaged (SQLite: ${message}). ${recoveryAdvice(file)}`, { cause: err });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new CatalogOpenError(file, 'busy', `is locked by another process for too long (SQLite: ${message}); try again when it is done`, { cause: err });
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM') {
    return new CatalogOpenError(file, 'inaccessible', `cannot be opened (${message}); check that the file and its folder are yours and writable`, { cause: err });
  }
  return new CatalogOpenError(file, 'failed', message, { cause: err });
}
