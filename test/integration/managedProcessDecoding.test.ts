/**
 * The pure parts of the managed-process class, driven with exact chunk boundaries (a real pipe decides its
 * own): line decoding, the line cut, the event-line parser and the environment allowlist.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { buildChildEnv } from '../../src/main/process/childEnv';
import { parseEventLine } from '../../src/main/process/eventChannel';
import { LineDecoder, utf8PrefixLength } from '../../src/main/process/lineDecoder';

function decodeInChunks(bytes: Buffer, cuts: number[], maxLineBytes = 1 << 20) {
  const decoder = new LineDecoder(maxLineBytes);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const lines = [];
  let from = 0;
  for (const to of [...points, bytes.length]) {
    lines.push(...decoder.push(bytes.subarray(from, to)));
    from = to;
  }
  lines.push(...decoder.end());
  return { lines, decoder };
}

describe('LineDecoder', () => {
  it('gives the same lines wherever the chunks are cut, for any text and \\n or \\r\\n endings', () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !/[\r\n]/.test(s));
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.boolean()), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (parts, cuts) => {
        const text = parts.map(([l, crlf]) => l + (crlf ? '\r\n' : '\n')).join('');
        const { lines } = decodeInChunks(Buffer.from(text), cuts);
        expect(lines.map((l) => l.text)).toEqual(parts.map(([l]) => l));
        expect(lines.map((l) => l.bytes)).toEqual(parts.map(([l]) => Buffer.byteLength(l)));
        expect(lines.every((l) => !l.truncated)).toBe(true);
      }),
    );
  });

  it('decodes a four-byte character delivered one byte per chunk', () => {
    const bytes = Buffer.from('a😀b\n');
    const { lines } = decodeInChunks(bytes, [1, 2, 3, 4, 5]);
    expect(lines).toEqual([{ text: 'a😀b', truncated: false, bytes: 6 }]);
  });

  it('cuts an over-long line on a character boundary and keeps counting its bytes', () => {
    // 'ab' then a four-byte emoji: a limit of 4 falls inside the emoji, so only 'ab' is kept.
    const { lines, decoder } = decodeInChunks(Buffer.from('ab😀cdef\nnext\n'), [3, 5], 4);
    expect(lines).toEqual([
      { text: 'ab', truncated: true, bytes: 10 },
      { text: 'next', truncated: false, bytes: 4 },
    ]);
    expect(decoder.maxBufferedBytes).toBeLessThanOrEqual(5);
  });

  it('does not count the \\r of a \\r\\n line of exactly the limit as an overflow', () => {
    const { lines } = decodeInChunks(Buffer.from('abcd\r\n'), [5], 4);
    expect(lines).toEqual([{ text: 'abcd', truncated: false, bytes: 4 }]);
  });

  it('keeps empty lines and gives nothing for an empty stream', () => {
    expect(decodeInChunks(Buffer.from('\n\r\nx\n'), []).lines.map((l) => l.text)).toEqual(['', '', 'x']);
    expect(decodeInChunks(Buffer.alloc(0), []).lines).toEqual([]);
  });

  it('rejects a limit that is not a positive integer, naming it', () => {
    expect(() => new LineDecoder(0)).toThrow(/LineDecoder: maxLineBytes must be a positive integer, got 0/);
  });

  it('utf8PrefixLength never ends inside a sequence', () => {
    const euro = Buffer.from('€'); // e2 82 ac
    expect(utf8PrefixLength(euro.subarray(0, 1))).toBe(0);
    expect(utf8PrefixLength(euro.subarray(0, 2))).toBe(0);
    expect(utf8PrefixLength(euro)).toBe(3);
    expect(utf8PrefixLength(Buffer.from('x€').subarray(0, 3))).toBe(1);
  });
});

describe('parseEventLine', () => {
  const Schema = z.object({ type: z.literal('tick'), n: z.number() });

  it('validates, and reports bad lines as values naming the source and what was expected', () => {
    expect(parseEventLine('trainer', { text: '{"type":"tick","n":1}', truncated: false, bytes: 20 }, Schema)).toEqual({ ok: true, event: { type: 'tick', n: 1 } });
    const wrong = parseEventLine('trainer', { text: '{"type":"tock"}', truncated: false, bytes: 15 }, Schema);
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.message).toMatch(/^trainer: event channel: the event does not match the expected schema: type: .*; n: /);
    const cut = parseEventLine('trainer', { text: '{"type":', truncated: true, bytes: 5_000_000 }, Schema);
    expect(cut.ok).toBe(false);
    if (!cut.ok) expect(cut.error.message).toContain('got a line of 5000000 bytes (cut)');
  });

  it('quotes at most the start of a long bad line', () => {
    const bad = parseEventLine('trainer', { text: 'x'.repeat(10_000), truncated: false, bytes: 10_000 }, Schema);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.line.length).toBeLessThan(300);
  });
});

describe('buildChildEnv', () => {
  const parentEnv = { PATH: '/bin', HOME: '/home/a', LC_ALL: 'C.UTF-8', AWS_SECRET_ACCESS_KEY: 'k', MLFLOW_TRACKING_TOKEN: 't', CUDA_VISIBLE_DEVICES: '0' };

  it('passes the base allowlist only, then what is asked for by name or prefix, then what is set', () => {
    expect(buildChildEnv({ parentEnv, platform: 'linux' })).toEqual({ PATH: '/bin', HOME: '/home/a', LC_ALL: 'C.UTF-8' });
    expect(buildChildEnv({ parentEnv, platform: 'linux', inherit: ['CUDA_*'], set: { PATH: '/override', EXTRA: '1' } })).toEqual({
      PATH: '/override',
      HOME: '/home/a',
      LC_ALL: 'C.UTF-8',
      CUDA_VISIBLE_DEVICES: '0',
      EXTRA: '1',
    });
  });

  it('matches names case-insensitively on Windows only', () => {
    const env = { Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', GITHUB_TOKEN: 'x' };
    expect(buildChildEnv({ parentEnv: env, platform: 'win32' })).toEqual({ Path: 'C:\\Windows', SystemRoot: 'C:\\Windows' });
    expect(buildChildEnv({ parentEnv: env, platform: 'linux' })).toEqual({});
  });
});
