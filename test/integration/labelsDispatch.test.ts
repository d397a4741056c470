/** The labels API through the real back end and dispatch: validation at the boundary, stamping, events. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/shared/api/errors';
import type { EventChannel } from '../../src/shared/api/contract';
import { tempBackend, type TempBackend } from '../helpers/tempBackend';
import { insertTestFile } from './helpers/catalogFile';
import { DEFAULT_SCHEMA } from '../../src/main/labels/defaultSchema';

let t: TempBackend;
let fileId: number;
let events: Array<{ channel: EventChannel; payload: unknown }>;

beforeEach(() => {
  t = tempBackend('memory');
  fileId = insertTestFile(t.backend.context.db);
  events = [];
  t.backend.events.subscribe((channel, payload) => events.push({ channel, payload }));
});
afterEach(async () => {
  await t.cleanup();
});

const call = (channel: string, payload: unknown) => t.backend.dispatch(channel, payload);

async function rejection(channel: string, payload: unknown): Promise<ApiError> {
  try {
    await call(channel, payload);
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error(`${channel} accepted ${JSON.stringify(payload)}`);
}

const exitDraft = (id: string, depth = 18) => ({ id, classId: 'exit', depth, depthEnd: null, value: null });

describe('labels API: malformed payloads are refused at the boundary with clear messages', () => {
  const cases: Array<[string, string, () => unknown, RegExp]> = [
    ['no op', 'labels.apply', () => ({ fileId, label: exitDraft('a') }), /labels\.apply: invalid payload: op: /],
    ['unknown op', 'labels.apply', () => ({ op: 'move', fileId, id: 'a' }), /op: /],
    ['create without label', 'labels.apply', () => ({ op: 'create', fileId }), /label: /],
    ['depth as text', 'labels.apply', () => ({ op: 'create', fileId, label: { ...exitDraft('a'), depth: '18' } }), /label\.depth: /],
    ['empty id', 'labels.apply', () => ({ op: 'create', fileId, label: exitDraft('') }), /label\.id: /],
    ['fileId not a positive integer', 'labels.apply', () => ({ op: 'delete', fileId: -1, id: 'a' }), /fileId: /],
    ['confidence over 1', 'labels.apply', () => ({ op: 'create', fileId, label: { ...exitDraft('a'), confidence: 1.5 } }), /label\.confidence: /],
    ['unknown source', 'labels.apply', () => ({ op: 'create', fileId, label: { ...exitDraft('a'), source: 'oracle' } }), /label\.source: /],
    ['extra key on an edit', 'labels.apply', () => ({ op: 'delete', fileId, id: 'a', force: true }), /force/],
    ['a non-object', 'labels.apply', () => 'create', /labels\.apply: invalid payload/],
    ['schema without classes', 'labels.setSchema', () => ({ classes: [] }), /classes: /],
    ['bad colour', 'labels.setSchema', () => ({ classes: [{ id: 'a', name: 'A', kind: 'point', colour: 'red', hotkey: null }] }), /classes\.0\.colour: .*#1f77b4/],
    ['bad class id', 'labels.setSchema', () => ({ classes: [{ id: 'Entry!', name: 'A', kind: 'point', colour: '#000000', hotkey: null }] }), /classes\.0\.id: lowercase letters/],
    ['unknown verdict', 'files.setReview', () => ({ fileId, verdict: 'meh' }), /files\.setReview: invalid payload: verdict: /],
    ['unknown status', 'files.setReview', () => ({ fileId, status: 'done' }), /status: /],
    ['list without fileId', 'labels.list', () => ({}), /labels\.list: invalid payload: fileId: /],
  ];
  for (const [name, channel, payload, message] of cases) {
    it(`${channel}: ${name}`, async () => {
      const err = await rejection(channel, payload());
      expect(err.code).toBe('invalid_payload');
      expect(err.message).toMatch(message);
    });
  }

  it('refuses well-formed but invalid edits with the store’s message and code', async () => {
    expect(await rejection('labels.apply', { op: 'create', fileId, label: { id: 'r', classId: 'ti', depth: 14, depthEnd: 12, value: null } })).toMatchObject({
      code: 'invalid_payload',
      message: expect.stringMatching(/depth \(14\) must be less than depthEnd \(12\)/),
    });
    expect(await rejection('labels.apply', { op: 'update', fileId, id: 'ghost', patch: { depth: 3 } })).toMatchObject({ code: 'not_found' });
    expect(await rejection('labels.list', { fileId: 12345 })).toMatchObject({ code: 'not_found', message: 'file 12345 is not in the catalog' });
    await call('labels.apply', { op: 'create', fileId, label: exitDraft('a') });
    expect(await rejection('labels.apply', { op: 'create', fileId, label: exitDraft('a') })).toMatchObject({ code: 'conflict' });
    expect(events.filter((e) => e.channel === 'labels.changed')).toHaveLength(1);
  });
});

describe('labels API: behaviour', () => {
  it('stamps the annotator from settings, "anonymous" when unset', async () => {
    const anon = (await call('labels.apply', { op: 'create', fileId, label: exitDraft('a') })) as { label: { annotator: string } };
    expect(anon.label.annotator).toBe('anonymous');
    await call('settings.update', { annotator: '  alice ' });
    const alice = (await call('labels.apply', { op: 'update', fileId, id: 'a', patch: { depth: 18.3 } })) as { label: { annotator: string; depth: number } };
    expect(alice.label).toMatchObject({ annotator: 'alice', depth: 18.3 });
    const history = (await call('labels.history', { fileId })) as Array<{ annotator: string; op: string }>;
    expect(history.map((e) => [e.op, e.annotator])).toEqual([
      ['create', 'anonymous'],
      ['update', 'alice'],
    ]);
  });

  it('emits labels.changed after each committed edit and review change', async () => {
    await call('labels.apply', { op: 'create', fileId, label: exitDraft('a') });
    await call('files.setReview', { fileId, verdict: 'good' });
    expect(events).toEqual([
      // A label edit carries its seq (the renderer tells its own edits' echoes by it); a review change has none.
      { channel: 'labels.changed', payload: { fileId, seq: expect.any(Number) } },
      { channel: 'labels.changed', payload: { fileId } },
    ]);
  });

  it('moves the file to in_progress on the first human label; review status and verdict round-trip', async () => {
    expect(await call('files.getReview', { fileId })).toEqual({ fileId, status: 'unlabelled', verdict: null });
    await call('labels.apply', { op: 'create', fileId, label: { ...exitDraft('m'), source: 'model', confidence: 0.9 } });
    expect(await call('files.getReview', { fileId })).toMatchObject({ status: 'unlabelled' });
    await call('labels.apply', { op: 'create', fileId, label: exitDraft('h') });
    expect(await call('files.getReview', { fileId })).toMatchObject({ status: 'in_progress' });
    expect(await call('files.setReview', { fileId, status: 'reviewed', verdict: 'labelling_error' })).toEqual({ fileId, status: 'reviewed', verdict: 'labelling_error' });
    expect(await call('files.setReview', { fileId, verdict: null })).toEqual({ fileId, status: 'reviewed', verdict: null });
  });

  it('serves and replaces the schema, refusing to drop a class in use', async () => {
    const schema = (await call('labels.getSchema', {})) as { classes: Array<{ id: string }> };
    expect(schema.classes).toHaveLength(DEFAULT_SCHEMA.classes.length);
    await call('labels.apply', { op: 'create', fileId, label: exitDraft('a') });
    const err = await rejection('labels.setSchema', { classes: schema.classes.filter((c) => c.id !== 'exit') });
    expect(err).toMatchObject({ code: 'conflict', message: expect.stringMatching(/class 'exit' \(Exit\) has 1 label/) });
    const smaller = (await call('labels.setSchema', { classes: schema.classes.filter((c) => c.id !== 'shim') })) as { classes: unknown[] };
    expect(smaller.classes).toHaveLength(DEFAULT_SCHEMA.classes.length - 1);
  });
});
