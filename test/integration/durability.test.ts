/**
 * Acceptance: an edit acknowledged over HTTP survives a crash. A real back end runs in a child process
 * (one generated Setitec file imported through catalog.import); we fire up to 1,000 scripted label edits at
 * it from a few concurrent writers, SIGKILL it mid-burst, then open the catalog file and check every
 * acknowledged edit — label state and event row — and the file's integrity. Acknowledged means HTTP 200
 * received; at most one edit per writer was in flight at the kill and may or may not have committed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { createBackend } from '../../src/main/backend/createBackend';
import type { FileRow } from '../../src/shared/api/catalog.contract';
import type { Label, LabelEdit } from '../../src/shared/api/labels.contract';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const CHILD = path.join(here, 'helpers/labelHostChild.ts');
const TOTAL_EDITS = 1000;
const WRITERS = 4;
/** Kill once this many edits are acknowledged: well inside the burst. */
const KILL_AFTER_ACKS = 430;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-durability-'));
const catalogPath = path.join(dir, 'catalog.sqlite');
let running: ChildProcess | null = null;
afterAll(() => {
  // A failed test must not leave the back end serving in the background.
  if (running && running.exitCode === null && running.signalCode === null) running.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Applied {
  seq: number;
  label: Label | null;
  before: Label | null;
}
interface Ack {
  writer: number;
  index: number;
  edit: LabelEdit;
  result: Applied;
}

/**
 * Writer w's script: creates, moves, resizes, retypes and deletes its own labels (ids prefixed by w, so
 * writers never race on one label); writer 0 also keeps editing the file's one comment attribute.
 */
function script(w: number, fileId: number, count: number): LabelEdit[] {
  const edits: LabelEdit[] = [];
  const live: Array<{ id: string; range: boolean }> = [];
  let next = 0;
  let comment = false;
  for (let i = 0; i < count; i++) {
    if (w === 0 && i % 9 === 4) {
      const value = `note ${i} — ünïcødé`;
      edits.push(
        comment
          ? { op: 'update', fileId, id: 'comment', patch: { value } }
          : { op: 'create', fileId, label: { id: 'comment', classId: 'comment', depth: null, depthEnd: null, value } },
      );
      comment = true;
    } else if (live.length === 0 || i % 5 === 0) {
      const range = next % 2 === 1;
      const id = `w${w}-${next++}`;
      const depth = 1 + ((i * 37) % 150) / 10;
      edits.push({ op: 'create', fileId, label: { id, classId: range ? 'cfrp' : 'exit', depth, depthEnd: range ? depth + 3.25 : null, value: null, source: i % 3 ? 'human' : 'model', confidence: i % 3 ? null : 0.5 } });
      live.push({ id, range });
    } else if (i % 7 === 3) {
      const [gone] = live.splice(i % live.length, 1);
      edits.push({ op: 'delete', fileId, id: gone!.id });
    } else {
      const target = live[i % live.length]!;
      const depth = 0.5 + ((i * 53) % 170) / 10;
      edits.push({ op: 'update', fileId, id: target.id, patch: target.range ? { depth, depthEnd: depth + 1 + (i % 4) } : { depth, source: 'human', confidence: null } });
    }
  }
  return edits;
}

async function startChild(): Promise<{ child: ChildProcess; url: string; token: string; fileId: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, catalogPath], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  running = child;
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const lines = readline.createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`back end exited (${code}) before it was ready:\n${stderr}`)));
  });
  return { child, ...(JSON.parse(first) as { url: string; token: string; fileId: number }) };
}

it(
  'keeps every acknowledged edit across a SIGKILL mid-burst, with an intact catalog',
  async () => {
    const { child, url, token, fileId } = await startChild();
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const acks: Ack[] = [];
    const perWriter = TOTAL_EDITS / WRITERS;
    const scripts = Array.from({ length: WRITERS }, (_, w) => script(w, fileId, perWriter));
    let killed = false;

    const writer = async (w: number): Promise<void> => {
      for (let index = 0; index < perWriter && !killed; index++) {
        const edit = scripts[w]![index]!;
        let res: Response;
        try {
          res = await fetch(`${url}/api/labels.apply`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(edit) });
        } catch {
          return; // the back end is gone: this edit was never acknowledged
        }
        if (res.status !== 200) throw new Error(`edit ${w}/${index} refused (${res.status}): ${await res.text()}`);
        const result = (await res.json()) as Applied;
        acks.push({ writer: w, index, edit, result });
        if (acks.length === KILL_AFTER_ACKS && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(scripts.map((_, w) => writer(w)));
    expect(await exited).toBe('SIGKILL');
    expect(killed).toBe(true);
    expect(acks.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acks.length).toBeLessThan(TOTAL_EDITS);

    // Open the file as the crash left it (WAL and all). Read-write so SQLite may recover the WAL.
    const db = new Database(catalogPath);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);

      const events = db.prepare('SELECT seq, label_id, op, annotator, "before", "after" FROM label_events ORDER BY seq').all() as Array<{
        seq: number;
        label_id: string;
        op: string;
        annotator: string;
        before: string | null;
        after: string | null;
      }>;
      const bySeq = new Map(events.map((e) => [e.seq, e]));
      const parse = (text: string | null): Label | null => (text === null ? null : (JSON.parse(text) as Label));

      // 1. Every acknowledged edit has its event row, exactly as acknowledged.
      for (const ack of acks) {
        const e = bySeq.get(ack.result.seq);
        expect(e, `event of acknowledged edit ${ack.writer}/${ack.index}`).toBeDefined();
        expect(e!.op).toBe(ack.edit.op);
        expect(e!.annotator).toBe('durability');
        expect(parse(e!.after)).toEqual(ack.result.label);
        expect(parse(e!.before)).toEqual(ack.result.before);
      }
      // Beyond the acknowledged ones, at most one edit per writer was in flight and may have committed.
      expect(events.length).toBeGreaterThanOrEqual(acks.length);
      expect(events.length).toBeLessThanOrEqual(acks.length + WRITERS);

      // 2. Every label's stored state is what its last acknowledged edit left — or, when that writer's next
      //    edit was in flight and committed, what that one left (and then its event says so).
      const rows = new Map(
        (db.prepare('SELECT id FROM labels').all() as Array<{ id: string }>).map((r) => [r.id, r.id]),
      );
      const lastAck = new Map<string, Ack>();
      const lastIndex = new Map<number, number>();
      for (const ack of acks) {
        lastAck.set(ack.result.label?.id ?? ack.result.before!.id, ack);
        lastIndex.set(ack.writer, ack.index);
      }
      const readLabel = db.prepare('SELECT * FROM labels WHERE id = ?');
      for (const [id, ack] of lastAck) {
        const later = events.filter((e) => e.label_id === id && e.seq > ack.result.seq);
        expect(later.length, `label ${id}: unacknowledged events`).toBeLessThanOrEqual(1);
        const expected = later.length ? parse(later[0]!.after) : ack.result.label;
        if (later.length) {
          // Only the edit that writer had in flight when the back end died can have committed unacknowledged.
          const inFlight = scripts[ack.writer]![(lastIndex.get(ack.writer) ?? -1) + 1]!;
          expect(inFlight.op === 'create' ? inFlight.label.id : inFlight.id).toBe(id);
          expect(later[0]!.op).toBe(inFlight.op);
        }
        const row = readLabel.get(id) as Record<string, unknown> | undefined;
        if (expected === null) {
          expect(row, `label ${id} should be deleted`).toBeUndefined();
        } else {
          expect(row, `label ${id} should exist`).toBeDefined();
          expect({
            id: row!.id,
            classId: row!.class_id,
            depth: row!.depth,
            depthEnd: row!.depth_end,
            value: row!.value === null ? null : JSON.parse(row!.value as string),
            source: row!.source,
            confidence: row!.confidence,
            updatedAt: row!.updated_at,
          }).toEqual({
            id: expected.id,
            classId: expected.classId,
            depth: expected.depth,
            depthEnd: expected.depthEnd,
            value: expected.value,
            source: expected.source,
            confidence: expected.confidence,
            updatedAt: expected.updatedAt,
          });
        }
        rows.delete(id);
      }
      // Labels nobody acknowledged can only come from an in-flight create.
      const inFlightCreates = scripts
        .map((edits, w) => edits[(lastIndex.get(w) ?? -1) + 1])
        .flatMap((e) => (e?.op === 'create' ? [e.label.id] : []));
      for (const id of rows.keys()) expect(inFlightCreates, `unacknowledged label ${id}`).toContain(id);
      expect(acks.some((a) => a.result.label?.source === 'human')).toBe(true);
      expect(db.prepare('SELECT status FROM file_review WHERE file_id = ?').get(fileId)).toEqual({ status: 'in_progress' });
    } finally {
      db.close();
    }

    // 3. The app opens the crashed catalog normally and serves the same labels.
    const backend = createBackend({ host: 'memory', catalogPath });
    try {
      const listed = (await backend.dispatch('labels.list', { fileId })) as Label[];
      const stored = new Database(catalogPath, { readonly: true });
      const count = (stored.prepare('SELECT COUNT(*) AS n FROM labels').get() as { n: number }).n;
      stored.close();
      expect(listed.length).toBe(count);
      const [row] = (await backend.dispatch('catalog.listFiles', {})) as FileRow[];
      expect(row).toMatchObject({ id: fileId, status: 'in_progress', labelCount: count });
    } finally {
      await backend.dispose();
    }
  },
  120_000,
);
