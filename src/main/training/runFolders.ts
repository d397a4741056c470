/** Where run folders live: `<folder of the catalog>/runs/<runId>`, beside the catalog they are recorded in. */
import os from 'node:os';
import path from 'node:path';

export function runsDirFor(catalogPath: string): string {
  // An in-memory catalog (tests) has no folder: its runs go to a per-process temp folder.
  if (catalogPath === ':memory:') return path.join(os.tmpdir(), `udw-memory-runs-${process.pid}`);
  return path.join(path.dirname(path.resolve(catalogPath)), 'runs');
}

/** The data folder (the catalog's), where the Python venv is made. */
export function dataDirFor(catalogPath: string): string {
  return catalogPath === ':memory:' ? os.tmpdir() : path.dirname(path.resolve(catalogPath));
}
