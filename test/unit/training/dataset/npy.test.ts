/** The .npy writer (training/dataset/npy.ts), read back by the real numpy of the project's .venv. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy, npyHeader } from '../../../../src/main/training/dataset/npy';

const PYTHON = path.resolve('.venv', 'bin', 'python');
const hasPython = fs.existsSync(PYTHON);
if (!hasPython) console.warn(`SKIPPED: the numpy read-back tests need ${PYTHON} (scripts/bootstrap creates it)`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-npy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** numpy.load of each file: dtype, shape, C-contiguity and the values (NaN as null). */
function numpyRead(files: string[]): Array<{ dtype: string; shape: number[]; c: boolean; values: Array<Array<number | null>> }> {
  const script = [
    'import json, sys, numpy as np',
    'out = []',
    'for f in sys.argv[1:]:',
    '    a = np.load(f, allow_pickle=False)',
    '    out.append({"dtype": a.dtype.str, "shape": list(a.shape), "c": bool(a.flags.c_contiguous), "values": [[None if np.isnan(v) else float(v) for v in row] for row in a]})',
    'print(json.dumps(out))',
  ].join('\n');
  const res = spawnSync(PYTHON, ['-c', script, ...files], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`numpy could not read the files: ${res.stderr}`);
  return JSON.parse(res.stdout) as ReturnType<typeof numpyRead>;
}

describe('npyHeader', () => {
  it('is format 1.0 with the data on a 64-byte boundary', () => {
    for (const shape of [[2, 3], [0, 5], [123456, 7]]) {
      const h = npyHeader('<f4', shape);
      expect([...h.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
      expect(h.length % 64).toBe(0);
      expect(h[8]! | (h[9]! << 8)).toBe(h.length - 10);
      expect(h[h.length - 1]).toBe(0x0a);
      expect(new TextDecoder().decode(h.subarray(10))).toContain(`'shape': (${shape.join(', ')})`);
    }
  });

  it('refuses a dimension that is not a whole number', () => {
    expect(() => npyHeader('<f8', [2, 1.5])).toThrow(/not a non-negative integer/);
  });
});

describe.skipIf(!hasPython)('encodeNpy read by numpy', () => {
  it('float32 (channels, length) and float64 with NaN come back with their dtype, shape and values', () => {
    const f32 = path.join(dir, 'signal.npy');
    const f64 = path.join(dir, 'labels.npy');
    const empty = path.join(dir, 'empty.npy');
    fs.writeFileSync(f32, encodeNpy('<f4', [Float32Array.from([0.5, -1.25, 3]), Float32Array.from([7, 8, 9.75])], 3));
    fs.writeFileSync(f64, encodeNpy('<f8', [[1.5, NaN], [NaN, 19.219]], 2));
    fs.writeFileSync(empty, encodeNpy('<f8', [], 3));
    const [a, b, c] = numpyRead([f32, f64, empty]);
    expect(a).toEqual({ dtype: '<f4', shape: [2, 3], c: true, values: [[0.5, -1.25, 3], [7, 8, 9.75]] });
    expect(b).toEqual({ dtype: '<f8', shape: [2, 2], c: true, values: [[1.5, null], [null, 19.219]] });
    expect(c).toMatchObject({ dtype: '<f8', shape: [0, 3] });
  });

  it('refuses rows of different lengths, naming the row', () => {
    expect(() => encodeNpy('<f4', [[1, 2], [3]], 2)).toThrow('npy: row 1 has 1 values, expected 2');
  });
});
