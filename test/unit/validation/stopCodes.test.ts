import { describe, expect, it } from 'vitest';
import {
  STOP,
  STOP_CODE_BITS,
  decodeStopCode,
  hasStopBit,
  isAnomaly,
  isEvent,
  isProgrammedOnly,
  stopCodeClasses,
  stopCodeLabel,
  stopCodeName,
} from '../../../src/shared/setitec/stopCodes';

const EXPECTED: [number, string, 'event' | 'programmed' | 'anomaly', string][] = [
  [0, 'TORQUE_MAX', 'event', 'next step'],
  [1, 'TORQUE_LIMIT', 'anomaly', 'stop'],
  [2, 'THRUST_MAX', 'event', 'next step'],
  [3, 'THRUST_LIMIT', 'programmed', 'retract'],
  [4, 'THRUST_SAFETY', 'anomaly', 'stop'],
  [5, 'TORQUE_SAFETY', 'anomaly', 'stop'],
  [6, 'STROKE_LIMIT', 'programmed', 'next step'],
  [7, 'STOP_BUTTON', 'anomaly', 'stop'],
  [8, 'STOP_CYCLE', 'anomaly', 'stop'],
  [9, 'TOOL_BREAK', 'anomaly', 'stop'],
  [10, 'ABORT', 'anomaly', 'retract'],
  [11, 'TORQUE_MIN', 'event', 'next step'],
  [12, 'THRUST_MIN', 'event', 'next step'],
  [13, 'STROKE_MAX', 'programmed', 'retract'],
  [14, 'STROKE_TORQUE_LIMIT', 'anomaly', 'retract'],
  [15, 'STROKE_THRUST_LIMIT', 'anomaly', 'retract'],
  [16, 'KILLMOT_M2', 'anomaly', 'stop'],
  [17, 'KILLMOT_M1', 'anomaly', 'stop'],
  [18, 'POWER_MAX', 'anomaly', 'stop'],
  [19, 'DELAY', 'programmed', 'next step'],
  [20, 'DRIVE_OVER_TEMP', 'anomaly', 'stop'],
  [21, 'TOOL_OVER_TEMP', 'anomaly', 'stop'],
  [22, 'OVERLOAD_M1', 'anomaly', 'stop'],
  [23, 'OVERLOAD_M2', 'anomaly', 'stop'],
];

describe('stop-code bitmask (DOMAIN §9.2)', () => {
  it('documents 24 bits in order', () => {
    expect(STOP_CODE_BITS.map((b) => b.bit)).toEqual(EXPECTED.map((e) => e[0]));
  });

  for (const [bit, name, cls, action] of EXPECTED) {
    it(`bit ${bit} = ${name} (${2 ** bit}) is ${cls}, action ${action}`, () => {
      const d = decodeStopCode(2 ** bit);
      expect(d.invalid).toBe(false);
      expect(d.bits).toHaveLength(1);
      expect(d.bits[0]).toMatchObject({ bit, name, class: cls, action, value: 2 ** bit });
      expect(d.bits[0]!.meaning.length).toBeGreaterThan(5);
      expect((STOP as Record<string, number>)[name]).toBe(2 ** bit);
      expect(stopCodeLabel(2 ** bit)).toBe(`${name} (${2 ** bit})`);
      expect(isAnomaly(2 ** bit)).toBe(cls === 'anomaly');
      expect(isEvent(2 ** bit)).toBe(cls === 'event');
      expect(isProgrammedOnly(2 ** bit)).toBe(cls === 'programmed');
    });
  }

  it('131074 = KILLMOT_M1 + TORQUE_LIMIT, an anomaly', () => {
    const d = decodeStopCode(131074);
    expect(d.bits.map((b) => b.name)).toEqual(['TORQUE_LIMIT', 'KILLMOT_M1']);
    expect(stopCodeLabel(131074)).toBe('KILLMOT_M1 + TORQUE_LIMIT (131074)');
    expect(isAnomaly(131074)).toBe(true);
    expect(hasStopBit(131074, STOP.KILLMOT_M1)).toBe(true);
    expect(hasStopBit(131074, STOP.TORQUE_LIMIT)).toBe(true);
    expect(hasStopBit(131074, STOP.TORQUE_MAX)).toBe(false);
  });

  it('uses bit tests, not substring matching', () => {
    // '1' is a substring of '131074' and of '16384'; '64' of '16384'; '8' of '2048' and '8192'.
    expect(hasStopBit(131074, STOP.TORQUE_MAX)).toBe(false);
    expect(hasStopBit(16384, STOP.STROKE_LIMIT)).toBe(false);
    expect(hasStopBit(2048, STOP.THRUST_LIMIT)).toBe(false);
    expect(hasStopBit(8192, STOP.THRUST_LIMIT)).toBe(false);
    expect(stopCodeName(16384)).toBe('STROKE_TORQUE_LIMIT');
  });

  it('labels the codes seen in the corpus', () => {
    expect(stopCodeLabel(0)).toBe('NORMAL (0)');
    expect(stopCodeLabel(2048)).toBe('TORQUE_MIN (2048)');
    expect(stopCodeLabel(64)).toBe('STROKE_LIMIT (64)');
    expect(stopCodeLabel(8)).toBe('THRUST_LIMIT (8)');
    expect(stopCodeLabel(8192)).toBe('STROKE_MAX (8192)');
    expect(stopCodeLabel(4)).toBe('THRUST_MAX (4)');
    expect(stopCodeLabel(65)).toBe('STROKE_LIMIT + TORQUE_MAX (65)');
  });

  it('0 is normal, not an anomaly; the corpus codes 1, 4, 8, 64, 2048, 8192 are not anomalies', () => {
    expect(decodeStopCode(0).bits).toEqual([]);
    for (const c of [0, 1, 4, 8, 64, 2048, 8192]) expect(isAnomaly(c), String(c)).toBe(false);
  });

  it('classes: worst first', () => {
    expect(stopCodeClasses(131074)).toEqual(['anomaly']);
    expect(stopCodeClasses(2048 + 64)).toEqual(['event', 'programmed']);
    expect(stopCodeClasses(0)).toEqual([]);
  });

  it('invalid and undocumented codes are anomalies', () => {
    expect(decodeStopCode(NaN).invalid).toBe(true);
    expect(decodeStopCode(-1).invalid).toBe(true);
    expect(decodeStopCode(1.5).invalid).toBe(true);
    expect(isAnomaly(NaN)).toBe(true);
    expect(isAnomaly(2 ** 24)).toBe(true);
    expect(decodeStopCode(2 ** 24).unknownBits).toEqual([2 ** 24]);
    expect(stopCodeLabel(2 ** 24 + 1)).toBe('UNKNOWN_0x1000000 + TORQUE_MAX (16777217)');
  });

  it('accepts codes written as decimals (2048,000 parses to 2048)', () => {
    expect(decodeStopCode(2048.0).bits.map((b) => b.name)).toEqual(['TORQUE_MIN']);
  });

  it('bits above 2^31 still decode', () => {
    expect(decodeStopCode(2 ** 31 + 8).bits.map((b) => b.name)).toEqual(['THRUST_LIMIT']);
  });
});
