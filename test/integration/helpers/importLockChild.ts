/**
 * Holds a catalog's import lock from its own process, for the two-process tests: takes the lock as an
 * import would, prints one JSON line {pid, jobId}, then keeps it (heartbeat and all) until killed.
 *
 *   node --import tsx test/integration/helpers/importLockChild.ts <catalog.sqlite>
 */
import { ImportLock } from '../../../src/main/catalog/importLock';
import { openCatalog } from '../../../src/main/db/openCatalog';

const catalogPath = process.argv[2];
if (!catalogPath) {
  process.stderr.write('usage: importLockChild.ts <catalog.sqlite>\n');
  process.exit(2);
}
const db = openCatalog(catalogPath);
const lock = await ImportLock.acquire(db, { jobId: 'lock-holder' });
process.stdout.write(`${JSON.stringify({ pid: process.pid, jobId: lock.jobId })}\n`);
// The lock's heartbeat timer is unref'd (an import's own work keeps its process alive); this one has no work.
setInterval(() => undefined, 60_000);
