/**
 * Holds a catalog's import lock from its own process, as a running import would, and lets it go the way a
 * finishing import does (release, close, exit 0) on SIGTERM. Prints one JSON line {pid, jobId} once it
 * holds the lock. (importLockChild.ts, by contrast, dies holding it.)
 *
 *   node --import tsx test/integration/helpers/importLockReleaser.ts <catalog.sqlite>
 */
import { ImportLock } from '../../../src/main/catalog/importLock';
import { openCatalog } from '../../../src/main/db/openCatalog';

const catalogPath = process.argv[2];
if (!catalogPath) {
  process.stderr.write('usage: importLockReleaser.ts <catalog.sqlite>\n');
  process.exit(2);
}
const db = openCatalog(catalogPath);
const lock = await ImportLock.acquire(db, { jobId: 'finishing-import' });
process.on('SIGTERM', () => {
  lock.release();
  db.close();
  process.exit(0);
});
process.stdout.write(`${JSON.stringify({ pid: process.pid, jobId: lock.jobId })}\n`);
// The lock's heartbeat timer is unref'd (an import's own work keeps its process alive); this one has no work.
setInterval(() => undefined, 60_000);
