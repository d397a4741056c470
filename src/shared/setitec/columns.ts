/**
 * Names of the signal (`Datas`) columns: raw header text → name, unit and a normalised key, the known
 * column layouts per format version (DOMAIN §4.11), and lookup helpers. Code elsewhere should ask for
 * columns by key (`column(file, 'i_torque')`), never by position or raw text: casing and names differ
 * between versions and sections.
 */
import type { SetitecFile, SignalColumn, SignalTable } from './types';

/** Keys of the signal columns that occur in the known layouts. */
export const SIGNAL_KEYS = {
  position: 'position',
  iTorque: 'i_torque',
  iThrust: 'i_thrust',
  iTorqueEmpty: 'i_torque_empty',
  iThrustEmpty: 'i_thrust_empty',
  step: 'step',
  stopCode: 'stop_code',
  memTorqueMin: 'mem_torque_min',
  memThrustMin: 'mem_thrust_min',
  rotationSpeed: 'rotation_speed',
  feedSpeed: 'feed_speed',
  torquePower: 'torque_power',
  power: 'power',
  gapLength: 'gap_length',
} as const;

export type SignalKey = (typeof SIGNAL_KEYS)[keyof typeof SIGNAL_KEYS];

/** The seven columns every layout starts with. */
export const COMMON_COLUMNS = [
  'Position (mm)',
  'I Torque (A)',
  'I Thrust (A)',
  'I Torque Empty (A)',
  'I Thrust Empty (A)',
  'Step (nb)',
  'Stop code',
] as const;

export interface DatasLayout {
  id: 'v4' | 'v7' | 'v9' | 'v11';
  /** Format versions that write this layout. */
  versions: number[];
  /** Column names, one per value. */
  names: readonly string[];
}

/** Layouts by value count (DOMAIN §4.11); used when header names and values disagree. */
export const DATAS_LAYOUTS: readonly DatasLayout[] = [
  {
    id: 'v4',
    versions: [4],
    names: [...COMMON_COLUMNS, 'Mem Torque min (A)', 'Mem Thrust min (A)', 'Rotation Speed (rpm)', 'Feed Speed (mm/s)', 'Torque Power (W)'],
  },
  {
    id: 'v7',
    versions: [7, 8],
    names: [...COMMON_COLUMNS, 'Mem Torque min (A)', 'Mem Thrust min (A)', 'Torque Power (W)', 'Gap Length (mm)'],
  },
  { id: 'v9', versions: [8, 9], names: [...COMMON_COLUMNS, 'Torque Power (W)', 'Gap Length (mm)'] },
  { id: 'v11', versions: [11], names: [...COMMON_COLUMNS, 'Power (W)', 'Gap Length (mm)'] },
];

/**
 * The known layout with `valueCount` columns: 12 → v4, 11 → v7/real v8, 9 → v9 (or v11 when the file says
 * version 11, whose 9th-column power is named `Power (W)`). Null when no layout has that many columns.
 */
export function layoutForValueCount(valueCount: number, version: number | null): DatasLayout | null {
  const candidates = DATAS_LAYOUTS.filter((l) => l.names.length === valueCount);
  if (candidates.length === 0) return null;
  if (version !== null) {
    const exact = candidates.find((l) => l.versions.includes(version));
    if (exact) return exact;
  }
  return candidates.find((l) => l.id !== 'v11') ?? candidates[0]!;
}

/** `I Torque (A)` → name `I Torque`, unit `A`; `Stop code` → unit ''. */
export function splitNameUnit(raw: string): { name: string; unit: string } {
  const s = raw.trim();
  // Length cap keeps the regex linear-time on damaged input (a merged line can be huge).
  const m = s.length <= 200 ? /^(.*?)\s*\(([^()]*)\)$/.exec(s) : null;
  if (m && m[1]!.length > 0) return { name: m[1]!, unit: m[2]!.trim() };
  return { name: s, unit: '' };
}

/**
 * Normalised key: unit dropped, lowercase, runs of non-alphanumerics to `_`.
 * `I Torque Empty (A)` → `i_torque_empty`, `Step (nb)` → `step`, `Stop code` → `stop_code`.
 */
export function signalKey(raw: string): string {
  const { name } = splitNameUnit(raw);
  const key = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return key.length > 0 ? key : 'column';
}

/** Build the column descriptor (without values) for a raw header name. */
export function describeColumn(raw: string): Omit<SignalColumn, 'values'> {
  const { name, unit } = splitNameUnit(raw);
  return { raw: raw.trim(), name, unit, key: signalKey(raw) };
}

function tableOf(src: SetitecFile | SignalTable): SignalTable {
  return 'data' in src ? src.data : src;
}

/** The values of the column with this key, or null when the file has no such column. */
export function column(src: SetitecFile | SignalTable, key: string): Float64Array | null {
  const c = tableOf(src).columns.find((col) => col.key === key);
  return c ? c.values : null;
}

/** Like {@link column} but throws when missing: for the seven columns every layout has. */
export function requireColumn(src: SetitecFile | SignalTable, key: string): Float64Array {
  const v = column(src, key);
  if (!v) throw new Error(`signal column '${key}' is missing`);
  return v;
}

/** Depth in mm (= −Position), the natural x-axis of a drilling signal (DOMAIN §0.2). */
export function depth(src: SetitecFile | SignalTable): Float64Array {
  const pos = requireColumn(src, SIGNAL_KEYS.position);
  const out = new Float64Array(pos.length);
  for (let i = 0; i < pos.length; i++) out[i] = -pos[i]!;
  return out;
}

/** Total current = net + no-load (`torque` or `thrust`), DOMAIN §5 derived channels. */
export function totalCurrent(src: SetitecFile | SignalTable, which: 'torque' | 'thrust'): Float64Array {
  const net = requireColumn(src, which === 'torque' ? SIGNAL_KEYS.iTorque : SIGNAL_KEYS.iThrust);
  const empty = requireColumn(src, which === 'torque' ? SIGNAL_KEYS.iTorqueEmpty : SIGNAL_KEYS.iThrustEmpty);
  const out = new Float64Array(net.length);
  for (let i = 0; i < net.length; i++) out[i] = net[i]! + empty[i]!;
  return out;
}
