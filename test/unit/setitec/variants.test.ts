/**
 * Field variants absent from the shared corpus (DOMAIN §1.2, §4), as small synthetic fixtures written
 * here: F1 (`;`-separated converted v8), F2 (15 raw header cells over 9 values), F3 (v11 with External
 * Infos), the v4 split Control Box header, `Comment` forms, a DASA head with several pairs, CRLF input.
 */
import { describe, expect, it } from 'vitest';
import { column } from '../../../src/shared/setitec/columns';
import { metaValue } from '../../../src/shared/setitec/metadata';
import { parseSetitecText } from '../../../src/shared/setitec/parse';
import type { Irregularity, SetitecFile } from '../../../src/shared/setitec/types';

type Row = string | readonly (string | number)[];

/** Join rows into export text: arrays are cells joined by `sep`, strings are lines as written. */
function text(sep: string, rows: readonly Row[]): string {
  return rows.map((r) => (typeof r === 'string' ? r : r.join(sep))).join('\n') + '\n';
}

function parsed(t: string, source = 'fixture.xls'): SetitecFile {
  const r = parseSetitecText(t, source);
  if (!r.ok) throw new Error(r.error.message);
  return r.file;
}

function codes(file: SetitecFile): string[] {
  return file.irregularities.map((i) => i.code);
}

function irregularity(file: SetitecFile, code: Irregularity['code']): Irregularity {
  const i = file.irregularities.find((x) => x.code === code);
  if (!i) throw new Error(`no ${code} in ${JSON.stringify(file.irregularities)}`);
  return i;
}

const PROGRAM_NAMES_GLUED = [
  'Step Nb', 'Step On/Off', 'Stroke (mm)', 'RPM', 'Feed (mm/s)', 'Feed (mm/tr)', 'Thrust Max (A)', 'Torque Max (A)',
  'Thrust Min (A)', 'Torque Min (A)', 'Thrust Safety (A)', 'Torque Safety (A)', 'Gap (mm)', 'Peck (nb)', 'Delay (ms)',
  'Stroke Limit (A)Thrust Limit (A)', 'Torque Limit (A)', 'LUB AIR', 'LUB FLOW', 'Vacuum', 'Material',
];
const programRow = (step: number, on: number, stroke: string, rpm: string, feed: string, rev: string): string[] => [
  `${step},000`, `${on},000`, stroke, rpm, feed, rev, ...Array.from({ length: 16 }, () => '0,000'),
];
const STEP_RESULT_NAMES = ['Step Number', 'Stop Code', 'Duration (s)', 'Distance M1', 'Distance M2', 'M1 Max Amp', 'M2 Max Amp', 'M1 No Load Amp', 'M2 No Load Amp', 'Gap Max (mm)'];
const COMMON7 = ['Position (mm)', 'I Torque (A)', 'I Thrust (A)', 'I Torque Empty (A)', 'I Thrust Empty (A)', 'Step (nb)', 'Stop code'];
const V9_KEYS = ['position', 'i_torque', 'i_thrust', 'i_torque_empty', 'i_thrust_empty', 'step', 'stop_code', 'torque_power', 'gap_length'];

/** The metadata part of a converted v8/v9 export (sections up to Cycle Parameters). */
function v8Head(sep: string, date: string): Row[] {
  const pad = sep.repeat(12);
  return [
    `*** General Infos ***${pad}`,
    ['Version', 'Date', 'Sample Rate (Hz)', 'Drilling Cycle ID', 'Decimal Separator separator', '', '', '', '', '', '', '', ''],
    ['8', date, '100', '1031011012', 'Comma', '', '', '', '', '', '', '', ''],
    pad,
    `*** Control Box Datas ***${pad}`,
    ['BOX Name', 'BOX Type', 'BOX SN', 'BOX STSE', 'BOX Customer Info', 'BOX Release', 'BOX Firmware Version', 'BOX Production Date', 'BOX Maintenance Date', 'BOX Operation Time', 'BOX Power Supply Limit', 'BOX Lub Pump Coef.', 'Pset Default Selection'],
    ['20100004', 'CB V2 - Standard', '20100004', '', '', '0', 'V 3.2.0', '01/01/2016', '01/01/2016', '655', '3000', ' 1,000', 'FALSE'],
    pad,
    `*** Motor Datas ***${pad}`,
    ['Motor Name', 'Motor Type', 'Motor STSE', 'Motor SN', 'Motor Operation Time', 'Motor M2 Ratio', 'Motor M1 CW Ratio', 'Motor M1 CCW Ratio', 'Motor Winch Limit', '', '', '', ''],
    // Converted files: literal `\u0000` in the name and one value missing (8 values for 9 names).
    ['Light_EDU\\u0000', 'L_EDU', '17070141', '17070141', '21053', ' 0,947', ' 0,947', '0', '', '', '', '', ''],
    pad,
    `*** Head Datas ***${pad}`,
    ['Head Name', 'Head Type', 'Head TAG UID', 'Head Global Counter', 'Head Local Counter 1', 'Head Local Counter 2', 'Head M1 Ratio', 'Head M2 Ratio', 'Customer Info', '', '', '', ''],
    ['17070141', 'Concentric Collet', 'Light', '798', '0', '559', ' 1,000', ' 1,000', '40376604', '', '', '', ''],
    sep.repeat(8),
    `*** Pset ***${sep.repeat(8)}`,
    ['Pset Type', 'Pset Nb.', 'Version', '', '', '', '', '', ''],
    ['Standard', '0', '9', '', '', '', '', '', ''],
    sep.repeat(8),
    `*** Cycle Parameters ***${sep.repeat(8)}`,
    ['Max cycles Limit 1', 'Max cycles Limit 2', 'CC Pressure', 'Max Stroke (mm)', 'Vacuum Delay (ms)', 'Vacuum Flow min (m/s)', 'Retract Rotation Speed (rpm)', 'Retract Feed (m/s)', 'Disable Abort'],
    ['1000', '0', '9', '0,000', '0', '0,000', '300', '13,684', '0'],
    sep.repeat(8),
    `Comment${sep.repeat(8)}`,
    sep.repeat(8),
    ['Cutting tool breakage On/Off', 'Cutting tool breakage DEP (mm)', 'Cutting tool breakage Thrust (A)', 'Cutting tool breakage Torque (A)'],
    ['0,000', '0,000', '0,000', '0,000'],
    ['Lub Preload Time (s)', 'Lub Preload Lub Air', 'Lub Preload Lub Flow', 'Lub Preload Timeout (s)'],
    ['0,000', '5,000', '30,000', '0,000'],
    '',
    `*** Program ***${sep.repeat(21)}`,
    PROGRAM_NAMES_GLUED,
    programRow(0, 1, '5,000', '4000,000', '3,000', '0,045'),
    programRow(1, 1, '5,000', '4000,000', '3,000', '0,045'),
    sep.repeat(9),
    `*** Results ***${sep.repeat(9)}`,
    ['Cycle Time (s)', 'Distance (mm)', 'Cycle OK', '', '', '', '', '', '', ''],
    ['6,380000', '10,020', 'False', '', '', '', '', '', '', ''],
    sep.repeat(9),
    `*** Step Results ***${sep.repeat(9)}`,
    STEP_RESULT_NAMES,
    // Copied from another hole: both steps end on 64 here, Datas says 0 then 8.
    ['0,000', '64,000', '2,160', '0,000', '5,018', '0,000', '0,035', '4,639', '0,316', '0,000'],
    ['1,000', '64,000', '2,600', '0,000', '5,018', '0,000', '0,012', '4,639', '0,316', '0,000'],
    sep.repeat(9),
  ];
}

const DOT_ROWS = [
  ['-0.654', '-0.049', '0.000', '4.639', '0.316', '0.000', '0.000', '81.000', '0.000'],
  ['-0.684', '-0.098', '0.000', '4.639', '0.316', '0.000', '0.000', '82.000', '0.000'],
  ['-0.715', '5.123', '0.012', '4.639', '0.316', '1.000', '0.000', '535.000', '0.000'],
  ['-0.741', '5.200', '0.000', '4.639', '0.316', '1.000', '8.000', '536.000', '0.000'],
  ['-0.741', '5.200', '0.000', '4.639', '0.316', '1.000', '8.000', '536.000', '0.000'],
];

describe('F1: `;`-separated converted v8 export', () => {
  const F1_DATAS_HEADER = [...COMMON7, 'Mem Torque min (A)', 'Mem Thrust min (A)', 'Rotation Speed (rpm)', 'Feed Speed (mm/s)', 'Torque Power (W)', 'Gap Max (mm)'];
  const rows: Row[] = [...v8Head(';', '2024-05-08T17:51:30Z'), '*** Datas ***;;;;;;;;;', F1_DATAS_HEADER, ...DOT_ROWS];
  const f1 = text(';', rows);
  const headerLine = rows.indexOf(F1_DATAS_HEADER) + 1;
  const file = parsed(f1, 'F1.xls');

  it('detects the separator and the ISO date', () => {
    expect(file.separator).toBe(';');
    expect(file.version).toBe(8);
    expect(file.date).toEqual({ raw: '2024-05-08T17:51:30Z', iso: '2024-05-08T17:51:30Z', clockUnset: false });
    expect(file.sampleRateHz).toBe(100);
  });

  it('maps 13 header names over 9 values to the v9 layout and says so', () => {
    expect(file.data.columns.map((c) => c.key)).toEqual(V9_KEYS);
    expect(column(file, 'mem_torque_min')).toBeNull();
    expect(Array.from(column(file, 'torque_power')!)).toEqual([81, 82, 535, 536, 536]);
    expect(Array.from(column(file, 'position')!)).toEqual([-0.654, -0.684, -0.715, -0.741, -0.741]);
    expect(file.data.rowCount).toBe(5);
    expect(file.data.decimal).toBe('dot');
    const hm = irregularity(file, 'header_mismatch');
    expect(hm.section).toBe('Datas');
    expect(hm.line).toBe(headerLine);
    expect(hm.message).toContain('13 names over 9 values');
  });

  it('reads comma decimals in metadata and keeps empty cells positional', () => {
    expect(metaValue(file.sections, 'Control Box Datas', 'BOX Lub Pump Coef.')).toBe(1);
    expect(metaValue(file.sections, 'Control Box Datas', 'BOX STSE')).toBeNull();
    expect(file.box.firmware).toBe('V 3.2.0');
    expect(metaValue(file.sections, 'Control Box Datas', 'Pset Default Selection')).toBe(false);
    expect(metaValue(file.sections, 'Cycle Parameters', 'Retract Feed (m/s)')).toBe(13.684);
  });

  it('strips the literal \\u0000 and flags the short Motor row', () => {
    expect(file.motor.name).toBe('Light_EDU');
    const nul = irregularity(file, 'nul_stripped');
    expect(nul).toMatchObject({ section: 'Motor Datas', line: 11 });
    const mis = irregularity(file, 'misaligned');
    expect(mis).toMatchObject({ section: 'Motor Datas', line: 11 });
    expect(mis.message).toContain('8 values for 9 names');
    // Kept positional: the 8 values sit under the first 8 names, the 9th is empty.
    expect(metaValue(file.sections, 'Motor Datas', 'Motor Winch Limit')).toBeNull();
  });

  it('splits the glued Program header into 22 names', () => {
    const glued = irregularity(file, 'glued_header');
    expect(glued.section).toBe('Program');
    expect(file.program).toHaveLength(2);
    const fields = Object.keys(file.program[0]!.fields);
    expect(fields).toHaveLength(22);
    expect(fields).toContain('Stroke Limit (A)');
    expect(fields).toContain('Thrust Limit (A)');
    expect(file.program[0]!.fields['Material']).toBe(0);
    expect(file.program[1]).toMatchObject({ stepNb: 1, enabled: true, strokeMm: 5, rpm: 4000, feedMmS: 3, feedMmRev: 0.045 });
  });

  it('reads Cycle OK=False and flags Step Results that disagree with Datas', () => {
    expect(file.results).toEqual({ cycleTimeS: 6.38, distanceMm: 10.02, cycleOk: false, consumptionWh: null });
    expect(file.stepResults.map((s) => s.stopCode)).toEqual([64, 64]);
    expect(irregularity(file, 'step_results_mismatch').message).toContain('final stop code 0 in Datas, 64');
  });

  it('handles the Comment lone label and the blocks after it', () => {
    const cp = file.sections.find((s) => s.name === 'Cycle Parameters')!;
    const comment = cp.blocks.find((b) => b.names[0] === 'Comment')!;
    expect(comment.values).toEqual([null]);
    expect(cp.blocks.map((b) => b.names[0])).toEqual(['Max cycles Limit 1', 'Comment', 'Cutting tool breakage On/Off', 'Lub Preload Time (s)']);
  });
});

describe('F2: converted v8 TAB file with 15 raw Datas header cells over 9 values', () => {
  const head = v8Head('\t', '2024-05-10T08:01:02Z');
  it('drops 6 trailing empty header cells without complaint', () => {
    const hdr = [...COMMON7, 'Torque Power (W)', 'Gap Length (mm)', '', '', '', '', '', ''];
    const file = parsed(text('\t', [...head, '*** Datas ***', hdr, ...DOT_ROWS]), 'F2.xls');
    expect(file.data.columns.map((c) => c.key)).toEqual(V9_KEYS);
    expect(codes(file)).not.toContain('header_mismatch');
    expect(file.date?.iso).toBe('2024-05-10T08:01:02Z');
    expect(codes(file)).toContain('glued_header');
  });
  it('drops empty header cells between names, with an irregularity', () => {
    const hdr = ['Position (mm)', '', 'I Torque (A)', 'I Thrust (A)', '', 'I Torque Empty (A)', 'I Thrust Empty (A)', '', 'Step (nb)', 'Stop code', '', 'Torque Power (W)', '', 'Gap Length (mm)', ''];
    expect(hdr).toHaveLength(15);
    const file = parsed(text('\t', [...head, '*** Datas ***', hdr, ...DOT_ROWS]), 'F2b.xls');
    expect(file.data.columns.map((c) => c.key)).toEqual(V9_KEYS);
    expect(irregularity(file, 'header_mismatch').message).toContain('empty names dropped');
    expect(Array.from(column(file, 'i_torque')!)).toEqual([-0.049, -0.098, 5.123, 5.2, 5.2]);
  });
});

describe('F3: v11 with an External Infos section', () => {
  const p25 = (s: string): string => s.padEnd(25, ' ');
  const rows: Row[] = [
    '*** General Infos ***\t\t\t',
    ['Version', 'Date', 'Sample Rate (Hz)', 'Drilling Cycle ID', 'Decimal Separator'],
    ['11', '2024-12-11:10:20:30', '100', '4145509088', 'Comma'],
    '\t\t\t',
    '*** Head Datas ***\t\t\t',
    ['Head Name', 'Head Type', 'Head TAG UID', 'Head Global Counter', 'Head Local Counter 1', 'Head Local Counter 2', 'Head M1 Ratio', 'Head M2 Ratio', 'Customer Info', 'Micropeck Osc.', 'Micropeck Amplitude', 'Module Disable'],
    ['41-Al', 'Concentric Collet', 'E00401009F78AA43', '1226', '219', '219', '1,000', '1,000', '2000RPM', '5', '10', 'FALSE'],
    '\t\t\t',
    '*** Program ***\t\t\t',
    PROGRAM_NAMES_GLUED.flatMap((n) => (n === 'Stroke Limit (A)Thrust Limit (A)' ? ['Stroke Limit (A)', 'Thrust Limit (A)'] : [n])),
    programRow(1, 1, '5,000', '4500,000', '3,375', '0,045'),
    '\t\t\t',
    '*** External Infos ***\t\t\t',
    ['00', '01', '02', '03', '04', '05', '06', '07', '08', '09'],
    [p25('MSN11348'), p25('UseCaseFastening'), p25("SEQRH.Step.O'-31"), p25('8f4033a5-1756-48a7-a39a-f'), p25(''), p25('42'), p25(''), p25(''), p25(''), p25('')],
    '\t\t\t',
    '*** Results ***\t\t\t',
    ['Cycle Time (s)', 'Distance (mm)', 'Cycle OK', 'Consumption Wh'],
    ['16,800', '12,016', 'True', '0,561'],
    '\t\t\t',
    '*** Step Results ***\t\t\t',
    STEP_RESULT_NAMES,
    ['1,000', '64,000', '2,140', '0,000', '5,018', '3,223', '0,059', '7,129', '0,258', '0,000'],
    '\t\t\t',
    '*** Datas ***\t\t\t',
    [...COMMON7, 'Power (W)', 'Gap Length (mm)', 'Gap Length (mm)'],
    ['-0,699', '-0,049', '-0,012', '7,129', '0,258', '1,000', '0,000', '205,000', '0,000'],
    ['-0,734', '-0,098', '-0,012', '7,129', '0,258', '1,000', '64,000', '204,000', '0,000'],
    ['-0,768', '-0,146', '-0,023', '7,129', '0,258', '1,000', '64,000', '203,000', '0,000'],
  ];
  const file = parsed(text('\t', rows), 'F3.xls');

  it('keeps External Infos raw: numeric labels, trimmed free-text values', () => {
    const ext = file.sections.find((s) => s.name === 'External Infos')!;
    expect(ext.line).toBe(13);
    expect(ext.blocks).toHaveLength(1);
    expect(ext.blocks[0]!.names).toEqual(['00', '01', '02', '03', '04', '05', '06', '07', '08', '09']);
    expect(ext.blocks[0]!.values.slice(0, 6)).toEqual(['MSN11348', 'UseCaseFastening', "SEQRH.Step.O'-31", '8f4033a5-1756-48a7-a39a-f', null, '42']);
    expect(codes(file)).not.toContain('unknown_section');
  });

  it('parses the sections after it and the v11 table with its duplicate name', () => {
    expect(file.version).toBe(11);
    expect(file.results).toEqual({ cycleTimeS: 16.8, distanceMm: 12.016, cycleOk: true, consumptionWh: 0.561 });
    expect(file.data.columns.map((c) => c.key)).toEqual(['position', 'i_torque', 'i_thrust', 'i_torque_empty', 'i_thrust_empty', 'step', 'stop_code', 'power', 'gap_length']);
    expect(irregularity(file, 'duplicate_name')).toMatchObject({ section: 'Datas', line: rows.length - 3 });
    expect(metaValue(file.sections, 'Head Datas', 'Module Disable')).toBe(false);
    expect(file.head).toEqual({ name: '41-Al', type: 'Concentric Collet', tagUid: 'E00401009F78AA43', globalCounter: 1226, localCounter: 219 });
    expect(codes(file)).not.toContain('step_results_mismatch');
  });
});

describe('v4 split Control Box header', () => {
  const names9 = ['BOX Name', 'BOX Type', 'BOX SN', 'BOX STSE', 'BOX Customer Info', 'BOX Release', 'BOX Firmware Version', 'BOX Production Date', 'BOX Maintenance Date'];
  const rows: Row[] = [
    '*** General Infos ***\t\t\t\t\t\t\t\t\t\t\t',
    ['Version', 'Date', 'Sample Rate (Hz)', '', '', '', '', '', '', '', '', ''],
    ['4', '2021-11-11:13:30:29', '100', '', '', '', '', '', '', '', '', ''],
    '\t\t\t\t\t\t\t\t\t\t\t',
    '*** Control Box Datas ***\t\t\t\t\t\t\t\t\t\t\t',
    names9,
    ...Array.from({ length: 47 }, () => ''),
    ['BOX Maintenance Date', 'BOX Operation Time', 'BOX Power Supply Limit', 'BOX Lub Pump Coef.'],
    ['NI-sbRIO-9607-01e60d78', 'CB V2 - Standard', '01E60D78', '', '', '0', 'V 3.1.2', '01/01/2016', '01/01/2016', '373', '3000', '1.000'],
    '\t\t\t\t\t\t\t\t\t\t\t',
    '*** Pset ***\t\t\t',
    ['Pset Type', 'Pset n\u00b0', 'Version', ''],
    ['Standard', '0', '6', ''],
    '\t\t\t',
    '*** Datas ***\t\t\t\t\t\t\t\t\t\t\t',
    [...COMMON7, 'Mem Torque min (A)', 'Mem Thrust min (A)', 'Rotation Speed (rpm)', 'Feed Speed (mm/s)', 'Torque Power (W)'],
    ['-0,544', '0,000', '0,012', '2,734', '0,176', '2,000', '0,000', '0,000', '0,000', '-1052,798', '0,718', '15,000'],
  ];
  const file = parsed(text('\t', rows), 'V1_split.xls');

  it('merges 9 + 4 - 1 names into one 12-name block', () => {
    const box = file.sections.find((s) => s.name === 'Control Box Datas')!;
    expect(box.blocks).toHaveLength(1);
    const b = box.blocks[0]!;
    expect(b.names).toHaveLength(12);
    expect(b.names.slice(8)).toEqual(['BOX Maintenance Date', 'BOX Operation Time', 'BOX Power Supply Limit', 'BOX Lub Pump Coef.']);
    expect(b.line).toBe(6);
    expect(b.valueLine).toBe(55);
    expect(b.raw[3]).toBe('');
    expect(b.values).toEqual(['NI-sbRIO-9607-01e60d78', 'CB V2 - Standard', '01E60D78', null, null, 0, 'V 3.1.2', '2016-01-01', '2016-01-01', 373, 3000, 1]);
    expect(file.box).toEqual({ name: 'NI-sbRIO-9607-01e60d78', firmware: 'V 3.1.2' });
    expect(irregularity(file, 'split_header')).toMatchObject({ section: 'Control Box Datas', line: 6 });
  });

  it('reads the v4 table and the Pset label with its degree sign', () => {
    expect(file.version).toBe(4);
    expect(file.data.columns).toHaveLength(12);
    expect(column(file, 'rotation_speed')![0]).toBe(-1052.798);
    expect(metaValue(file.sections, 'Pset', 'Pset n\u00b0')).toBe(0);
    expect(file.stepResults).toEqual([]);
  });
});

describe('Comment forms and several label/value pairs', () => {
  const cycle = (commentLines: string[]): string =>
    text('\t', [
      '*** General Infos ***',
      ['Version', 'Date', 'Sample Rate (Hz)'],
      ['9', '1970-01-01:06:38:39', '100'],
      '*** Cycle Parameters ***\t\t\t',
      ['Max cycles Limit 1', 'CC Pressure'],
      ['100', '9'],
      '\t\t\t',
      ...commentLines,
      ['Cutting tool breakage On/Off', 'Cutting tool breakage DEP (mm)'],
      ['0,000', '1,500'],
      '*** Head Datas ***',
      ['Head Name', 'Head Type', 'Head TAG UID', 'Head Global Counter', 'Head Local Counter 1', 'Head Local Counter 2', 'Head M1 Ratio', 'Head M2 Ratio', 'Customer Info'],
      ['P6TL-INT', 'DASA', 'E0025C639508824D', '339', '460', '460', '3.240', '1.000', 'Firmi'],
      ['Head Global Operation Time', 'Head Local Operation Time', 'Weight', 'TCP X'],
      ['7', '7', '-0.001', '-0.000001'],
      ['M1 Distance (mm)', 'M2 Distance (mm)', '', ''],
      ['42949672.950', '42949672.950', '', ''],
      '*** Datas ***',
      [...COMMON7, 'Torque Power (W)', 'Gap Length (mm)'],
      ['-0,5', '0', '0', '4,0', '0,5', '0', '0', '10', '0'],
    ]);
  const commentOf = (f: SetitecFile): unknown => metaValue(f.sections, 'Cycle Parameters', 'Comment');
  const cutting = (f: SetitecFile): unknown => metaValue(f.sections, 'Cycle Parameters', 'Cutting tool breakage DEP (mm)');

  it('reads an all-space comment line as no comment (v9)', () => {
    const f = parsed(cycle(['Comment\t\t\t', `${' '.repeat(100)}\t\t\t`]));
    expect(commentOf(f)).toBeNull();
    expect(cutting(f)).toBe(1.5);
    expect(f.date).toEqual({ raw: '1970-01-01:06:38:39', iso: '1970-01-01T06:38:39', clockUnset: true });
  });
  it('reads free text under Comment', () => {
    const f = parsed(cycle(['Comment\t\t\t', 'shift B, new drill\t\t\t']));
    expect(commentOf(f)).toBe('shift B, new drill');
    expect(cutting(f)).toBe(1.5);
  });
  it('keeps a Comment label directly followed by the next pair', () => {
    const f = parsed(cycle(['Comment\t\t\t']));
    expect(commentOf(f)).toBeNull();
    expect(cutting(f)).toBe(1.5);
  });
  it('reads a numeric comment as text', () => {
    const f = parsed(cycle(['Comment', '42']));
    expect(commentOf(f)).toBe('42');
  });
  it('keeps every pair of a DASA head', () => {
    const f = parsed(cycle(['Comment', '']));
    const head = f.sections.find((s) => s.name === 'Head Datas')!;
    expect(head.blocks).toHaveLength(3);
    expect(metaValue(f.sections, 'Head Datas', 'Weight')).toBe(-0.001);
    expect(metaValue(f.sections, 'Head Datas', 'M2 Distance (mm)')).toBe(42949672.95);
    expect(f.head.type).toBe('DASA');
    expect(f.head.localCounter).toBe(460);
  });
});

describe('robust table reading', () => {
  const base = (dataRows: Row[], header: Row | null = [...COMMON7, 'Torque Power (W)', 'Gap Length (mm)']): string =>
    text('\t', ['*** General Infos ***', ['Version'], ['9'], '*** Datas ***', ...(header ? [header] : []), ...dataRows]);

  it('parses CRLF input like LF input and says so', () => {
    const lf = base([['-0,5', '1', '2', '3', '4', '1', '0', '10', '0'], ['-0,6', '1', '2', '3', '4', '1', '64', '11', '0']]);
    const a = parsed(lf);
    const b = parsed(lf.replace(/\n/g, '\r\n'));
    expect(b.data.columns.map((c) => Array.from(c.values))).toEqual(a.data.columns.map((c) => Array.from(c.values)));
    expect(codes(b)).toContain('line_endings');
  });
  it('accepts Inf, exponents, spaces, a plus sign and trailing separators in data cells', () => {
    const f = parsed(base([['-0,5', 'Inf', ' 2 ', '1e-3', '+4', '1', '0', '10', '0\t\t'], ['', ''], ['-0.6', '-Inf', '2', '3', '4', '1', '64', '11', '0']]));
    expect(f.data.rowCount).toBe(2);
    expect(Array.from(column(f, 'i_torque')!)).toEqual([Infinity, -Infinity]);
    expect(column(f, 'i_thrust')![0]).toBe(2);
    expect(column(f, 'i_torque_empty')![0]).toBe(0.001);
    expect(column(f, 'i_thrust_empty')![0]).toBe(4);
    expect(f.data.decimal).toBe('mixed');
  });
  it('uses the known layout when the header row is missing', () => {
    const f = parsed(base([['-0,5', '1', '2', '3', '4', '1', '0', '10', '0']], null));
    expect(f.data.columns.map((c) => c.key)).toEqual(V9_KEYS);
    expect(irregularity(f, 'header_mismatch').message).toContain('no header row');
  });
  it('stops the table at a following section', () => {
    const f = parsed(base([['-0,5', '1', '2', '3', '4', '1', '0', '10', '0'], '*** Extra Notes ***', ['Note'], ['hello']]));
    expect(f.data.rowCount).toBe(1);
    expect(f.sections.map((s) => s.name)).toEqual(['General Infos', 'Datas', 'Extra Notes']);
    expect(irregularity(f, 'unknown_section').section).toBe('Extra Notes');
  });
  it('grows past the first guess of the row count', () => {
    const many: Row[] = [];
    for (let i = 0; i < 50_000; i++) many.push([`-${i},5`, '1', '2', '3', '4', '1', '0', '10', '0']);
    const f = parsed(base(many));
    expect(f.data.rowCount).toBe(50_000);
    expect(column(f, 'position')![49_999]).toBe(-49_999.5);
  });
});
