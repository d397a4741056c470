import { describe, expect, it } from 'vitest';
import { column, DATAS_LAYOUTS, depth, layoutForValueCount, signalKey, splitNameUnit, totalCurrent } from '../../../src/shared/setitec/columns';
import { parseSetitecText } from '../../../src/shared/setitec/parse';

describe('signal keys', () => {
  it('normalises header names', () => {
    expect(signalKey('Position (mm)')).toBe('position');
    expect(signalKey('I Torque (A)')).toBe('i_torque');
    expect(signalKey('I Thrust Empty (A)')).toBe('i_thrust_empty');
    expect(signalKey('Step (nb)')).toBe('step');
    expect(signalKey('Stop code')).toBe('stop_code');
    expect(signalKey('Stop Code')).toBe('stop_code');
    expect(signalKey('Mem Torque min (A)')).toBe('mem_torque_min');
    expect(signalKey('Feed Speed (mm/s)')).toBe('feed_speed');
    expect(signalKey('Gap Length (mm)')).toBe('gap_length');
    expect(splitNameUnit('Feed Speed (mm/s)')).toEqual({ name: 'Feed Speed', unit: 'mm/s' });
    expect(splitNameUnit('Stop code')).toEqual({ name: 'Stop code', unit: '' });
  });
  it('knows the layouts by value count', () => {
    expect(layoutForValueCount(12, null)?.id).toBe('v4');
    expect(layoutForValueCount(11, 8)?.id).toBe('v7');
    expect(layoutForValueCount(9, 8)?.id).toBe('v9');
    expect(layoutForValueCount(9, null)?.id).toBe('v9');
    expect(layoutForValueCount(9, 11)?.id).toBe('v11');
    expect(layoutForValueCount(10, 11)).toBeNull();
    for (const l of DATAS_LAYOUTS) expect(l.names.slice(0, 7).map(signalKey)).toEqual(['position', 'i_torque', 'i_thrust', 'i_torque_empty', 'i_thrust_empty', 'step', 'stop_code']);
  });
  it('looks columns up by key and derives depth and totals', () => {
    const text = [
      '*** Datas ***',
      'Position (mm)\tI Torque (A)\tI Thrust (A)\tI Torque Empty (A)\tI Thrust Empty (A)\tStep (nb)\tStop code\tTorque Power (W)\tGap Length (mm)',
      '-0,5\t1,0\t0,5\t2,0\t0,25\t1,000\t0,000\t10,000\t0,000',
      '-0,75\t1,5\t0,5\t2,0\t0,25\t1,000\t64,000\t11,000\t0,000',
      '',
    ].join('\n');
    const r = parseSetitecText(text, 'mini.xls');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Array.from(column(r.file, 'stop_code')!)).toEqual([0, 64]);
    expect(column(r.file, 'rotation_speed')).toBeNull();
    expect(Array.from(depth(r.file))).toEqual([0.5, 0.75]);
    expect(Array.from(totalCurrent(r.file, 'torque'))).toEqual([3, 3.5]);
  });
});
