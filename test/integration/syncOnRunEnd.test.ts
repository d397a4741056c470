/**
 * "A run ended → queue its sync", through a real back end: a run started with `training.start` and finished
 * by the training manager (a real Python running the stand-in bridge, test/helpers/fakeBridge, behind a
 * python-bridge folder of its own) is queued in the outbox exactly once when an MLflow server is set, with
 * its steps planned in order; nothing is sent (draining stays explicit). A run that ends with no server set
 * is not queued then. No MLflow server is needed: queueing never talks to it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../src/main/backend/createBackend';
import { enqueueEndedRuns, enqueueRunSync } from '../../src/main/sync/outbox/enqueueRun';
import { OutboxStore } from '../../src/main/sync/outbox/outboxStore';
import { makeSyntheticSnapshot, type SyntheticSnapshot } from '../helpers/fakeBridge/syntheticSnapshot';

const PYTHON = path.resolve('.venv', 'bin', 'python');
const FAKE_BRIDGE = path.resolve('test/helpers/fakeBridge/fake_bridge.py');
const hasPython = fs.existsSync(PYTHON);
if (!hasPython) console.warn(`SKIPPED: the run-end sync test runs the stand-in bridge with ${PYTHON} (scripts/bootstrap creates it)`);

let root: string;
let fx: SyntheticSnapshot;
let backend: Backend;

/** A project folder whose python-bridge/udw_bridge is the stand-in bridge, so the back end's own launch runs it. */
function fakeProjectRoot(dir: string): string {
  const pkg = path.join(dir, 'python-bridge', 'udw_bridge');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, '__init__.py'), '');
  fs.writeFileSync(path.join(pkg, '__main__.py'), ['import runpy, sys', `FAKE = ${JSON.stringify(FAKE_BRIDGE)}`, 'sys.argv[0] = FAKE', 'runpy.run_path(FAKE, run_name="__main__")', ''].join('\n'));
  return dir;
}

/** Starts a run and resolves with its final status (the manager's own event, a handshake rather than a wait). */
async function trainToEnd(b: Backend): Promise<{ runId: string; status: string }> {
  let runId = '';
  const ended = new Promise<string>((resolve) => {
    const off = b.events.subscribe((channel, raw) => {
      const p = raw as { runId?: string; status?: string };
      if (channel !== 'runs.changed' || p.runId !== runId || !['finished', 'failed', 'cancelled'].includes(p.status ?? '')) return;
      off();
      resolve(p.status!);
    });
  });
  runId = ((await b.dispatch('training.start', { snapshotId: fx.snapshotId, params: { epochs: 2 } })) as { runId: string }).runId;
  return { runId, status: await ended };
}

/** Queueing follows the end event on the event loop; this waits for it (bounded by the test's timeout, asserts no time). */
async function queued(b: Backend, runId: string): Promise<void> {
  const store = new OutboxStore(b.context.db);
  while (!store.isQueued(runId)) await new Promise((r) => setTimeout(r, 20));
}

describe.skipIf(!hasPython)('a run that ends is queued for sync', () => {
  beforeAll(() => {
    const built = spawnSync('node', ['scripts/build-node.mjs'], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-sync-run-end-'));
    fx = makeSyntheticSnapshot(path.join(root, 'catalog'), 4);
    backend = createBackend({ host: 'memory', catalogPath: fx.catalog, projectRoot: fakeProjectRoot(path.join(root, 'project')), python: { fixed: { command: PYTHON, source: 'UDW_PYTHON' } } });
  }, 300_000);

  afterAll(async () => {
    await backend?.dispose();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('queues a run finished by the training manager exactly once when a server is set, and none without one', async () => {
    const store = new OutboxStore(backend.context.db);
    const before = await trainToEnd(backend);
    expect(before.status).toBe('finished');
    // Everything the end of a run sets off has happened once the next turn of the loop is through.
    await new Promise((r) => setImmediate(r));
    expect(store.isQueued(before.runId)).toBe(false);

    await backend.dispatch('settings.update', { mlflowUrl: 'http://127.0.0.1:9/' });
    const run = await trainToEnd(backend);
    expect(run.status).toBe('finished');
    await queued(backend, run.runId);

    const row = store.run(run.runId)!;
    expect(row).toMatchObject({ state: 'pending', mlflow_run_id: null, experiment: 'udw', offline: 0 });
    expect(row.server.replace(/\/+$/, '')).toBe('http://127.0.0.1:9');
    const steps = backend.context.db.prepare('SELECT kind, state FROM sync_steps WHERE local_run_id = ? ORDER BY seq').all(run.runId) as Array<{ kind: string; state: string }>;
    expect(steps[0]).toEqual({ kind: 'create_run', state: 'pending' });
    expect(steps.at(-1)).toEqual({ kind: 'finish', state: 'pending' });
    expect(steps.map((s) => s.kind)).toContain('log_inputs');
    expect(steps.every((s) => s.state === 'pending')).toBe(true);

    // Exactly once: queueing it again (as `udw sync` or a second listener would) adds nothing.
    const target = { server: row.server, experiment: row.experiment, offline: false };
    expect(enqueueRunSync(backend.context.db, run.runId, target)).toBe(false);
    expect(enqueueEndedRuns(backend.context.db, target)).not.toContain(run.runId);
    expect(backend.context.db.prepare('SELECT count(*) FROM sync_runs WHERE local_run_id = ?').pluck().get(run.runId)).toBe(1);
    expect(backend.context.db.prepare('SELECT count(DISTINCT sync_id) FROM sync_runs').pluck().get()).toBe(store.runs().length);
  }, 300_000);
});
