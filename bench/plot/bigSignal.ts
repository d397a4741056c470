/**
 * A synthetic Setitec file with about `rows` samples (the plot benchmark needs 1,000,000; real files stop
 * near 11,000). Takes a generated v9 file (src/shared/setitec/generator) and upsamples its `Datas` rows:
 * between two samples of the same step, linear interpolation of position and currents plus a little
 * deterministic ripple (so min/max per bucket has work to do); no samples are inserted across a step change,
 * so every step still ends on its stop-code run.
 */
import fs from 'node:fs';
import { encodeLatin1, generateSetitec } from '../../src/shared/setitec/generator/index';

const num = (cell: string): number => Number(cell.trim().replace(',', '.'));
/**
 * A cell as a Setitec export writes it. toFixed gives '-0.000' for a tiny negative ripple; no corpus file has
 * such cells in its currents (all 778 store them as scaled integers), and a single −0 keeps a column in
 * Float64 (signalBlob.ts stores −0 exactly), which made this file's currents 4× the bytes of any real file's
 * until 2026-12-01.
 */
const fmt = (v: number): string => {
  const text = v.toFixed(3);
  return (text === '-0.000' ? '0.000' : text).replace('.', ',');
};

export function bigSetitecText(rows: number, seed = 1): string {
  const g = generateSetitec({ seed, version: 9, rows: 20_000 });
  const lines = g.text.split('\n');
  const header = lines.findIndex((l) => l.startsWith('Position (mm)'));
  if (header < 0) throw new Error('no Datas header in the generated file');
  const head = lines.slice(0, header + 1);
  const data = lines.slice(header + 1).filter((l) => l.trim() !== '');
  const table = data.map((l) => l.split('\t'));
  const factor = Math.max(1, Math.ceil(rows / table.length));
  const out: string[] = [];
  let k = 0;
  for (let i = 0; i < table.length; i++) {
    const a = table[i]!;
    out.push(a.join('\t'));
    const b = table[i + 1];
    if (!b || a[5] !== b[5] || a[6] !== b[6]) continue; // step or stop-code change: no inserted samples
    const va = a.map(num);
    const vb = b.map(num);
    for (let s = 1; s < factor; s++) {
      const t = s / factor;
      k++;
      const row = va.map((x, c) => {
        if (c === 5 || c === 6) return a[c]!; // step and stop code: copied
        if (c === 3 || c === 4) return a[c]!; // no-load currents: constant within a step
        const v = x + (vb[c]! - x) * t;
        return fmt(c === 1 || c === 2 ? v + 0.03 * Math.sin(k * 0.37) : v);
      });
      out.push(row.join('\t'));
    }
  }
  return `${head.join('\n')}\n${out.join('\n')}\n`;
}

export function writeBigSetitec(file: string, rows: number, seed = 1): number {
  const text = bigSetitecText(rows, seed);
  fs.writeFileSync(file, encodeLatin1(text));
  return text.split('\n').length;
}
