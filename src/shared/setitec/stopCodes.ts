/**
 * Setitec stop-code bitmask (DOMAIN §9.2). A stop code is a 24-bit mask written on the last 2–5 samples of
 * each program step (`Stop code` in Datas, `Stop Code` in Step Results). Decode it with bit tests — never by
 * matching the decimal text (the upstream enum's substring `match` confuses 1 with 131074, 64 with 16384…).
 *
 * Classes (DOMAIN §9.2, "Class the bits for the app"):
 * - `event`      — a physical transition sensed by the controller (torque/thrust rise or drop);
 * - `programmed` — a programmed distance, delay or hard stop was reached (no physical event sensed);
 * - `anomaly`    — everything else: STOP-class, safety, buttons, tool break, short circuit, over-temperature,
 *                  overload, abort, material-detection limits.
 *
 * Pure TypeScript.
 */

export type StopCodeClass = 'event' | 'programmed' | 'anomaly';

/** What the controller does after the bit fires (the upstream enum's action column). */
export type StopCodeAction = 'next step' | 'retract' | 'stop';

export interface StopCodeBit {
  /** Bit index, 0 = least significant. */
  bit: number;
  /** The bit's value (`1 << bit`). */
  value: number;
  name: string;
  meaning: string;
  action: StopCodeAction;
  class: StopCodeClass;
}

/** Every documented bit, in bit order. */
export const STOP_CODE_BITS: readonly StopCodeBit[] = Object.freeze(
  (
    [
      [0, 'TORQUE_MAX', 'Torque rise detected (contact or harder layer)', 'next step', 'event'],
      [1, 'TORQUE_LIMIT', 'Machine torque limit reached (70 A)', 'stop', 'anomaly'],
      [2, 'THRUST_MAX', 'Thrust rise detected (contact)', 'next step', 'event'],
      [3, 'THRUST_LIMIT', 'Machine thrust limit reached (hard stop, countersink)', 'retract', 'programmed'],
      [4, 'THRUST_SAFETY', 'Programmed thrust safety reached', 'stop', 'anomaly'],
      [5, 'TORQUE_SAFETY', 'Programmed torque safety reached', 'stop', 'anomaly'],
      [6, 'STROKE_LIMIT', "The step's maximum stroke reached", 'next step', 'programmed'],
      [7, 'STOP_BUTTON', 'Stop button pressed', 'stop', 'anomaly'],
      [8, 'STOP_CYCLE', 'Over-temperature, stop button or emergency stop', 'stop', 'anomaly'],
      [9, 'TOOL_BREAK', 'Tool breakage detected', 'stop', 'anomaly'],
      [10, 'ABORT', 'Abort (blue button) pressed', 'retract', 'anomaly'],
      [11, 'TORQUE_MIN', 'Torque drop detected (break-through)', 'next step', 'event'],
      [12, 'THRUST_MIN', 'Thrust drop detected (break-through)', 'next step', 'event'],
      [13, 'STROKE_MAX', 'Maximum defined stroke reached', 'retract', 'programmed'],
      [14, 'STROKE_TORQUE_LIMIT', 'Material-detection limit reached on torque', 'retract', 'anomaly'],
      [15, 'STROKE_THRUST_LIMIT', 'Material-detection limit reached on thrust', 'retract', 'anomaly'],
      [16, 'KILLMOT_M2', 'Feed motor (M2) short-circuit detected', 'stop', 'anomaly'],
      [17, 'KILLMOT_M1', 'Spindle motor (M1) short-circuit detected', 'stop', 'anomaly'],
      [18, 'POWER_MAX', 'Maximum controller power reached', 'stop', 'anomaly'],
      [19, 'DELAY', 'Step delay elapsed', 'next step', 'programmed'],
      [20, 'DRIVE_OVER_TEMP', 'Drive over-temperature (80 °C)', 'stop', 'anomaly'],
      [21, 'TOOL_OVER_TEMP', 'Tool over-temperature (65 °C)', 'stop', 'anomaly'],
      [22, 'OVERLOAD_M1', 'Drive overload on the spindle motor (M1)', 'stop', 'anomaly'],
      [23, 'OVERLOAD_M2', 'Drive overload on the feed motor (M2)', 'stop', 'anomaly'],
    ] as const
  ).map(([bit, name, meaning, action, cls]) =>
    Object.freeze({ bit, value: 2 ** bit, name, meaning, action, class: cls }),
  ),
);

/** Named values for the common bits. */
export const STOP = Object.freeze({
  NORMAL: 0,
  TORQUE_MAX: 1,
  TORQUE_LIMIT: 2,
  THRUST_MAX: 4,
  THRUST_LIMIT: 8,
  THRUST_SAFETY: 16,
  TORQUE_SAFETY: 32,
  STROKE_LIMIT: 64,
  STOP_BUTTON: 128,
  STOP_CYCLE: 256,
  TOOL_BREAK: 512,
  ABORT: 1024,
  TORQUE_MIN: 2048,
  THRUST_MIN: 4096,
  STROKE_MAX: 8192,
  STROKE_TORQUE_LIMIT: 16384,
  STROKE_THRUST_LIMIT: 32768,
  KILLMOT_M2: 65536,
  KILLMOT_M1: 131072,
  POWER_MAX: 262144,
  DELAY: 524288,
  DRIVE_OVER_TEMP: 1048576,
  TOOL_OVER_TEMP: 2097152,
  OVERLOAD_M1: 4194304,
  OVERLOAD_M2: 8388608,
} as const);

export interface DecodedStopCode {
  /** The code as given (rounded to an integer when it was written as `2048,000`). */
  code: number;
  /** Set bits, lowest first. Empty for 0 (NORMAL). */
  bits: StopCodeBit[];
  /** Bits set above bit 23 (undocumented), as their values. */
  unknownBits: number[];
  /** The code is not a non-negative integer (NaN, fraction, negative). */
  invalid: boolean;
}

/** True when `code` is a finite non-negative integer that fits in 32 bits. */
function isValidCode(code: number): boolean {
  return Number.isInteger(code) && code >= 0 && code <= 0xffffffff;
}

/** Bit test that works above 2^31 (JS bitwise operators are 32-bit signed). */
function hasBit(code: number, bit: number): boolean {
  return Math.floor(code / 2 ** bit) % 2 === 1;
}

/** Decodes a stop-code bitmask with bit tests. */
export function decodeStopCode(code: number): DecodedStopCode {
  const rounded = Number.isFinite(code) ? Math.round(code) : code;
  const invalid = !isValidCode(rounded) || Math.abs(rounded - code) > 1e-6;
  if (!isValidCode(rounded)) return { code, bits: [], unknownBits: [], invalid: true };
  const bits: StopCodeBit[] = [];
  for (const b of STOP_CODE_BITS) if (hasBit(rounded, b.bit)) bits.push(b);
  const unknownBits: number[] = [];
  for (let bit = 24; bit < 32; bit++) if (hasBit(rounded, bit)) unknownBits.push(2 ** bit);
  return { code: rounded, bits, unknownBits, invalid };
}

/** True when `code` has the given bit value set (e.g. `hasStopBit(131074, STOP.TORQUE_LIMIT)`). */
export function hasStopBit(code: number, value: number): boolean {
  if (!isValidCode(Math.round(code)) || !isValidCode(value) || value === 0) return false;
  const c = Math.round(code);
  for (let bit = 0; bit < 32; bit++) if (hasBit(value, bit) && !hasBit(c, bit)) return false;
  return true;
}

/** Any anomaly-class bit set, any undocumented bit set, or an invalid code. 0 is not an anomaly. */
export function isAnomaly(code: number): boolean {
  const d = decodeStopCode(code);
  if (d.invalid) return true;
  return d.unknownBits.length > 0 || d.bits.some((b) => b.class === 'anomaly');
}

/** Any event-class bit (TORQUE_MAX, THRUST_MAX, TORQUE_MIN, THRUST_MIN) set. */
export function isEvent(code: number): boolean {
  return decodeStopCode(code).bits.some((b) => b.class === 'event');
}

/** Only programmed bits set (STROKE_LIMIT, THRUST_LIMIT, STROKE_MAX, DELAY) and at least one. */
export function isProgrammedOnly(code: number): boolean {
  const d = decodeStopCode(code);
  return !d.invalid && d.unknownBits.length === 0 && d.bits.length > 0 && d.bits.every((b) => b.class === 'programmed');
}

/** The classes present in a code, worst first (anomaly > event > programmed). */
export function stopCodeClasses(code: number): StopCodeClass[] {
  const d = decodeStopCode(code);
  const set = new Set(d.bits.map((b) => b.class));
  if (d.invalid || d.unknownBits.length > 0) set.add('anomaly');
  return (['anomaly', 'event', 'programmed'] as const).filter((c) => set.has(c));
}

/** Bit names joined with ` + `, highest bit first (`KILLMOT_M1 + TORQUE_LIMIT`); `NORMAL` for 0. */
export function stopCodeName(code: number): string {
  const d = decodeStopCode(code);
  if (d.invalid) return 'INVALID';
  if (d.bits.length === 0 && d.unknownBits.length === 0) return 'NORMAL';
  const names = [...d.unknownBits.map((v) => `UNKNOWN_0x${v.toString(16)}`).reverse(), ...d.bits.map((b) => b.name).reverse()];
  return names.join(' + ');
}

/** Display label: `TORQUE_MIN (2048)`, `KILLMOT_M1 + TORQUE_LIMIT (131074)`, `NORMAL (0)`. */
export function stopCodeLabel(code: number): string {
  const d = decodeStopCode(code);
  const shown = Number.isFinite(code) ? String(d.invalid ? code : d.code) : String(code);
  return `${stopCodeName(code)} (${shown})`;
}
