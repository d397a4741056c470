/**
 * The bridge protocol fixture, read from the TypeScript side: every line must be a valid BridgeEvent, and
 * together the lines cover every event type. python-bridge/tests/test_protocol.py reads the same file and
 * checks that protocol.py's builders produce exactly these shapes, so both sides are held to one fixture.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRIDGE_EXIT, BridgeEvent, PROTOCOL_VERSION } from '../../../src/shared/training/protocol';

const FIXTURE = join(__dirname, '../../fixtures/training/protocol-events.jsonl');
const lines = readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l.trim() !== '');

describe('protocol-events.jsonl against BridgeEvent', () => {
  it.each(lines.map((line, i) => [i + 1, line] as const))('line %i parses as a BridgeEvent', (_n, line) => {
    const parsed = BridgeEvent.safeParse(JSON.parse(line));
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues)).toBe(true);
    expect(parsed.data?.v).toBe(PROTOCOL_VERSION);
  });

  it('holds one line of every event type', () => {
    const types = lines.map((l) => (JSON.parse(l) as { type: string }).type).sort();
    const expected = BridgeEvent.options.map((o) => o.shape.type.value).sort();
    expect(types).toEqual(expected);
  });

  it('is strict where it must be: a wrong version, an unknown type or a missing field is refused', () => {
    const epoch = JSON.parse(lines.find((l) => l.includes('"type":"epoch"'))!) as Record<string, unknown>;
    expect(BridgeEvent.safeParse({ ...epoch, v: PROTOCOL_VERSION + 1 }).success).toBe(false);
    expect(BridgeEvent.safeParse({ ...epoch, type: 'progress' }).success).toBe(false);
    const { trainLoss: _dropped, ...withoutLoss } = epoch;
    expect(BridgeEvent.safeParse(withoutLoss).success).toBe(false);
    // Extra fields are allowed, so a newer bridge can add information.
    expect(BridgeEvent.safeParse({ ...epoch, extra: 1 }).success).toBe(true);
  });

  it('names the exit codes python-bridge documents', () => {
    expect(BRIDGE_EXIT).toEqual({ ok: 0, internal: 1, usage: 2, missingComponent: 3, dataset: 4, exportVerification: 5, cancelled: 6 });
  });
});
