/**
 * The catalog's import lock over a real catalog file. Two connections stand for two processes; a holder in
 * another process is written as the row that process would have written (its pid, its host), which is all
 * the lock looks at. The two-process test (test/integration/twoProcessCatalog.test.ts) runs real ones.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createBackend } from '../../../src/main/backend/createBackend';
import { CatalogBusyError, ImportLock, STALE_AFTER_MS, currentHolder } from '../../../src/main/catalog/importLock';
import { openCatalog, type CatalogDb } from '../../../src/main/db/openCatalog';
import { ApiError } from '../../../src/shared/api/errors';

let dir: string;
let file: string;
let a: CatalogDb;
let b: CatalogDb;
const locks: ImportLock[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-lock-'));
  file = path.join(dir, 'catalog.sqlite');
  a = openCatalog(file);
  b = openCatalog(file);
});
afterEach(() => {
  for (const l of locks.splice(0)) l.release();
  a.close();
  b.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function take(db: CatalogDb, jobId: string, waitMs?: number): Promise<ImportLock> {
  const lock = await ImportLock.acquire(db, { jobId, waitMs });
  locks.push(lock);
  return lock;
}

function plant(db: CatalogDb, holder: { jobId: string; pid: number; host: string; heartbeatMs: number }): void {
  db.prepare('INSERT INTO import_lock (id, job_id, pid, host, started_at, heartbeat_ms) VALUES (1, ?, ?, ?, ?, ?)').run(
    holder.jobId,
    holder.pid,
    holder.host,
    new Date(holder.heartbeatMs).toISOString(),
    holder.heartbeatMs,
  );
}

/** The pid of a process that has exited (and so is not alive). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid;
}

it('a held lock refuses a second import with the catalog and the holder named; released, it can be taken again', async () => {
  const first = await take(a, 'job-a');
  const refused = await ImportLock.acquire(b, { jobId: 'job-b' }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(CatalogBusyError);
  const message = (refused as Error).message;
  expect(message).toContain(`catalog ${file}: another import is running`);
  expect(message).toContain(`job job-a, pid ${process.pid} on ${os.hostname()}`);
  expect(message).toMatch(/wait for it to finish/);
  first.release();
  expect(currentHolder(b)).toBeNull();
  const second = await take(b, 'job-b');
  expect(currentHolder(a)).toMatchObject({ jobId: 'job-b', pid: process.pid });
  expect(second.takenOverFrom).toBeNull();
});

it('a waiting import gets the lock once the holder releases it', async () => {
  const first = await take(a, 'job-a');
  setTimeout(() => first.release(), 300);
  const second = await take(b, 'job-b', 60_000);
  expect(currentHolder(a)?.jobId).toBe('job-b');
  expect(second.takenOverFrom).toBeNull();
});

it('takes over the lock of a process that died', async () => {
  const pid = deadPid();
  plant(a, { jobId: 'crashed', pid, host: os.hostname(), heartbeatMs: Date.now() });
  const lock = await take(b, 'after-crash');
  expect(lock.takenOverFrom).toMatchObject({ jobId: 'crashed', pid });
  expect(currentHolder(a)).toMatchObject({ jobId: 'after-crash', pid: process.pid });
});

it('takes over a lock whose heartbeat stopped, even when its pid is alive; a fresh one elsewhere is respected', async () => {
  plant(a, { jobId: 'remote', pid: 1, host: 'some-other-host', heartbeatMs: Date.now() });
  await expect(ImportLock.acquire(b, { jobId: 'mine' })).rejects.toThrow(/job remote, pid 1 on some-other-host/);
  a.prepare('UPDATE import_lock SET heartbeat_ms = ?').run(Date.now() - STALE_AFTER_MS - 1000);
  const lock = await take(b, 'mine');
  expect(lock.takenOverFrom).toMatchObject({ jobId: 'remote', host: 'some-other-host' });

  // Same for a live pid on this host (ours) that stopped beating: pid reuse, or a process stuck for good.
  lock.release();
  plant(a, { jobId: 'stuck', pid: process.pid, host: os.hostname(), heartbeatMs: Date.now() - STALE_AFTER_MS - 1000 });
  expect((await take(b, 'mine-again')).takenOverFrom).toMatchObject({ jobId: 'stuck' });
});

it('an import whose lock was taken over stops at its next write with a clear message', async () => {
  const lock = await take(a, 'presumed-dead');
  expect(() => a.transaction(() => lock.assertHeld()).immediate()).not.toThrow();
  // What a takeover by another process leaves in the row.
  b.prepare("UPDATE import_lock SET job_id = 'successor', pid = 4242, host = 'elsewhere'").run();
  expect(() => lock.assertHeld()).toThrow(
    new RegExp(`catalog ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: import presumed-dead lost its import lock \\(now held by job successor, pid 4242 on elsewhere`),
  );
  // Releasing must not remove the successor's lock.
  lock.release();
  expect(currentHolder(b)).toMatchObject({ jobId: 'successor' });
});

it('the back end answers catalog.import with a conflict naming the catalog and the holder while another process imports', async () => {
  plant(a, { jobId: 'cli', pid: 4242, host: 'the-other-laptop', heartbeatMs: Date.now() });
  const backend = createBackend({ host: 'memory', catalogPath: file });
  try {
    const refused = await backend.dispatch('catalog.import', { dirs: [dir] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'conflict' });
    expect((refused as Error).message).toMatch(new RegExp(`^catalog ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: another import is running \\(job cli, pid 4242 on the-other-laptop`));
  } finally {
    await backend.dispose();
  }
});
