/**
 * One import job: lock → scan → plan → parse in the worker pool → write in batched transactions → derive
 * (missing, duplicates, catalog-level findings). Results are committed in task order so ids are
 * deterministic, and a cancelled job leaves exactly the committed prefix: every batch is one transaction.
 *
 * Other processes may use the catalog meanwhile: label edits interleave with the batches (every write
 * transaction is IMMEDIATE, so the two take turns on the write lock), another import does not (the catalog's
 * import lock, checked inside every write transaction). Each batch that changes files marks the derived data
 * pending; the derive clears the mark, and an import that finds it set derives even when nothing changed.
 */
import os from 'node:os';
import type { ImportProgress, ImportSummary } from '../../shared/api/catalog.contract';
import { isDerivePending, markDerivePending, updateDerived } from '../catalog/derived';
import { FileWriter, type SnapshotRow } from '../catalog/fileWriter';
import { ImportLock } from '../catalog/importLock';
import type { CatalogDb } from '../db/openCatalog';
import type { FileRecord } from '../catalog/fileRecord';
import { isUnder, planImport, type PlannedTask } from './planImport';
import { scanFolders } from './scanFolders';
import { WorkerPool } from './workerPool';

export interface ImportOptions {
  dirs: readonly string[];
  jobId: string;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** Worker count; default min(CPUs, files to parse). */
  poolSize?: number;
  /** Progress events at most this often (ms); the final event is always sent. */
  progressIntervalMs?: number;
  /** How long to wait for another process's import of this catalog to finish (default 0: refuse at once). */
  lockWaitMs?: number;
}

/** Results committed per transaction: big enough to amortise the commit, small enough to show progress. */
const BATCH = 16;
/** How far ahead of the commit point the pool may run (bounds memory if one file is slow). */
const WINDOW = 256;

export async function runImport(db: CatalogDb, opts: ImportOptions): Promise<ImportSummary> {
  let lock: ImportLock;
  try {
    lock = await ImportLock.acquire(db, { jobId: opts.jobId, waitMs: opts.lockWaitMs, signal: opts.signal });
  } catch (err) {
    opts.onProgress?.({ jobId: opts.jobId, phase: 'failed', done: 0, total: 0, current: null, errors: 0 });
    throw err;
  }
  try {
    return await importLocked(db, opts, lock);
  } finally {
    lock.release();
  }
}

async function importLocked(db: CatalogDb, opts: ImportOptions, lock: ImportLock): Promise<ImportSummary> {
  const t0 = performance.now();
  const { jobId, signal } = opts;
  const interval = opts.progressIntervalMs ?? 50;
  let lastEmit = -Infinity;
  const progress = (phase: ImportProgress['phase'], done: number, total: number, current: string | null, errors: number, force = false): void => {
    const now = performance.now();
    if (!opts.onProgress || (!force && now - lastEmit < interval)) return;
    lastEmit = now;
    opts.onProgress({ jobId, phase, done, total, current, errors });
  };
  /** Every write of the job: IMMEDIATE (takes the write lock first), and only while the import lock is ours. */
  const write = (fn: () => void): void => {
    db.transaction(() => {
      lock.assertHeld();
      fn();
    }).immediate();
  };
  const pendingWhy = `import ${jobId} (pid ${process.pid})`;

  progress('scanning', 0, 0, null, 0, true);
  let scan: Awaited<ReturnType<typeof scanFolders>>;
  try {
    scan = await scanFolders(opts.dirs, signal);
  } catch (err) {
    progress('failed', 0, 0, null, 0, true);
    throw err;
  }
  const writer = new FileWriter(db);
  const snapshot = writer.snapshot();
  const plan = planImport(scan.roots, scan.files, snapshot);
  const timings = { scanMs: performance.now() - t0, writeMs: 0, deriveMs: 0 };
  const summary: ImportSummary = {
    jobId,
    files: scan.files.length,
    imported: 0,
    skipped: plan.unchanged,
    moved: 0,
    missing: 0,
    failed: 0,
    cancelled: false,
    findings: { error: 0, warning: 0, info: 0 },
    errors: [],
    seconds: 0,
    timings,
  };
  const now = new Date().toISOString();
  // A derive that an earlier job left unfinished is redone even when no file changed.
  let changed = plan.reappeared.length > 0 || isDerivePending(db);
  if (plan.reappeared.length > 0) {
    write(() => {
      markDerivePending(db, pendingWhy);
      plan.reappeared.forEach((id) => writer.setMissing(id, false));
    });
  }

  const tasks: PlannedTask[] = [...plan.tasks];
  const total = scan.files.length;
  let done = plan.unchanged;
  progress('importing', done, total, null, 0, true);

  // Move candidates by hash: vanished rows first (moved in this scan), then rows already marked missing.
  const movable = new Map<string, SnapshotRow[]>();
  const missingRows = snapshot.filter((r) => r.missing);
  for (const r of [...plan.vanished.values(), ...missingRows]) {
    const list = movable.get(r.hash) ?? [];
    if (!list.some((x) => x.id === r.id)) list.push(r);
    movable.set(r.hash, list);
  }

  /** Writes one result; true when it changed what the derived data depend on. */
  const apply = (t: PlannedTask, rec: FileRecord): boolean => {
    switch (rec.kind) {
      case 'parsed':
        writer.writeParsed(t.id, t.stat, rec, now);
        summary.imported++;
        return true;
      case 'failed':
        writer.writeFailed(t.id, t.stat, rec, now);
        summary.failed++;
        summary.errors.push({ path: t.stat.path, line: rec.line, message: rec.message });
        return true;
      case 'unchanged':
        writer.touch(t.id!, rec.size, t.stat.mtimeMs);
        summary.skipped++;
        return false;
      case 'known': {
        const row = movable.get(rec.hash)?.shift();
        if (!row) {
          // Another new path already claimed the moved row: this one is a copy, parse it for real.
          tasks.push({ ...t, task: { path: t.stat.path } });
          return false;
        }
        writer.move(row.id, { ...t.stat, size: rec.size });
        plan.vanished.delete(row.id);
        summary.moved++;
        return true;
      }
      case 'unreadable':
        if (rec.code === 'ENOENT') {
          // Deleted since the scan: a catalog row of it is vanished, not failed.
          if (t.id !== null) plan.vanished.set(t.id, { id: t.id, path: t.stat.path, size: t.stat.size, mtimeMs: t.stat.mtimeMs, hash: '', missing: false });
          return false;
        }
        summary.failed++;
        summary.errors.push({ path: t.stat.path, line: 0, message: rec.message });
        return false;
    }
  };

  const results: Array<FileRecord | undefined> = [];
  let committed = 0;
  let dispatched = 0;
  let pool: WorkerPool | null = null;
  // Set from inside the pump (a write that threw): the job stops and rethrows it.
  const failure: { error: Error | null } = { error: null };
  let failedSoFar = 0;

  const commitReady = (force: boolean): void => {
    let end = committed;
    while (end < tasks.length && results[end] !== undefined) end++;
    if (end === committed || (!force && end - committed < BATCH)) return;
    const tw = performance.now();
    write(() => {
      let dirty = false;
      for (let i = committed; i < end; i++) dirty = apply(tasks[i]!, results[i]!) || dirty;
      // In the same transaction as the writes: if the derive never runs, the next import knows.
      if (dirty) {
        markDerivePending(db, pendingWhy);
        changed = true;
      }
    });
    for (let i = committed; i < end; i++) results[i] = undefined; // free signal bytes
    committed = end;
    if (committed >= midCheckpointAt) {
      midCheckpointAt = Infinity;
      db.pragma('wal_checkpoint(PASSIVE)');
    }
    timings.writeMs += performance.now() - tw;
  };

  // Checkpoints (the only fsyncs in WAL + synchronous=NORMAL) every few MB would dominate a bulk import's
  // writes (each one waits on the disk): hold them off during the job. One is made when three quarters of
  // the files are committed, while the workers still parse the rest, so that the one at the end (on the
  // critical path) has only the last quarter to copy.
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const bulk = tasks.length > BATCH;
  let midCheckpointAt = bulk && tasks.length >= 8 * BATCH ? Math.floor(tasks.length * 0.75) : Infinity;
  if (bulk) db.pragma('wal_autocheckpoint = 0');
  try {
    if (tasks.length > 0 && !signal?.aborted) {
      pool = new WorkerPool(opts.poolSize ?? Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, tasks.length)), plan.movableHashes);
      await new Promise<void>((resolve) => {
        let settled = false;
        const finish = (): void => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', finish);
          resolve();
        };
        signal?.addEventListener('abort', finish, { once: true });
        const pump = (): void => {
          if (settled) return;
          try {
            for (;;) {
              commitReady(false);
              while (pool!.capacity > 0 && dispatched < tasks.length && dispatched - committed < WINDOW) dispatch(dispatched++);
              if (dispatched < tasks.length || !allReady(results, committed, tasks.length)) return;
              // Everything dispatched is back: commit it; a move that found no row may have queued one more task.
              commitReady(true);
              if (committed === tasks.length) return finish();
            }
          } catch (err) {
            failure.error = err as Error;
            finish();
          }
        };
        const dispatch = (i: number): void => {
          const t = tasks[i]!;
          pool!.run(t.task).then(
            (rec) => {
              results[i] = rec;
              done++;
              if (rec.kind === 'failed') failedSoFar++;
              progress('importing', Math.min(done, total), total, t.stat.path, failedSoFar);
              pump();
            },
            (err: Error) => {
              // A worker died on this file (crash, out of memory): record it as failed and carry on.
              results[i] = { kind: 'failed', path: t.stat.path, hash: '', size: t.stat.size, line: 0, message: `${t.stat.path}: ${err.message}` };
              done++;
              failedSoFar++;
              pump();
            },
          );
        };
        pump();
      });
      if (failure.error) throw failure.error;
    }
    // Commit whatever contiguous prefix is ready (everything, unless cancelled).
    commitReady(true);
    // Once aborted, the scan or the parse may be incomplete: nothing is marked missing on a cancelled job.
    summary.cancelled = signal?.aborted === true;
    progress('finishing', Math.min(done, total), total, null, summary.failed, true);
    if (!summary.cancelled && plan.vanished.size > 0) {
      write(() => {
        markDerivePending(db, pendingWhy);
        for (const id of plan.vanished.keys()) writer.setMissing(id, true);
      });
      summary.missing = plan.vanished.size;
      changed = true;
    }
    const td = performance.now();
    if (changed) updateDerived(db, () => lock.assertHeld());
    timings.deriveMs = performance.now() - td;
  } catch (err) {
    progress('failed', Math.min(done, total), total, null, summary.failed, true);
    throw err;
  } finally {
    await pool?.close();
    if (bulk) {
      db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
      const tc = performance.now();
      db.pragma('wal_checkpoint(PASSIVE)');
      timings.deriveMs += performance.now() - tc;
    }
  }
  summary.findings = findingTotals(db, scan.roots);
  summary.seconds = (performance.now() - t0) / 1000;
  progress(summary.cancelled ? 'cancelled' : 'done', Math.min(done, total), total, null, summary.failed, true);
  return summary;
}

function allReady(results: Array<FileRecord | undefined>, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (results[i] === undefined) return false;
  return true;
}

/** Findings of the present files under the imported roots (the state after this import, not just its changes). */
function findingTotals(db: CatalogDb, roots: readonly string[]): ImportSummary['findings'] {
  const totals = { error: 0, warning: 0, info: 0 };
  const rows = db.prepare('SELECT path, findings_error AS e, findings_warning AS w, findings_info AS i FROM files WHERE missing = 0').all() as Array<{
    path: string;
    e: number;
    w: number;
    i: number;
  }>;
  for (const r of rows) {
    if (!roots.some((root) => isUnder(r.path, root))) continue;
    totals.error += r.e;
    totals.warning += r.w;
    totals.info += r.i;
  }
  return totals;
}
