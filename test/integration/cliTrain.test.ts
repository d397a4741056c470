/**
 * `udw train`, `udw runs`, `udw evaluate` and `udw python setup` as a user runs them (the built CLI), with
 * the real python-bridge on a small synthetic snapshot: usage errors, a --dry-run training on a catalog
 * that has not seen the snapshot (it is recorded there), Ctrl-C cancelling cleanly with a checkpoint, and
 * the doctor's training line. The corpus run is trainCorpus.test.ts.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunSummary } from '../../src/shared/api/training.contract';
import { openCatalog } from '../../src/main/db/openCatalog';
import { makeSyntheticSnapshot, udwCli, type SyntheticSnapshot } from '../helpers/fakeBridge/syntheticSnapshot';

const venvPython = path.resolve('.venv', 'bin', 'python');
const python = fs.existsSync(venvPython) ? venvPython : 'python3';
const env = { ...process.env, UDW_PYTHON: python };

/** A bound for a test that runs the real bridge (torch on a shared 2-core machine): only a hang reaches it. */
const REAL_BRIDGE_MS = 600_000;

let root: string;
let fx: SyntheticSnapshot;
let fresh: string;

beforeAll(() => {
  execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-cli-train-'));
  fx = makeSyntheticSnapshot(root);
  // A second catalog that has never seen the snapshot.
  fresh = path.join(root, 'fresh', 'catalog.sqlite');
  fs.mkdirSync(path.dirname(fresh));
  openCatalog(fresh).close();
}, 300_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('usage', () => {
  it('refuses bad flags with exit 2, naming the flag and what was expected', () => {
    const cases: Array<[string[], RegExp]> = [
      [['train'], /--dataset DIR is required/],
      [['train', '--dataset', 'x', '--device', 'gpu'], /--device: expected one of auto, cpu, cuda, mps, got 'gpu'/],
      [['train', '--dataset', 'x', '--epochs', 'two'], /--epochs: expected a whole number, got 'two'/],
      [['train', '--dataset', 'x', '--epochs', '0'], /--epochs: /],
      [['train', '--dataset', 'x', '--lr', '2'], /--lr: /],
      [['evaluate'], /--run RUN_ID is required/],
      [['python', 'install'], /expected `udw python setup`/],
    ];
    for (const [args, message] of cases) {
      const res = udwCli([...args, '--db', fx.catalog], env);
      expect(res.status, args.join(' ')).toBe(2);
      expect(res.stderr, args.join(' ')).toMatch(message);
    }
  }, REAL_BRIDGE_MS);

  it('fails clearly on a folder that is no snapshot, and on an unknown run', () => {
    const notSnapshot = udwCli(['train', '--dataset', path.join(root, 'data'), '--db', fx.catalog, '--json'], env);
    expect(notSnapshot.status).toBe(1);
    expect(JSON.parse(notSnapshot.stdout).error.message).toBe(`${path.join(root, 'data', 'manifest.json')}: cannot read it (ENOENT); expected a dataset snapshot folder made by \`udw dataset create\``);
    const unknown = udwCli(['evaluate', '--run', 'run-nosuchrun1', '--db', fx.catalog], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no run run-nosuchrun1 in this catalog');
    expect(udwCli(['runs', '--db', fresh], env).stdout).toContain('no training runs in this catalog yet');
  }, REAL_BRIDGE_MS);
});

describe('udw train with the real bridge', () => {
  it('--dry-run trains, exports and verifies; a snapshot new to the catalog is recorded there', () => {
    const res = udwCli(['train', '--dataset', fx.snapshot, '--dry-run', '--epochs', '1', '--batch-size', '2', '--device', 'cpu', '--db', fresh, '--json'], env);
    expect(res.status, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { runId: string; status: string; model: string; snapshotId: string; dir: string; evaluation: Record<string, { n: number }>; metrics: Record<string, number> };
    expect(out).toMatchObject({ status: 'finished', snapshotId: fx.snapshotId, dir: path.join(path.dirname(fresh), 'runs', out.runId) });
    expect(fs.existsSync(out.model)).toBe(true);
    expect(out.metrics['export/max_abs_diff']).toBeLessThanOrEqual(1e-4);
    expect(Object.keys(out.evaluation)).toEqual(expect.arrayContaining(['exit', 'cfrp_ti_transition']));
    const listed = JSON.parse(udwCli(['dataset', 'list', '--db', fresh, '--json'], env).stdout) as Array<{ snapshotId: string; dir: string }>;
    expect(listed.map((s) => [s.snapshotId, s.dir])).toEqual([[fx.snapshotId, fx.snapshot]]);
    const runs = (JSON.parse(udwCli(['runs', '--db', fresh, '--json'], env).stdout) as unknown[]).map((r) => RunSummary.parse(r));
    expect(runs.map((r) => [r.runId, r.status])).toEqual([[out.runId, 'finished']]);
  }, REAL_BRIDGE_MS);

  it('Ctrl-C cancels: the bridge checkpoints and stops, udw exits 130 and the run is stored as cancelled', async () => {
    const child = spawn('node', ['bin/udw.js', 'train', '--dataset', fx.snapshot, '--epochs', '200', '--batch-size', '2', '--device', 'cpu', '--patience', '0', '--db', fx.catalog], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // The console streams to stderr; once the first epoch's bar is drawn the bridge is training.
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/epoch 1\/200 train/.test(stderr)) resolve();
      });
      void exited.then((code) => reject(new Error(`udw train exited (${code}) before training: ${stderr}`)));
    });
    child.kill('SIGINT');
    expect(await exited, stderr.slice(-2000)).toBe(130);
    expect(stdout).toMatch(/^run run-[0-9a-z]+ cancelled: epoch \d+\/200 on cpu/m);
    const runs = (JSON.parse(udwCli(['runs', '--db', fx.catalog, '--json'], env).stdout) as unknown[]).map((r) => RunSummary.parse(r));
    const run = runs[0]!;
    expect(run).toMatchObject({ status: 'cancelled', error: null });
    const detail = JSON.parse(udwCli(['runs', run.runId, '--db', fx.catalog, '--json'], env).stdout) as { dir: string; exitCode: number; consoleTail: string[] };
    expect(detail.exitCode).toBe(6);
    expect(fs.existsSync(path.join(detail.dir, 'checkpoints', 'last.pt'))).toBe(true);
  }, REAL_BRIDGE_MS);
});

describe('udw doctor and udw python setup', () => {
  it('doctor names what training needs; python setup leaves an interpreter that has it alone', () => {
    const doctor = JSON.parse(udwCli(['doctor', '--json', '--python', python], env).stdout) as { components: Array<{ name: string; ok: boolean; detail: string }> };
    const training = doctor.components.find((c) => c.name === 'training')!;
    expect(training.ok).toBe(true);
    expect(training.detail).toMatch(/has torch .*, onnx .*, onnxruntime .*, numpy .*, tqdm /);
    const missing = JSON.parse(udwCli(['doctor', '--json', '--python', '/nonexistent/python3'], env).stdout) as typeof doctor;
    expect(missing.components.find((c) => c.name === 'training')).toMatchObject({ ok: false, detail: expect.stringContaining('udw python setup') });
    const setup = udwCli(['python', 'setup', '--db', fresh, '--json'], env);
    expect(setup.status, setup.stderr).toBe(0);
    expect(JSON.parse(setup.stdout)).toMatchObject({ python, venv: '', installed: [], ok: true, message: expect.stringMatching(/already has torch .*, onnx .*, numpy .*; nothing was installed/) });
    expect(fs.existsSync(path.join(path.dirname(fresh), 'python-venv'))).toBe(false);
  }, REAL_BRIDGE_MS);
});
