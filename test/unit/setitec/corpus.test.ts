/**
 * The whole shared corpus (778 real exports, versions 4, 7, 8, 9, 11) against the parser. Expected values
 * come from an independent, deliberately naive reading of the same lines (test/corpus/corpus.ts) and from
 * values read off the files by hand with `sed`.
 */
import { beforeAll, expect, it } from 'vitest';
import { column } from '../../../src/shared/setitec/columns';
import { metaValue } from '../../../src/shared/setitec/metadata';
import { parseSetitec, parseSetitecText } from '../../../src/shared/setitec/parse';
import type { Irregularity, SetitecFile } from '../../../src/shared/setitec/types';
import { describeCorpus, listCorpusFiles, naiveRow, naiveTable, readCorpus, readCorpusText } from '../../corpus/corpus';

const COMMON = ['position', 'i_torque', 'i_thrust', 'i_torque_empty', 'i_thrust_empty', 'step', 'stop_code'];
const KEYS = {
  v4: [...COMMON, 'mem_torque_min', 'mem_thrust_min', 'rotation_speed', 'feed_speed', 'torque_power'],
  v7: [...COMMON, 'mem_torque_min', 'mem_thrust_min', 'torque_power', 'gap_length'],
  v9: [...COMMON, 'torque_power', 'gap_length'],
  v11: [...COMMON, 'power', 'gap_length'],
};

/** DOMAIN §4.11: the column set by version; converted v8 files carry v9's 9 columns. */
function expectedKeys(version: number | null, rel: string): string[] {
  switch (version) {
    case 4:
      return KEYS.v4;
    case 7:
      return KEYS.v7;
    case 8:
      return rel.includes('MQTT_to_XLS') ? KEYS.v9 : KEYS.v7;
    case 9:
      return KEYS.v9;
    case 11:
      return KEYS.v11;
    default:
      throw new Error(`unexpected version ${version} in ${rel}`);
  }
}

/** Files whose every row is compared with the naive reading, and whose parsed form is kept. */
const FULL_CHECK = new Set([
  'TUHH/001_V1/V1_001.xls',
  'TUHH/002_V2/V2__095.xls',
  'TUHH/005_V5/V5_10.xls',
  'TUHH/006_V6/V6_001.xls',
  'TUHH/010_V10/V10_026.xls',
  'MDB-MQL/E0040100247BDE7A_114-V3-003-MQ_ST_1146_1.xls',
  'MDB-MQL/E00401009F45C395_114-V3-002-MQ_ST_1900_27.xls',
  'MDB-MQL/E00401009F45C395_114-V3-002-MQ_ST_1925_12.xls',
]);

interface Outcome {
  rel: string;
  file?: SetitecFile;
  error?: string;
  /** [step, stop code on the step's last sample] per contiguous step block of Datas, computed here. */
  blocks?: Array<[number, number]>;
}

/** Step blocks by a plain loop over the step and stop-code columns (independent of crosscheck.ts). */
function naiveBlocks(file: SetitecFile): Array<[number, number]> {
  const step = file.data.columns.find((c) => c.key === 'step')!.values;
  const stop = file.data.columns.find((c) => c.key === 'stop_code')!.values;
  const blocks: Array<[number, number]> = [];
  for (let i = 0; i < step.length; i++) {
    if (i === 0 || step[i] !== step[i - 1]) blocks.push([step[i]!, 0]);
    blocks[blocks.length - 1]![1] = stop[i]!;
  }
  return blocks;
}

describeCorpus('shared corpus', () => {
  const rels = listCorpusFiles();
  const outcomes: Outcome[] = [];
  const kept = new Map<string, SetitecFile>();
  const rowMismatches: string[] = [];

  beforeAll(() => {
    for (const rel of rels) {
      const bytes = readCorpus(rel);
      const r = parseSetitec(bytes, rel.split('/').pop()!);
      if (!r.ok) {
        outcomes.push({ rel, error: r.error.message });
        continue;
      }
      const file = r.file;
      outcomes.push({ rel, file, blocks: naiveBlocks(file) });
      const full = FULL_CHECK.has(rel) || rel.startsWith('misc/');
      if (full) kept.set(rel, file);

      // Independent reading: row count, header names, first and last row (every row for FULL_CHECK).
      const naive = naiveTable(Buffer.from(bytes).toString('latin1'));
      const n = file.data.rowCount;
      if (naive.rows.length !== n) rowMismatches.push(`${rel}: ${n} rows, naive ${naive.rows.length}`);
      if (file.data.headerLine !== naive.headerLine) rowMismatches.push(`${rel}: header line ${file.data.headerLine}, naive ${naive.headerLine}`);
      const indices = full ? naive.rows.map((_, i) => i) : [0, naive.rows.length - 1];
      for (const i of indices) {
        const expected = naiveRow(naive.rows[i]!, naive.separator);
        const got = file.data.columns.map((c) => c.values[i]);
        if (expected.length !== got.length || expected.some((v, k) => !Object.is(v, got[k]))) {
          rowMismatches.push(`${rel} row ${i}: ${JSON.stringify(got)} vs naive ${JSON.stringify(expected)}`);
          break;
        }
      }
    }
    // Full column data only for the files kept above, to bound memory.
    for (const o of outcomes) if (!kept.has(o.rel) && o.file) o.file.data.columns.forEach((c) => (c.values = c.values.subarray(0, 2)));
  }, 120_000);

  const ok = (): Array<Outcome & { file: SetitecFile }> => outcomes.filter((o): o is Outcome & { file: SetitecFile } => !!o.file);
  const get = (rel: string): SetitecFile => {
    const f = kept.get(rel);
    if (!f) throw new Error(`${rel} not parsed`);
    return f;
  };
  const irr = (f: SetitecFile, code: Irregularity['code']): Irregularity[] => f.irregularities.filter((i) => i.code === code);

  it('finds the 778 files and parses every one', () => {
    expect(rels.length).toBe(778);
    expect(outcomes.filter((o) => o.error).map((o) => o.error)).toEqual([]);
  });

  it('reads the versions of the corpus (4, 7, 8, 9, 11)', () => {
    const counts: Record<string, number> = {};
    for (const o of ok()) counts[String(o.file.version)] = (counts[String(o.file.version)] ?? 0) + 1;
    expect(counts).toEqual({ '4': 641, '7': 1, '8': 2, '9': 132, '11': 2 });
  });

  it('gives every file the column set of its version (DOMAIN §4.11)', () => {
    const wrong = ok()
      .filter((o) => o.file.data.columns.map((c) => c.key).join() !== expectedKeys(o.file.version, o.rel).join())
      .map((o) => `${o.rel}: ${o.file.data.columns.map((c) => c.key).join()}`);
    expect(wrong).toEqual([]);
  });

  it('agrees with a naive reading on row counts, first and last rows, and every row of sampled files', () => {
    expect(rowMismatches).toEqual([]);
    const total = ok().reduce((s, o) => s + o.file.data.rowCount, 0);
    expect(total).toBe(1_959_971);
  });

  it('matches values read off the files by hand', () => {
    const cases: Array<[string, number, number[], number[]]> = [
      ['TUHH/001_V1/V1_001.xls', 3345, [-0.544, 0, 0.012, 2.734, 0.176, 2, 0, 0, 0, -1052.798, 0.718, 15], [-25, 0.781, 0.656, 2.734, 0.176, 2, 64, 0, 0, -1044.351, 0.588, 18]],
      ['misc/E0025C639508824D_P6TL-INT_ST_339_460.xls', 390, [-2.812, 0, -0.07, 4.443, 0.597, 0, 0, 0, 0, 183, 0], [-26.782, 0.781, -0.047, 4.102, 0.422, 1, 2048, 4, 0, 213, 0]],
      ['misc/17070143_17070143_ST_1092_1.xls', 1857, [-0.684, -0.049, -0.012, 5.811, 0.41, 0, 0, 0, 0, 102, 0], [-32.04, 4.736, 0.797, 5.859, 0.375, 3, 8, 0, 0, 223, 0]],
      ['MDB-MQL/E00401009F45C395_114-V3-002-MQ_ST_1900_27.xls', 11423, [-0.559, 0, 0.012, 4.834, 0.129, 1, 0, 106, 0], [-36.499, 1.514, 2.015, 4.834, 0.141, 3, 8, 136, 0]],
      ['misc/E00401009F78AA43_41-Al_ST_1226_219.xls', 1130, [-0.699, -0.049, -0.012, 7.129, 0.258, 1, 0, 205, 0], [-12.016, -0.439, 0, 4.297, 0.141, 2, 64, 128, 0]],
      ['misc/MQTT_to_XLS_17070141_798a.xls', 1924, [-0.654, -0.049, 0, 4.639, 0.316, 0, 0, 81, 0], [-32.029, 6.396, 0.937, 6.201, 0.316, 3, 8, 270, 0]],
    ];
    for (const [rel, rows, first, last] of cases) {
      const f = get(rel);
      expect(f.data.rowCount, rel).toBe(rows);
      expect(f.data.columns.map((c) => c.values[0]), rel).toEqual(first);
      expect(f.data.columns.map((c) => c.values[rows - 1]), rel).toEqual(last);
    }
  });

  it('finds Step Results equal to the Datas step blocks and final stop codes in genuine files', () => {
    let genuine = 0;
    for (const o of ok()) {
      if (o.file.version === 4) {
        expect(o.file.stepResults).toEqual([]);
        continue;
      }
      const results = o.file.stepResults.map((s) => [s.stepNumber, s.stopCode]);
      if (o.rel.includes('MQTT_to_XLS')) {
        expect(results, o.rel).not.toEqual(o.blocks);
      } else {
        expect(results, o.rel).toEqual(o.blocks);
        genuine++;
      }
    }
    expect(genuine).toBe(134);
  });

  it("flags exactly the converted files in the parser's own Step Results cross-check", () => {
    const v7plus = ok().filter((o) => (o.file.version ?? 0) >= 7);
    expect(v7plus).toHaveLength(137);
    const flagged = v7plus.filter((o) => irr(o.file, 'step_results_mismatch').length > 0).map((o) => o.rel);
    expect(flagged.sort()).toEqual(['misc/MQTT_to_XLS_17070141_798a.xls', 'misc/MQTT_to_XLS_17070144_175b.xls', 'misc/MQTT_to_XLS_17070144_30221.xls']);
  });

  it('keeps BOX Firmware Version positional in every file', () => {
    const firmware: Record<number, RegExp> = { 4: /^V 3\.1\.(2|3\.1)$/, 7: /^V 3\.1\.5\.\d$/, 8: /^V 3\.2\.0$/, 9: /^V 3\.2\.2\.1$/, 11: /^V 3\.2\.5$/ };
    const wrong = ok()
      .filter((o) => !firmware[o.file.version!]!.test(o.file.box.firmware ?? ''))
      .map((o) => `${o.rel}: ${o.file.box.firmware}`);
    expect(wrong).toEqual([]);
  });

  it('reads the v4 fixture V1_001.xls exactly', () => {
    const f = get('TUHH/001_V1/V1_001.xls');
    expect(f.version).toBe(4);
    expect(f.separator).toBe('\t');
    expect(f.date).toEqual({ raw: '2021-11-11:13:30:29', iso: '2021-11-11T13:30:29', clockUnset: false });
    expect(f.sampleRateHz).toBe(100);
    const box = f.sections.find((s) => s.name === 'Control Box Datas')!;
    expect(box.blocks).toHaveLength(1);
    expect(box.blocks[0]!.names).toEqual([
      'BOX Name', 'BOX Type', 'BOX SN', 'BOX STSE', 'BOX Customer Info', 'BOX Release', 'BOX Firmware Version',
      'BOX Production Date', 'BOX Maintenance Date', 'BOX Operation Time', 'BOX Power Supply Limit', 'BOX Lub Pump Coef.',
    ]);
    expect(box.blocks[0]!.values).toEqual(['NI-sbRIO-9607-01e60d78', 'CB V2 - Standard', '01E60D78', null, null, 0, 'V 3.1.2', '2016-01-01', '2016-01-01', 373, 3000, 1]);
    expect(irr(f, 'split_header')).toEqual([expect.objectContaining({ section: 'Control Box Datas', line: 6 })]);
    expect(f.motor).toEqual({ name: 'SRA', type: 'L_EDU', sn: '17070152' });
    expect(metaValue(f.sections, 'Motor Datas', 'Motor M2 Ratio')).toBe(21.923);
    expect(f.head).toEqual({ name: '116-V3-012', type: 'Concentic Collet', tagUid: 'Light', globalCounter: 203, localCounter: 1 });
    expect(metaValue(f.sections, 'Pset', 'Pset n\u00b0')).toBe(0);
    expect(metaValue(f.sections, 'Cycle Parameters', 'Cutting tool breakage On/Off')).toBe(0);
    expect(f.program.map((p) => [p.stepNb, p.enabled, p.strokeMm, p.rpm, p.feedMmS, p.feedMmRev])).toEqual([
      [0, false, 0, 0, 0, Infinity],
      [1, false, 10, 1500, 2.5, 0.1],
      [2, true, 25, 1000, 0.75, 0.045],
    ]);
    expect(f.results).toEqual({ cycleTimeS: 37.04, distanceMm: 24.996491, cycleOk: null, consumptionWh: null });
    expect(f.data.decimal).toBe('comma');
    expect(f.irregularities.map((i) => i.code)).toEqual(['split_header']);
  });

  it('reads the v7 DASA head with three pairs and the v7 extras', () => {
    const f = get('misc/E0025C639508824D_P6TL-INT_ST_339_460.xls');
    const head = f.sections.find((s) => s.name === 'Head Datas')!;
    expect(head.blocks.map((b) => b.names.length)).toEqual([9, 12, 5]);
    expect(metaValue(f.sections, 'Head Datas', 'TCP A')).toBe(-0.000001);
    expect(metaValue(f.sections, 'Head Datas', 'M5 Distance (mm)')).toBe(42949672.95);
    expect(f.head).toEqual({ name: 'P6TL-INT', type: 'DASA', tagUid: 'E0025C639508824D', globalCounter: 339, localCounter: 460 });
    expect(metaValue(f.sections, 'General Infos', 'Drilling Cycle ID')).toBe(1129574640);
    expect(metaValue(f.sections, 'Control Box Datas', 'Pset Default Selection')).toBe(false);
    expect(metaValue(f.sections, 'Control Box Datas', 'BOX STSE')).toBe('STSE5839');
    expect(metaValue(f.sections, 'Cycle Parameters', 'Comment')).toBeNull();
    expect(metaValue(f.sections, 'Cycle Parameters', 'Cutting tool breakage Torque (A)')).toBe(0);
    expect(f.results.cycleOk).toBe(true);
    expect(f.stepResults).toEqual([
      { stepNumber: 0, stopCode: 4, durationS: 1.75, distanceM2: 11.412, m1MaxAmp: 0.049, m2MaxAmp: 0.316, m1NoLoadAmp: 4.443, m2NoLoadAmp: 0.597, gapMaxMm: 0 },
      { stepNumber: 1, stopCode: 2048, durationS: 4.05, distanceM2: 11.273, m1MaxAmp: 12.305, m2MaxAmp: 2.484, m1NoLoadAmp: 4.102, m2NoLoadAmp: 0.422, gapMaxMm: 0 },
    ]);
  });

  it('reads the genuine v8 file: padded section header, empty Motor Name, 11 columns', () => {
    const f = get('misc/17070143_17070143_ST_1092_1.xls');
    expect(f.sections[0]!.name).toBe('General Infos');
    expect(f.version).toBe(8);
    expect(f.motor.name).toBeNull();
    expect(f.motor.type).toBe('L_EDU');
    expect(metaValue(f.sections, 'Motor Datas', 'Motor STSE')).toBe('11677');
    expect(metaValue(f.sections, 'Cycle Parameters', 'Lub Preload Lub Flow')).toBe(30);
    expect(f.data.columns).toHaveLength(11);
    expect(f.irregularities).toEqual([]);
  });

  it('strips raw NUL and literal \\u0000 from Motor Name and flags them', () => {
    for (const rel of ['misc/17070141_17070141_ST_753_55.xls', 'misc/17070141_17070141_ST_798_100.xls', 'misc/20110019_20110019_ST_490_3.xls']) {
      const f = get(rel);
      expect(f.motor.name, rel).toBe('Light_EDU');
      expect(irr(f, 'nul_stripped'), rel).toEqual([expect.objectContaining({ section: 'Motor Datas', line: 11 })]);
    }
    const conv = get('misc/MQTT_to_XLS_17070141_798a.xls');
    expect(conv.motor.name).toBe('Light_EDU');
    expect(irr(conv, 'nul_stripped')[0]!.message).toContain('literal');
    expect(irr(conv, 'misaligned')).toEqual([expect.objectContaining({ section: 'Motor Datas', line: 11 })]);
    expect(irr(conv, 'glued_header')).toEqual([expect.objectContaining({ section: 'Program', line: 33 })]);
    expect(conv.date?.iso).toBe('2024-05-08T17:51:30Z');
    expect(conv.results.cycleOk).toBe(false);
    expect(conv.data.decimal).toBe('dot');
    expect(conv.program[0]!.fields['Thrust Limit (A)']).toBe(0);
  });

  it('flags the replacement bytes of the re-encoded Hamburg v4 file', () => {
    const f = get('misc/20110019_20110019_ST_490_3.xls');
    expect(irr(f, 'replacement_char')).toEqual([expect.objectContaining({ section: 'Pset', line: 18 })]);
    expect(f.sections.find((s) => s.name === 'Pset')!.blocks[0]!.names[1]).toBe('Pset n\u00ef\u00bf\u00bd');
    expect(irr(f, 'split_header')).toEqual([]);
  });

  it('reads the v11 file: duplicate Gap Length, Consumption, Module Disable, Motor dates', () => {
    const f = get('misc/E00401009F78AA43_41-Al_ST_1226_219.xls');
    expect(irr(f, 'duplicate_name')).toEqual([expect.objectContaining({ section: 'Datas', line: 48 })]);
    expect(f.results).toEqual({ cycleTimeS: 16.8, distanceMm: 12.016, cycleOk: true, consumptionWh: 0.561 });
    expect(metaValue(f.sections, 'Head Datas', 'Module Disable')).toBe(false);
    expect(metaValue(f.sections, 'Motor Datas', 'Motor Production Date')).toBe('2016-04-07');
    expect(metaValue(f.sections, 'Control Box Datas', 'BOX Maintenance Date')).toBeNull();
    expect(metaValue(f.sections, 'Control Box Datas', 'BOX Operation Time')).toBe(1004);
    const stop = get('misc/23120040_23120040_ST_2409_59.xls').data.columns.find((c) => c.key === 'stop_code')!.values;
    expect(stop[stop.length - 1]).toBe(8192);
  });

  it('reads dates with the unset clock, Cycle OK=False and the 131074 stop code', () => {
    for (const n of [63, 64, 65]) {
      const f = get(`misc/E00401006B6B2977_113-V3-022_ST_${2130 + n}_${n}.xls`);
      expect(f.date?.clockUnset).toBe(true);
      expect(f.date?.iso).toMatch(/^1970-01-01T06:[34]\d:\d\d$/);
    }
    const bad = get('MDB-MQL/E0040100247BDE7A_114-V3-003-MQ_ST_1146_1.xls');
    expect(bad.results.cycleOk).toBe(false);
    expect(Math.max(...column(bad, 'stop_code')!)).toBe(131074);
    expect(bad.data.rowCount).toBe(9975);
  });

  it('reports only the expected irregularities over the corpus', () => {
    const counts: Record<string, number> = {};
    for (const o of ok()) for (const i of o.file.irregularities) counts[i.code] = (counts[i.code] ?? 0) + 1;
    expect(counts).toEqual({
      split_header: 640,
      nul_stripped: 4,
      replacement_char: 1,
      duplicate_name: 2,
      misaligned: 1,
      glued_header: 1,
      step_results_mismatch: 3,
    });
  });

  it('gives the same result from text as from bytes (misc files)', () => {
    for (const rel of rels.filter((r) => r.startsWith('misc/'))) {
      const name = rel.split('/').pop()!;
      const r = parseSetitecText(readCorpusText(rel), name);
      if (!r.ok) throw new Error(r.error.message);
      const a = r.file;
      const b = get(rel);
      expect({ ...a, data: { ...a.data, columns: a.data.columns.map((c) => ({ ...c, values: Array.from(c.values) })) } }, rel).toEqual({
        ...b,
        data: { ...b.data, columns: b.data.columns.map((c) => ({ ...c, values: Array.from(c.values) })) },
      });
    }
  });
});
