/**
 * A snapshot of real MDB-MQL files (a small subset of ../shared/setitec, skipped clearly without it):
 * imported, stop-code proposals committed and accepted, then `udw dataset create` as the bridge's quality
 * run makes it. Checks that the depth convention of the grid and the labels agree on real data: the net
 * torque is high (titanium) between the transition and the exit's torque drop, low (CFRP) before it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Manifest } from '../../src/shared/training/manifest';
import { CORPUS, hasCorpus } from './importFixtures';

const MDB = path.join(CORPUS, 'MDB-MQL');
const SUBSET = 8;
if (!hasCorpus) console.warn(`SKIPPED: the MDB-MQL dataset snapshot test needs the corpus at ${CORPUS}`);

let root: string;

function udw(...args: string[]) {
  return spawnSync('node', ['bin/udw.js', ...args], { encoding: 'utf8', timeout: 120_000 });
}

/** Little-endian float32 rows of a (channels, length) .npy written by the snapshot (header length from bytes 8–9). */
function readSignal(file: string, channels: number, length: number): Float32Array[] {
  const bytes = fs.readFileSync(file);
  const start = 10 + bytes.readUInt16LE(8);
  return Array.from({ length: channels }, (_, c) => {
    const row = new Float32Array(length);
    for (let i = 0; i < length; i++) row[i] = bytes.readFloatLE(start + (c * length + i) * 4);
    return row;
  });
}

describe.skipIf(!hasCorpus)('dataset snapshot of real MDB-MQL files', () => {
  beforeAll(() => {
    execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-dataset-corpus-'));
    const data = path.join(root, 'data');
    fs.mkdirSync(data);
    const names = fs.readdirSync(MDB).filter((n) => n.endsWith('.xls')).sort().slice(0, SUBSET);
    for (const n of names) fs.copyFileSync(path.join(MDB, n), path.join(data, n));
    const db = path.join(root, 'catalog.sqlite');
    for (const args of [['import', data], ['autolabel', '--commit', '--accept-above', '0.8']]) {
      const res = udw(...args, '--db', db, '--json');
      if (res.status !== 0) throw new Error(`udw ${args[0]} failed (exit ${res.status}): ${res.stderr}`);
    }
  }, 180_000);

  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('holds every file with stop-code transition and exit on a grid that agrees with the labels', () => {
    const out = path.join(root, 'snapshot');
    const res = udw('dataset', 'create', '--db', path.join(root, 'catalog.sqlite'), '--out', out, '--sources', 'stepcode', '--group-by', 'counter-block:10', '--val-order', 'latest', '--val-fraction', '0.2', '--json');
    expect(res.status, res.stderr).toBe(0);
    const m = Manifest.parse(JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')));
    expect(m.counts.files).toBe(SUBSET);
    expect(m.counts.labels.exit).toBe(SUBSET);
    expect(m.counts.labels.cfrp_ti_transition).toBe(SUBSET);
    const step = m.resampling.stepMm;
    for (const f of m.files) {
      const [torque] = readSignal(path.join(out, f.signal), m.channels.length, f.length);
      const at = (depth: number): number => Math.round((depth - f.depthStartMm) / step);
      const mean = (a: number, b: number): number => {
        let s = 0;
        for (let i = a; i < b; i++) s += torque![i]!;
        return s / (b - a);
      };
      const transition = at(f.labels.cfrp_ti_transition!);
      const exit = at(f.labels.exit!);
      expect(transition).toBeGreaterThan(0);
      expect(exit).toBeLessThan(f.length);
      // MDB-MQL's exit step ends on Torque Min after a 2 mm gap: titanium runs from the transition to ≈2 mm before it.
      const ti = mean(transition + 25, exit - Math.round(3 / step));
      const cfrp = mean(transition - Math.round(3 / step), transition - 10);
      expect(ti, f.name).toBeGreaterThan(3);
      expect(cfrp, f.name).toBeLessThan(2);
      expect(mean(exit - Math.round(1.5 / step), exit), f.name).toBeLessThan(1);
    }
  });
});
