/**
 * The proposal engine on the shared corpus (../shared/setitec, DOMAIN §1.1), fed from a real catalog
 * import (src/main/labels/proposalInput.ts), checked against the raw parse of each file:
 *
 * - on every file whose program has sensing triggers, the `stepcode` events sit on the last sample of the
 *   step whose stop code records them, with the confidence of the trigger class; both are recomputed here
 *   from the raw `Step (nb)`, `Stop code` and `Position (mm)` columns and the Program rows;
 * - TUHH files (distance-only programs) get no `stepcode` entry, transition or exit, only heuristic ones;
 * - the anomaly attributes appear on exactly the corpus files that carry them, named below.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type CatalogDb } from '../../src/main/db/openCatalog';
import { runImport } from '../../src/main/ingest/importJob';
import { proposalInputForFile } from '../../src/main/labels/proposalInput';
import { ATTRIBUTE, CONFIDENCE, PROVENANCE, proposeLabels, proposalInputFromFile, type FileProposals } from '../../src/shared/labels/proposals/index';
import { findColumn } from '../../src/shared/setitec/segments';
import { parseSetitec } from '../../src/shared/setitec/parse';
import type { SetitecFile } from '../../src/shared/setitec/types';
import { CORPUS, hasCorpus } from './importFixtures';

if (!hasCorpus) console.warn(`skipping the proposal corpus tests: ${CORPUS} is missing (see ../shared/README.md)`);

interface Entry {
  rel: string;
  file: SetitecFile;
  res: FileProposals;
}

interface ExpectedEvent {
  classId: string;
  index: number;
  depth: number;
  confidence: number;
}

/**
 * The stop-code events of a file from its raw columns: blocks of equal `Step (nb)`, each block's code on its
 * last sample, the class of a rise from the Program row's threshold (contact ≤ 1.5 A torque / ≤ 0.5 A
 * thrust), or from the current at the stop when the row has none (converted files).
 */
function expectedEvents(file: SetitecFile): ExpectedEvent[] {
  const step = findColumn(file, 'step')!.values;
  const stop = findColumn(file, 'stop_code')!.values;
  const pos = findColumn(file, 'position')!.values;
  const torque = findColumn(file, 'i_torque')!.values;
  const thrust = findColumn(file, 'i_thrust')!.values;
  const out: ExpectedEvent[] = [];
  const seen = new Set<string>();
  let exit = false;
  for (let start = 0; start < step.length; ) {
    let end = start;
    while (end + 1 < step.length && step[end + 1] === step[start]) end++;
    const code = stop[end]!;
    const p = file.program.find((r) => r.stepNb === step[start]);
    const push = (classId: string, confidence: number) => {
      if (seen.has(classId)) return;
      seen.add(classId);
      out.push({ classId, index: end, depth: -pos[end]!, confidence });
    };
    if (code === 1 || code === 4) {
      const threshold = code === 1 ? p?.torqueMaxA : p?.thrustMaxA;
      const inferred = !(threshold && threshold > 0);
      const level = inferred ? (code === 1 ? torque[end]! : thrust[end]!) : threshold;
      const contact = level <= (code === 1 ? 1.5 : 0.5);
      const penalty = inferred ? CONFIDENCE.inferredThresholdPenalty : 0;
      if (exit) push('countersink_start', CONFIDENCE.sensedRecontact - penalty);
      else if (contact && !seen.has('cfrp_ti_transition')) push('entry', CONFIDENCE.sensedContact - penalty);
      else if (!contact) push('cfrp_ti_transition', CONFIDENCE.sensedHardLayer - penalty);
    } else if (code === 2048 && !exit) {
      push('exit', p?.gapMm && p.gapMm > 0 ? CONFIDENCE.sensedDropWithGap : CONFIDENCE.sensedDrop);
      exit = true;
    }
    start = end + 1;
  }
  return out;
}

describe.skipIf(!hasCorpus)('proposals on the shared corpus', () => {
  let dir: string;
  let db: CatalogDb;
  const entries: Entry[] = [];
  const byName = (rel: string): Entry => {
    const e = entries.find((x) => x.rel === rel);
    if (!e) throw new Error(`${rel} is not in the corpus`);
    return e;
  };
  const withAttribute = (classId: string, value?: unknown): string[] =>
    entries.filter((e) => e.res.attributes.some((a) => a.classId === classId && (value === undefined || a.value === value))).map((e) => e.rel).sort();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-proposals-corpus-'));
    db = openCatalog(path.join(dir, 'catalog.sqlite'));
    const summary = await runImport(db, { dirs: [CORPUS], jobId: 'proposals' });
    expect(summary).toMatchObject({ imported: 778, failed: 0 });
    const rows = db.prepare('SELECT id, path FROM files ORDER BY path').all() as Array<{ id: number; path: string }>;
    for (const { id, path: p } of rows) {
      const parsed = parseSetitec(fs.readFileSync(p), p);
      if (!parsed.ok) throw new Error(parsed.error.message);
      entries.push({ rel: path.relative(CORPUS, p).split(path.sep).join('/'), file: parsed.file, res: proposeLabels(proposalInputForFile(db, id)) });
    }
  }, 300_000);

  afterAll(() => {
    db?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('proposes from the catalog exactly what it proposes from a fresh parse', () => {
    expect(entries).toHaveLength(778);
    for (const e of entries) expect(proposeLabels(proposalInputFromFile(e.file)), e.rel).toEqual(e.res);
  });

  it('puts the stop-code events on the trigger positions of every file with sensing triggers', () => {
    const sensing = entries.filter((e) => expectedEvents(e.file).length > 0);
    // MDB-MQL (121), MDB 4-step (misc 17070141/17070143/20110019/2312041 and the converted 798a), HAM_lower (3), P6TL (1), the gabriele MDB-MQL head.
    expect(sensing.map((e) => e.rel.split('/')[0])).toEqual(expect.arrayContaining(['MDB-MQL', 'misc']));
    expect(sensing.filter((e) => e.rel.startsWith('MDB-MQL/'))).toHaveLength(121);
    expect(sensing.filter((e) => e.rel.startsWith('TUHH/'))).toHaveLength(0);
    for (const rel of ['misc/E00401006B6B2977_113-V3-022_ST_2193_63.xls', 'misc/E0025C639508824D_P6TL-INT_ST_339_460.xls', 'misc/17070141_17070141_ST_753_55.xls', 'misc/20110019_20110019_ST_490_3.xls'])
      expect(sensing.map((e) => e.rel)).toContain(rel);
    for (const e of sensing) {
      const want = expectedEvents(e.file);
      const got = e.res.proposals.filter((p) => p.depthEnd === null && p.provenance === PROVENANCE.stepcode);
      expect(got.map((p) => p.classId).sort(), e.rel).toEqual(want.map((w) => w.classId).sort());
      for (const w of want) {
        const p = got.find((g) => g.classId === w.classId)!;
        expect(p.source, `${e.rel} ${w.classId}`).toBe('stepcode');
        expect(p.sampleIndex, `${e.rel} ${w.classId}`).toBe(w.index);
        expect(p.depth, `${e.rel} ${w.classId}`).toBeCloseTo(w.depth, 6);
        expect(p.confidence, `${e.rel} ${w.classId}`).toBeCloseTo(w.confidence, 6);
      }
    }
  });

  it('proposes no stop-code entry, transition or exit on TUHH files, only heuristic ones', () => {
    const tuhh = entries.filter((e) => e.rel.startsWith('TUHH/'));
    expect(tuhh).toHaveLength(640);
    const heuristic = { entry: PROVENANCE.walkback, cfrp_ti_transition: PROVENANCE.gradient, exit: PROVENANCE.drop } as Record<string, string>;
    const found: Record<string, number> = { entry: 0, cfrp_ti_transition: 0, exit: 0 };
    for (const e of tuhh) {
      for (const p of e.res.proposals.filter((q) => q.depthEnd === null && q.classId in heuristic)) {
        expect(p.source, e.rel).toBe('heuristic');
        expect(p.provenance, e.rel).toBe(heuristic[p.classId]);
        expect(p.confidence, e.rel).toBeLessThan(CONFIDENCE.sensedFloor);
        found[p.classId]!++;
      }
    }
    // All but the dead-channel file have an entry and a transition; 20 holes end in the titanium (9 of them
    // on the motor fault) and have no exit.
    expect(found).toEqual({ entry: 639, cfrp_ti_transition: 637, exit: 619 });
  });

  it('flags the motor-fault stop code on exactly the nine files that carry it', () => {
    expect(withAttribute(ATTRIBUTE.anomalyStopCode)).toEqual(
      [
        'MDB-MQL/E0040100247BDE7A_114-V3-003-MQ_ST_1146_1.xls',
        'TUHH/001_V1/V1_023.xls',
        'TUHH/002_V2/V2__095.xls',
        'TUHH/002_V2/V2__096.xls',
        'TUHH/003_V3/V3_037.xls',
        'TUHH/003_V3/V3_038.xls',
        'TUHH/004_V4/V4_107.xls',
        'TUHH/004_V4/V4_116.xls',
        'TUHH/004_V4/V4_127.xls',
      ].sort(),
    );
    const a = byName('MDB-MQL/E0040100247BDE7A_114-V3-003-MQ_ST_1146_1.xls').res.attributes.find((x) => x.classId === ATTRIBUTE.anomalyStopCode)!;
    expect(a).toMatchObject({ value: 'KILLMOT_M1 + TORQUE_LIMIT (131074) ends step 3', source: 'stepcode', confidence: 1 });
  });

  it('flags Cycle OK = False on the genuine and the converted file that say so', () => {
    expect(withAttribute(ATTRIBUTE.cycleOk, false)).toEqual(['MDB-MQL/E0040100247BDE7A_114-V3-003-MQ_ST_1146_1.xls', 'misc/MQTT_to_XLS_17070141_798a.xls']);
  });

  it('names the dead torque channel and the air cycle', () => {
    expect(withAttribute(ATTRIBUTE.anomaly, 'sensor fault')).toEqual(['TUHH/005_V5/V5_10.xls']);
    expect(withAttribute(ATTRIBUTE.anomaly, 'air cycle')).toEqual(['misc/MQTT_to_XLS_17070144_175b.xls']);
    expect(byName('TUHH/005_V5/V5_10.xls').res.proposals).toEqual([]);
  });

  it('flags the 1970 date on the three HAM_lower files', () => {
    expect(withAttribute(ATTRIBUTE.clockUnset, true)).toEqual([
      'misc/E00401006B6B2977_113-V3-022_ST_2193_63.xls',
      'misc/E00401006B6B2977_113-V3-022_ST_2194_64.xls',
      'misc/E00401006B6B2977_113-V3-022_ST_2195_65.xls',
    ]);
  });

  it('flags the converted-file signature on the three MQTT rebuilds', () => {
    expect(withAttribute(ATTRIBUTE.convertedFile)).toEqual(['misc/MQTT_to_XLS_17070141_798a.xls', 'misc/MQTT_to_XLS_17070144_175b.xls', 'misc/MQTT_to_XLS_17070144_30221.xls']);
  });

  it('keeps entry < transition < exit < countersink start on every file', () => {
    const order = ['entry', 'cfrp_ti_transition', 'exit', 'countersink_start'];
    for (const e of entries) {
      const depths = order.map((id) => e.res.proposals.find((p) => p.classId === id && p.depthEnd === null)?.depth).filter((d): d is number => d !== undefined);
      expect([...depths].sort((a, b) => a - b), e.rel).toEqual(depths);
    }
  });
});
