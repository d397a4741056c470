/**
 * The file's text in the exact layout of its version (DOMAIN §4): every section in order, with its header
 * rows, padding to the section's width, the v4 split Control Box header, the `Comment` block and the Step
 * Results of v7+. Pure TypeScript.
 */
import type { Family, SetitecVersion } from './families';
import { printNumber } from './format';
import type { GenerateOptions } from './generate';
import type { PrintedDatas } from './datas';
import { FIRMWARE, type CycleMeta } from './identity';
import type { PrintedProgram } from './program';

const PSET_VERSION: Record<SetitecVersion, number> = { 4: 6, 7: 8, 8: 9, 9: 9, 11: 12 };

const STEP_RESULTS_HEADER = [
  'Step Number',
  'Stop Code',
  'Duration (s)',
  'Distance M1',
  'Distance M2',
  'M1 Max Amp',
  'M2 Max Amp',
  'M1 No Load Amp',
  'M2 No Load Amp',
  'Gap Max (mm)',
];

class Writer {
  public readonly lines: string[] = [];
  public constructor(private readonly sep: string) {}
  /** Cells padded with empty cells to `width`, joined by the separator. */
  public row(cells: readonly string[], width = 0): void {
    const out = cells.slice();
    while (out.length < width) out.push('');
    this.lines.push(out.join(this.sep));
  }
  public section(name: string, width: number): void {
    this.row([`*** ${name} ***`], width);
  }
  public blank(width: number): void {
    this.row([], width);
  }
  public raw(line: string): void {
    this.lines.push(line);
  }
  public text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/** Metadata ratio as the version writes it: `21.923` (v4, v7), ` 21,923` (v8, v9), `21,923` (v11). */
function ratio(v: number, version: SetitecVersion): string {
  const p = printNumber(v, 3, version <= 7 ? '.' : ',');
  return version === 8 || version === 9 ? ` ${p.text}` : p.text;
}

export interface TextInput {
  version: SetitecVersion;
  sep: '\t' | ';';
  family: Family;
  opts: Pick<GenerateOptions, 'motorNameNul' | 'splitControlBox'>;
  meta: CycleMeta;
  program: PrintedProgram;
  datas: Pick<PrintedDatas, 'header' | 'dataLines' | 'stepResultRows'>;
}

/** Writes the whole file: the metadata sections, then the Datas header and lines. */
export function writeSetitecText({ version, sep, family, opts, meta, program, datas }: TextInput): string {
  const { id, date, cycleId, boxOperation, motorName, motorOperation, headType, globalCounter, localCounter, localCounter2 } = meta;
  const { cycleTimeP, distanceP, cycleOk, consumption } = meta;
  const pHeader = program.header;
  const programRows = program.rows;
  const { header, dataLines, stepResultRows } = datas;
  const w = new Writer(sep);
  const gw = version === 4 ? 12 : 13;
  w.section('General Infos', gw);
  const gNames = ['Version', 'Date', 'Sample Rate (Hz)'];
  const gValues = [String(version), date, '100'];
  if (version >= 7) {
    gNames.push('Drilling Cycle ID');
    gValues.push(String(cycleId));
  }
  if (version === 8 || version === 9) {
    gNames.push('Decimal Separator separator');
    gValues.push('Comma');
  } else if (version === 11) {
    gNames.push('Decimal Separator');
    gValues.push('Comma');
  }
  w.row(gNames, gw);
  w.row(gValues, gw);
  w.blank(gw);

  w.section('Control Box Datas', gw);
  const boxNames = [
    'BOX Name',
    'BOX Type',
    'BOX SN',
    'BOX STSE',
    'BOX Customer Info',
    'BOX Release',
    'BOX Firmware Version',
    'BOX Production Date',
    'BOX Maintenance Date',
    'BOX Operation Time',
    'BOX Power Supply Limit',
    'BOX Lub Pump Coef.',
  ];
  const lubCoef = version <= 7 ? '1.000' : version === 11 ? '1,000' : ' 1,000';
  const boxValues = [
    id.boxName,
    id.boxType,
    id.boxSn,
    id.boxStse,
    id.boxCustomerInfo,
    '0',
    FIRMWARE[version],
    '01/01/2016',
    '01/01/2016',
    String(boxOperation),
    '3000',
    lubCoef,
  ];
  if (version >= 7) {
    boxNames.push('Pset Default Selection');
    boxValues.push(family === 'mdbmql' || family === 'ham' ? 'TRUE' : 'FALSE');
  }
  if (version === 4 && opts.splitControlBox !== false) {
    w.row(boxNames.slice(0, 9));
    for (let i = 0; i < 47; i++) w.raw('');
    w.row(['BOX Maintenance Date', ...boxNames.slice(9)]);
  } else {
    w.row(boxNames);
  }
  w.row(boxValues);
  w.blank(gw);

  w.section('Motor Datas', gw);
  const motorNames = [
    'Motor Name',
    'Motor Type',
    'Motor STSE',
    'Motor SN',
    'Motor Operation Time',
    'Motor M2 Ratio',
    'Motor M1 CW Ratio',
    'Motor M1 CCW Ratio',
    'Motor Winch Limit',
  ];
  const motorValues = [
    opts.motorNameNul ? `${motorName}\u0000` : motorName,
    id.motorType,
    id.motorStse,
    id.motorSn,
    String(motorOperation),
    ratio(id.motorM2Ratio, version),
    ratio(id.motorM1CwRatio, version),
    ratio(id.motorM1CcwRatio, version),
    String(id.motorWinchLimit),
  ];
  if (version === 11) {
    motorNames.push('Motor Production Date', 'Motor Maintenance Date');
    motorValues.push('01/01/2016', '01/01/2016');
  }
  w.row(motorNames, gw);
  w.row(motorValues, gw);
  w.blank(gw);

  w.section('Head Datas', gw);
  const headNames = ['Head Name', 'Head Type', 'Head TAG UID', 'Head Global Counter'];
  const headValues = [id.headName, headType, id.headTag, String(globalCounter)];
  if (version === 4) {
    headNames.push('Head Local Counter');
    headValues.push(String(localCounter));
  } else {
    headNames.push('Head Local Counter 1', 'Head Local Counter 2');
    headValues.push(String(localCounter), String(localCounter2));
  }
  headNames.push('Head M1 Ratio', 'Head M2 Ratio', 'Customer Info');
  headValues.push(ratio(1, version), ratio(1, version), id.headCustomerInfo);
  if (version >= 9) {
    headNames.push('Micropeck Osc.', 'Micropeck Amplitude');
    headValues.push('5', '10');
  }
  if (version === 11) {
    headNames.push('Module Disable');
    headValues.push('FALSE');
  }
  w.row(headNames, gw);
  w.row(headValues, gw);
  const pw = version === 4 ? 4 : version === 7 ? 5 : 9;
  w.blank(pw);

  w.section('Pset', pw);
  w.row(['Pset Type', version <= 7 ? 'Pset n\u00b0' : 'Pset Nb.', 'Version'], pw);
  w.row(['Standard', '0', String(PSET_VERSION[version])], pw);
  w.blank(pw);

  w.section('Cycle Parameters', pw);
  const cutting = () => {
    w.row([
      'Cutting tool breakage On/Off',
      'Cutting tool breakage DEP (mm)',
      'Cutting tool breakage Thrust (A)',
      'Cutting tool breakage Torque (A)',
    ]);
    w.row(['0,000', '0,000', '0,000', '0,000']);
  };
  if (version === 4) {
    w.row(['Max cycles', 'CC Pressure', 'Max Stroke (mm)', 'Vacuum Delay (ms)']);
    w.row(['300', '9', '0,000000', '0']);
    cutting();
  } else if (version === 7) {
    w.row(['Max cycles Limit 1', 'Max cycles Limit 2', 'CC Pressure', 'Max Stroke (mm)', 'Vacuum Delay (ms)']);
    w.row(['1000', '0', '9', '0,000000', '10']);
    w.blank(pw);
    w.row(['Comment'], pw);
    w.blank(pw);
    cutting();
  } else {
    w.row([
      'Max cycles Limit 1',
      'Max cycles Limit 2',
      'CC Pressure',
      'Max Stroke (mm)',
      'Vacuum Delay (ms)',
      'Vacuum Flow min (m/s)',
      'Retract Rotation Speed (rpm)',
      'Retract Feed (m/s)',
      'Disable Abort',
    ]);
    w.row(['100', '0', '9', '0,000', '0', '0,000', '300', '13,684', '0']);
    w.blank(pw);
    w.row(['Comment'], pw);
    if (version === 9) w.row([' '.repeat(100)], pw);
    else w.blank(pw);
    cutting();
    w.row(['Lub Preload Time (s)', 'Lub Preload Lub Air', 'Lub Preload Lub Flow', 'Lub Preload Timeout (s)']);
    w.row(['0,000', '5,000', '30,000', '0,000']);
  }
  w.blank(22);

  w.section('Program', 22);
  w.row(pHeader);
  for (const cells of programRows) w.row(cells.map((c) => c.text));
  const rw = version === 4 ? 12 : 10;
  w.blank(rw);

  w.section('Results', rw);
  const resNames = ['Cycle Time (s)', 'Distance (mm)'];
  const resValues = [cycleTimeP.text, distanceP.text];
  if (version >= 7) {
    resNames.push('Cycle OK');
    resValues.push(cycleOk ? 'True' : 'False');
  }
  if (version === 11 && consumption) {
    resNames.push('Consumption Wh');
    resValues.push(consumption.text);
  }
  w.row(resNames, rw);
  w.row(resValues, rw);
  w.blank(rw);

  if (version >= 7) {
    w.section('Step Results', 10);
    w.row(STEP_RESULTS_HEADER);
    for (const r of stepResultRows) w.row(r);
    w.blank(header.length);
  }

  w.section('Datas', header.length);
  w.row(header);
  return `${w.lines.join('\n')}\n${dataLines.join('\n')}\n`;
}
