/**
 * One process drains a catalog's outbox at a time (two would send the same step twice). The lock is a row
 * naming the holder's pid and host; a holder that died (SIGKILL, a crash) leaves the row behind, and the
 * next process on the same host takes it over once that pid is gone.
 */
import os from 'node:os';
import type { CatalogDb } from '../../db/openCatalog';
import { pidAlive } from '../../process/pidAlive';


export class DrainLockHeld extends Error {}

/** Takes the lock or throws DrainLockHeld naming who has it. Returns the release. */
export function acquireDrainLock(db: CatalogDb, pid: number = process.pid): () => void {
  const host = os.hostname();
  db.transaction(() => {
    const held = db.prepare('SELECT pid, host, since FROM sync_lock WHERE id = 1').get() as { pid: number; host: string; since: string } | undefined;
    if (held && held.pid !== pid) {
      if (held.host !== host) throw new DrainLockHeld(`the sync outbox is being drained by pid ${held.pid} on ${held.host} since ${held.since}; run one \`udw sync\` at a time`);
      if (pidAlive(held.pid)) throw new DrainLockHeld(`another \`udw sync\` (pid ${held.pid}, since ${held.since}) is draining this catalog's outbox; wait for it or stop it`);
    }
    db.prepare('INSERT INTO sync_lock (id, pid, host, since) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, host = excluded.host, since = excluded.since').run(pid, host, new Date().toISOString());
  }).immediate();
  return () => {
    db.prepare('DELETE FROM sync_lock WHERE id = 1 AND pid = ?').run(pid);
  };
}
