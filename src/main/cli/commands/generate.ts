import fs from 'node:fs';
import path from 'node:path';
import { encodeLatin1, generateCorpus } from '../../../shared/setitec/generator/index';
import { UsageError, emit, type Command } from '../command';

/** Files generated per generator call: the generator holds a whole call's texts in memory. */
const CHUNK = 1000;

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Write seeded synthetic Setitec files (sample catalog, benchmarks, tests)',
  usage: [
    'udw generate <dir> [--count N] [--seed S] [--json]',
    '',
    'Writes N files (default 20) generated from seed S (default 1) as Latin-1 .xls exports. The same N and S',
    `always give the same files. Above ${CHUNK} files they go to part-001/, part-002/, … sub-folders of ${CHUNK}`,
    '(one generator run per part, seeded from S and the part number), so memory stays bounded.',
  ].join('\n'),
  options: { count: { type: 'string' }, seed: { type: 'string' } },
  async run(ctx) {
    const dir = ctx.positionals[0];
    if (!dir || ctx.positionals.length > 1) throw new UsageError('exactly one output folder is required');
    const count = intOption(ctx.values.count, 20, 'count');
    const seed = intOption(ctx.values.seed, 1, 'seed');
    const out = path.resolve(dir);
    let bytes = 0;
    const parts = Math.ceil(count / CHUNK);
    for (let p = 0; p < parts; p++) {
      if (ctx.signal.aborted) break;
      bytes += writeGeneratedPart(out, count, seed, p);
    }
    emit(ctx, { dir: out, files: count, bytes, seed }, () => `${count} files (${(bytes / 1e6).toFixed(1)} MB) written to ${out}`);
    return 0;
  },
};

/**
 * Writes part `part` (0-based) of a `count`-file generated corpus into `out` (sub-folder part-NNN when there
 * is more than one part). Parts are independent, so they can be written in parallel. Returns the bytes written.
 */
export function writeGeneratedPart(out: string, count: number, seed: number, part: number): number {
  const parts = Math.ceil(count / CHUNK);
  const n = Math.min(CHUNK, count - part * CHUNK);
  const target = parts > 1 ? path.join(out, `part-${String(part + 1).padStart(3, '0')}`) : out;
  fs.mkdirSync(target, { recursive: true });
  let bytes = 0;
  for (const f of generateCorpus(n, parts > 1 ? (seed * 7919 + part) >>> 0 : seed)) {
    const data = encodeLatin1(f.text);
    fs.writeFileSync(path.join(target, f.name), data);
    bytes += data.length;
  }
  return bytes;
}

export const GENERATE_CHUNK = CHUNK;

function intOption(v: unknown, fallback: number, name: string): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer`);
  return n;
}
