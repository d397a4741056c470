/**
 * sync.register through the back end's dispatch (no MLflow server needed: it only queues): the alias rule
 * shared with `udw sync register`, the refusals (no server set, no such run, a run without a model), and a
 * queued registration as steps behind the run's own. That Sync now then registers the version with its alias on
 * a real server is test/e2e/sync.spec.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../src/shared/api/sync.contract';
import { aliasProblem } from '../../src/shared/sync/modelAlias';
import { addFixtureRun } from '../helpers/syncRuns';
import { tempBackend, type TempBackend } from '../helpers/tempBackend';

let t: TempBackend | null = null;
afterEach(async () => {
  await t?.cleanup();
  t = null;
});

describe('the alias rule', () => {
  it('takes letters, digits, _ and -, and refuses what MLflow reserves or cannot store', () => {
    expect(aliasProblem('champion')).toBeNull();
    expect(aliasProblem('prod_2-b')).toBeNull();
    expect(aliasProblem('latest')).toContain('reserved by MLflow');
    expect(aliasProblem('V3')).toContain('reserved by MLflow');
    expect(aliasProblem('v3x')).toBeNull();
    expect(aliasProblem('with space')).toContain("got 'with space'");
    expect(aliasProblem('x'.repeat(256))).toContain('1 to 255');
  });
});

describe('sync.register', () => {
  it('refuses without a server, a bad alias, an unknown run and a run without a model; queues the steps otherwise', async () => {
    t = tempBackend('web');
    const call = <T>(channel: string, payload: unknown): Promise<T> => t!.backend.dispatch(channel, payload) as Promise<T>;
    const db = t.backend.context.db;
    addFixtureRun(db, t.dir, { runId: 'run-register01', epochs: 3, keys: 1 });
    addFixtureRun(db, t.dir, { runId: 'run-register02', epochs: 3, keys: 1 });
    db.prepare('UPDATE runs SET model = NULL WHERE id = ?').run('run-register02');

    await expect(call('sync.register', { localId: 'run-register01', model: 'udw-drill' })).rejects.toThrow('no MLflow server set for this catalog');
    await call('remote.set', { mlflowUrl: 'http://127.0.0.1:9', experiment: 'udw-register' });
    await expect(call('sync.register', { localId: 'run-register01', model: 'udw-drill', alias: 'v2' })).rejects.toMatchObject({ code: 'invalid_payload', message: expect.stringContaining("alias: 'v2' is reserved by MLflow") });
    await expect(call('sync.register', { localId: 'run-register01', model: '  ' })).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(call('sync.register', { localId: 'run-nosuch01', model: 'udw-drill' })).rejects.toThrow('sync.register: no run run-nosuch01 in this catalog');
    await expect(call('sync.register', { localId: 'run-register02', model: 'udw-drill' })).rejects.toThrow('sync.register: run run-register02 has no ONNX model to register');

    const before = await call<SyncStatus>('sync.status', {});
    const run = before.runs.find((r) => r.localId === 'run-register01')!;
    const status = await call<SyncStatus>('sync.register', { localId: 'run-register01', model: 'udw-drill', alias: 'champion' });
    const after = status.runs.find((r) => r.localId === 'run-register01')!;
    // The run's own steps first, then register and set alias.
    expect(after.steps.total).toBe(run.steps.total + 2);
    expect(after).toMatchObject({ status: 'pending', currentStep: 'create run' });
    const labels = db.prepare("SELECT label FROM sync_steps WHERE local_run_id = ? ORDER BY seq").pluck().all('run-register01') as string[];
    expect(labels.slice(-2)).toEqual(['register model udw-drill', 'set alias udw-drill@champion']);
  });
});
