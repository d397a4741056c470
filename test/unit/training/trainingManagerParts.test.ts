/**
 * The training manager's small parts: the bridge's command line from TrainParams, a process end to a run's
 * status and error, run ids, the console log and its tail, reading evaluation.json and a snapshot folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunId } from '../../../src/shared/api/training.contract';
import type { ExitResult } from '../../../src/main/process/managedProcess';
import { visibleText } from '../../../src/main/process/terminalLines';
import { openCatalog, type CatalogDb } from '../../../src/main/db/openCatalog';
import { ConsoleLog, readConsoleTail } from '../../../src/main/training/consoleLog';
import { readEvaluation } from '../../../src/main/training/evaluationFile';
import { newRunId } from '../../../src/main/training/runId';
import { runOutcome } from '../../../src/main/training/runOutcome';
import { snapshotFromFolder } from '../../../src/main/training/snapshotLookup';
import { trainArgs } from '../../../src/main/training/trainArgs';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-training-parts-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('trainArgs', () => {
  const target = { datasetDir: '/d', runDir: '/r', runId: 'run-x1y2z3' };
  it('names the dataset, folder and id, and only the parameters that are set', () => {
    expect(trainArgs(target, {})).toEqual(['train', '--dataset', '/d', '--out', '/r', '--run-id', 'run-x1y2z3']);
    expect(trainArgs({ ...target, resume: '/old/checkpoints/last.pt' }, { epochs: 5, batchSize: 2, lr: 0.01, seed: 0, device: 'cuda', patience: 0, fold: 1, nproc: 4, dryRun: true })).toEqual([
      'train', '--dataset', '/d', '--out', '/r', '--run-id', 'run-x1y2z3',
      '--epochs', '5', '--batch-size', '2', '--lr', '0.01', '--seed', '0', '--device', 'cuda', '--patience', '0', '--fold', '1', '--nproc', '4', '--dry-run',
      '--resume', '/old/checkpoints/last.pt',
    ]);
  });
  it('leaves --nproc out for one worker and --dry-run out when false', () => {
    expect(trainArgs(target, { nproc: 1, dryRun: false })).not.toEqual(expect.arrayContaining(['--nproc']));
    expect(trainArgs(target, { nproc: 1, dryRun: false })).not.toContain('--dry-run');
  });
});

describe('runOutcome', () => {
  const result = (r: Partial<ExitResult>): ExitResult => ({ name: 'training', pid: 1, reason: 'exited', code: 0, signal: null, signalsSent: [], error: null, ...r });
  const base = { done: null, error: null, consoleTail: [], python: '/py', killTimeoutMs: 30_000 };
  const t = { v: 1 as const, t: 0 };

  it('exit 0 is finished (cancelled when the bridge said so), exit 6 cancelled', () => {
    expect(runOutcome({ ...base, result: result({}) })).toEqual({ status: 'finished', exitCode: 0, error: null });
    const done = { ...t, type: 'done' as const, status: 'cancelled' as const, reason: 'SIGTERM', bestEpoch: null, metrics: {}, model: null, seconds: 1 };
    expect(runOutcome({ ...base, done, result: result({}) }).status).toBe('cancelled');
    expect(runOutcome({ ...base, result: result({ reason: 'cancelled', code: 6, signalsSent: ['SIGTERM'] }) })).toEqual({ status: 'cancelled', exitCode: 6, error: null });
  });

  it('a SIGKILLed cancel says no checkpoint may have been written', () => {
    const end = runOutcome({ ...base, killTimeoutMs: 5000, result: result({ reason: 'cancelled', code: null, signal: 'SIGKILL', signalsSent: ['SIGTERM', 'SIGKILL'] }) });
    expect(end).toMatchObject({ status: 'cancelled', exitCode: null });
    expect(end.error).toBe('it did not stop within 5 s of SIGTERM and was killed, so it may have left no checkpoint');
  });

  it("a failure says the bridge's own words and the exit code's meaning, else the console's last lines", () => {
    const error = { ...t, type: 'error' as const, kind: 'missing_component' as const, message: 'train needs torch', file: null };
    expect(runOutcome({ ...base, error, result: result({ reason: 'failed', code: 3 }) }).error).toBe('missing_component: train needs torch (exit 3: a required Python component is missing (run `udw python setup`, or see `udw doctor`))');
    const tail = ['', ...Array.from({ length: 12 }, (_, i) => `line ${i}`)];
    const end = runOutcome({ ...base, consoleTail: tail, result: result({ reason: 'failed', code: 1 }) });
    expect(end.error).toBe(`python -m udw_bridge train exited with code 1: an unexpected error in the bridge; the console ended with:\n${tail.slice(-8).join('\n')}`);
    expect(runOutcome({ ...base, result: result({ reason: 'crashed', code: null, signal: 'SIGSEGV' }) })).toEqual({ status: 'failed', exitCode: null, error: 'the training process was ended by SIGSEGV' });
    expect(runOutcome({ ...base, result: result({ reason: 'spawnFailed', code: null, pid: null, error: 'spawn /py ENOENT' }) })).toEqual({ status: 'failed', exitCode: null, error: 'cannot start /py: spawn /py ENOENT' });
  });
});

describe('run ids', () => {
  it('match RunId and sort by the time they were made', () => {
    const ids = [newRunId(1_000), newRunId(2_000), newRunId(2_000), newRunId(Date.now())];
    for (const id of ids) expect(RunId.safeParse(id).success, id).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the console', () => {
  it('writes every chunk to console.log and hands batches on; the tail is what a terminal shows', () => {
    const file = path.join(dir, 'console.log');
    const batches: string[] = [];
    const log = new ConsoleLog(file, (d) => batches.push(d));
    log.write('\x1b[32mgreen\x1b[0m line\r\n');
    log.write('epoch 1:   0%|          | 0/3\repoch 1:  33%|###       | 1/3');
    log.write('\repoch 1: 100%|##########| 3/3\r\n');
    log.note('the bridge said nothing');
    log.close();
    expect(batches.join('')).toBe(fs.readFileSync(file, 'utf8'));
    expect(readConsoleTail(file)).toEqual(['green line', 'epoch 1: 100%|##########| 3/3', '', '[udw] the bridge said nothing']);
    expect(readConsoleTail(path.join(dir, 'missing.log'))).toEqual([]);
    expect(visibleText('\x1b]0;title\x07a\rb\x1b[2K\rc')).toBe('c');
  });
});

describe('evaluation.json', () => {
  it('is read and checked, absent is null, and a wrong one names the file and the problem', () => {
    const file = path.join(dir, 'evaluation.json');
    expect(readEvaluation(file)).toBeNull();
    const exit = { n: 2, mae: 0.1, rmse: 0.1, median: 0.1, p95: 0.1, max: 0.2, bias: 0, within025: 1, within05: 1, within1: 1 };
    fs.writeFileSync(file, JSON.stringify({ keypoints: { exit }, files: [] }));
    expect(readEvaluation(file)).toMatchObject({ keypoints: { exit } });
    fs.writeFileSync(file, JSON.stringify({ keypoints: { exit: { ...exit, mae: 'low' } } }));
    expect(() => readEvaluation(file)).toThrow(`${file}: not an evaluation as expected`);
    fs.writeFileSync(file, '{');
    expect(() => readEvaluation(file)).toThrow(new RegExp(`^${file}: not JSON`));
  });
});

describe('a snapshot folder given by path', () => {
  let db: CatalogDb;
  beforeEach(() => {
    db = openCatalog(':memory:');
  });
  afterEach(() => db.close());

  it('refuses a folder without a manifest, or with an invalid one, naming the file and what was expected', () => {
    expect(() => snapshotFromFolder(db, dir)).toThrow(`${path.join(dir, 'manifest.json')}: cannot read it (ENOENT); expected a dataset snapshot folder made by \`udw dataset create\``);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ schemaVersion: 1, snapshotId: 'nothex' }));
    expect(() => snapshotFromFolder(db, dir)).toThrow(/manifest\.json: not a valid snapshot manifest \(snapshotId: /);
    expect(db.prepare('SELECT count(*) FROM snapshots').pluck().get()).toBe(0);
  });
});
