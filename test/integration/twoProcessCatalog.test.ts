/**
 * Two processes on one catalog (issue 8, item 3), all of them real: a back end serving the loopback HTTP
 * host in one process (helpers/labelHostChild.ts: it imports one generated file to label), `udw import`
 * in another, an import-lock holder in a third.
 *
 * - Label edits over the host API while the CLI imports a corpus: every edit acknowledged and kept, the
 *   import completes, and the derived data (finding counts, duplicates, cross-file findings) equal those of
 *   a fresh import of the same folders into a new catalog.
 * - A host import and a CLI import of the same folder at once: one runs, the other is refused by name (or
 *   runs after it), neither crashes, and the catalog ends consistent.
 * - An import refused while another process holds the lock names the holder; killed, the holder's lock is
 *   taken over.
 *
 * The corpus is ../shared/setitec when present (778 real files), else generated files (said in the names).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDerivePending } from '../../src/main/catalog/derived';
import { openCatalog } from '../../src/main/db/openCatalog';
import { runImport } from '../../src/main/ingest/importJob';
import type { ImportSummary } from '../../src/shared/api/catalog.contract';
import type { Label, LabelEdit } from '../../src/shared/api/labels.contract';
import { encodeLatin1, generateCorpus } from '../../src/shared/setitec/generator/index';
import { killAll, startReadyChild, udw, type Finished } from './helpers/childProcesses';
import { derivedOf, staleCounts, type DerivedState } from './helpers/derivedState';
import { CORPUS, hasCorpus, integrity } from './importFixtures';

const SYNTHETIC_FILES = 300;
const CORPUS_NAME = hasCorpus ? `the real Setitec corpus (${CORPUS}, 778 files)` : `a synthetic corpus (${SYNTHETIC_FILES} generated files; ../shared/setitec is missing)`;
if (!hasCorpus) console.warn(`two-process catalog tests: ${CORPUS} is missing, using ${SYNTHETIC_FILES} generated files instead`);

const TOTAL_EDITS = 2000;
const WRITERS = 4;
/** The CLI import starts once this many edits are acknowledged, so edits run before, during and after it. */
const START_IMPORT_AFTER = 50;

let root: string;
let corpusDir: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-two-process-'));
  if (hasCorpus) {
    corpusDir = CORPUS;
  } else {
    corpusDir = path.join(root, 'synthetic-corpus');
    fs.mkdirSync(corpusDir);
    for (const f of generateCorpus(SYNTHETIC_FILES, 8)) fs.writeFileSync(path.join(corpusDir, f.name), encodeLatin1(f.text));
  }
});

afterAll(() => {
  killAll();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

interface Host {
  url: string;
  token: string;
  fileId: number;
}

async function api(host: Host, channel: string, payload: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${host.url}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: (await res.json()) };
}

/** A new folder with its own catalog and a host child serving it. */
async function hostOnNewCatalog(name: string): Promise<{ dir: string; catalog: string; host: Host; pid: number; stop(): Promise<Finished> }> {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  const catalog = path.join(dir, 'catalog.sqlite');
  const { child, ready, exited } = await startReadyChild<Host>('labelHostChild.ts', [catalog]);
  return {
    dir,
    catalog,
    host: ready,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The derived data a fresh catalog gets from importing the same folders in the same order. */
async function freshReference(name: string, dirs: string[]): Promise<{ derived: DerivedState; summary: ImportSummary }> {
  const db = openCatalog(path.join(root, `${name}-fresh.sqlite`));
  try {
    let summary: ImportSummary | null = null;
    for (const d of dirs) summary = await runImport(db, { dirs: [d], jobId: `fresh-${name}` });
    return { derived: derivedOf(db), summary: summary! };
  } finally {
    db.close();
  }
}

/** Writer w's endless script on its own labels (ids w<w>-<n>): creates, moves, resizes and deletes. */
function* editScript(w: number, fileId: number): Generator<LabelEdit, never> {
  const live: Array<{ id: string; range: boolean }> = [];
  let next = 0;
  for (let i = 0; ; i++) {
    if (live.length < 3 || i % 5 === 0) {
      const range = next % 2 === 1;
      const id = `w${w}-${next++}`;
      const depth = 1 + ((i * 37) % 150) / 10;
      live.push({ id, range });
      yield { op: 'create', fileId, label: { id, classId: range ? 'cfrp' : 'exit', depth, depthEnd: range ? depth + 2.5 : null, value: null } };
    } else if (i % 7 === 3) {
      const [gone] = live.splice(i % live.length, 1);
      yield { op: 'delete', fileId, id: gone!.id };
    } else {
      const target = live[i % live.length]!;
      const depth = 0.5 + ((i * 53) % 170) / 10;
      yield { op: 'update', fileId, id: target.id, patch: target.range ? { depth, depthEnd: depth + 1 + (i % 4) } : { depth } };
    }
  }
}

interface Ack {
  edit: LabelEdit;
  result: { seq: number; label: Label | null; before: Label | null };
  duringImport: boolean;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe(`two processes on one catalog, with ${CORPUS_NAME}`, () => {
  it(`${TOTAL_EDITS} label edits over the host API while udw import runs in another process: every edit kept, the import completes, derived data right`, async () => {
    const { dir, catalog, host, stop } = await hostOnNewCatalog('edits-during-import');
    const acks: Ack[] = [];
    const refused: string[] = [];
    let importRunning = false;
    let importDone = false;
    let releaseImport!: () => void;
    const importMayStart = new Promise<void>((resolve) => (releaseImport = resolve));

    const writer = async (w: number): Promise<void> => {
      const script = editScript(w, host.fileId);
      while (!(importDone && acks.length >= TOTAL_EDITS)) {
        const edit = script.next().value;
        const wasRunning = importRunning;
        let res: { status: number; body: unknown };
        try {
          res = await api(host, 'labels.apply', edit);
        } catch (err) {
          refused.push(`writer ${w}: ${(err as Error).message}`);
          return;
        }
        if (res.status !== 200) {
          refused.push(`writer ${w}, ${edit.op}: ${res.status} ${JSON.stringify(res.body)}`);
          return; // its script assumes every edit landed
        }
        acks.push({ edit, result: res.body as Ack['result'], duringImport: wasRunning && importRunning });
        if (acks.length >= START_IMPORT_AFTER) releaseImport();
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    await Promise.race([importMayStart, Promise.all(writers)]);
    importRunning = true;
    const imported = await udw(['import', corpusDir, '--db', catalog, '--json']).done;
    importRunning = false;
    importDone = true;
    await Promise.all(writers);

    expect(refused, 'every edit acknowledged (HTTP 200)').toEqual([]);
    expect(imported.status, `udw import: ${imported.stderr}`).toBe(0);
    const summary = JSON.parse(imported.stdout) as ImportSummary;
    const during = acks.filter((a) => a.duringImport).length;
    console.info(`two-process: ${acks.length} edits acknowledged, ${during} of them while the import of ${summary.files} files ran`);
    // Writers run from before the import starts until after it ends, so edits land while it writes.
    expect(during).toBeGreaterThan(0);
    expect(acks.length).toBeGreaterThanOrEqual(TOTAL_EDITS);

    // What the edits should have left: the last acknowledged state of every label.
    const expected = new Map<string, Label | null>();
    for (const a of acks) expected.set(a.result.label?.id ?? a.result.before!.id, a.result.label);
    const live = [...expected.values()].filter((l): l is Label => l !== null);
    const byId = (x: Label, y: Label): number => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

    // Read back over the API, from the process that made them.
    const listed = await api(host, 'labels.list', { fileId: host.fileId });
    expect(listed.status).toBe(200);
    expect((listed.body as Label[]).slice().sort(byId)).toEqual(live.slice().sort(byId));
    await stop();

    const { derived, summary: freshSummary } = await freshReference('edits', [path.join(dir, 'data'), corpusDir]);
    expect(summary).toMatchObject({ files: freshSummary.files, imported: freshSummary.imported, failed: freshSummary.failed, cancelled: false, findings: freshSummary.findings });

    const db = new Database(catalog, { readonly: true });
    try {
      expect(integrity(db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
      // Every acknowledged edit has its event, exactly as acknowledged, and there are no others.
      const events = db.prepare('SELECT seq, op, "after" FROM label_events WHERE file_id = ? ORDER BY seq').all(host.fileId) as Array<{ seq: number; op: string; after: string | null }>;
      expect(events.length).toBe(acks.length);
      const bySeq = new Map(events.map((e) => [e.seq, e]));
      for (const a of acks) {
        const e = bySeq.get(a.result.seq);
        expect(e?.op, `event ${a.result.seq}`).toBe(a.edit.op);
        expect(e!.after === null ? null : (JSON.parse(e!.after) as Label)).toEqual(a.result.label);
      }
      const stored = db.prepare('SELECT id, depth, depth_end AS depthEnd, updated_at AS updatedAt FROM labels WHERE file_id = ? ORDER BY id').all(host.fileId);
      expect(stored).toEqual(live.slice().sort(byId).map((l) => ({ id: l.id, depth: l.depth, depthEnd: l.depthEnd, updatedAt: l.updatedAt })));

      // The derived data: consistent within the catalog, and the same as a fresh import's.
      expect(staleCounts(db)).toEqual([]);
      expect(derivedOf(db)).toEqual(derived);
      expect(isDerivePending(db)).toBe(false);
      expect(db.prepare('SELECT count(*) FROM import_lock').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  }, 600_000);

  it('a host import and a CLI import of the same folder at once: one runs, the other is refused by name or runs after it; neither crashes', async () => {
    const { dir, catalog, host, pid, stop } = await hostOnNewCatalog('two-imports');
    const [viaHost, viaCli] = await Promise.all([api(host, 'catalog.import', { dirs: [corpusDir] }), udw(['import', corpusDir, '--db', catalog, '--json']).done]);

    const busy = (holder: string): RegExp => new RegExp(`^catalog ${escape(catalog)}: another import is running \\(job ${holder}, pid \\d+ on ${escape(os.hostname())}`);
    const outcomes: ImportSummary[] = [];
    if (viaHost.status === 200) outcomes.push(viaHost.body as ImportSummary);
    else {
      expect(viaHost.status, JSON.stringify(viaHost.body)).toBe(409);
      expect((viaHost.body as { error: { code: string; message: string } }).error).toMatchObject({ code: 'conflict', message: expect.stringMatching(busy('cli')) });
    }
    expect(viaCli.signal, viaCli.stderr).toBeNull();
    if (viaCli.status === 0) outcomes.push(JSON.parse(viaCli.stdout) as ImportSummary);
    else {
      expect(viaCli.status, viaCli.stderr).toBe(1);
      expect((JSON.parse(viaCli.stdout) as { error: { message: string } }).error.message).toMatch(busy('[0-9a-f-]{36}'));
      expect(viaCli.stderr).toContain(`pid ${pid} on`);
    }
    console.info(`two-process: host import ${viaHost.status === 200 ? 'ran' : 'refused'}, CLI import ${viaCli.status === 0 ? 'ran' : 'refused'}`);
    expect(outcomes.length).toBeGreaterThanOrEqual(1);

    // The host survived, and serves the catalog.
    const files = await api(host, 'catalog.listFiles', {});
    expect(files.status).toBe(200);
    await stop();

    const { derived, summary: fresh } = await freshReference('two-imports', [path.join(dir, 'data'), corpusDir]);
    // Each file was imported once: by the one that ran, or by the first of two that ran one after the other.
    expect(outcomes.reduce((n, s) => n + s.imported, 0)).toBe(fresh.imported);
    const again = await udw(['import', corpusDir, '--db', catalog, '--json']).done;
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ files: fresh.files, imported: 0, skipped: fresh.files });

    const db = new Database(catalog, { readonly: true });
    try {
      expect(integrity(db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
      expect(db.prepare('SELECT count(*) FROM (SELECT path FROM files GROUP BY path HAVING count(*) > 1)').pluck().get()).toBe(0);
      expect(staleCounts(db)).toEqual([]);
      expect(derivedOf(db)).toEqual(derived);
    } finally {
      db.close();
    }
  }, 600_000);

  it("an import is refused while another process holds the catalog's import lock, naming it; once that process is killed, its lock is taken over", async () => {
    const dir = path.join(root, 'lock-holder');
    const data = path.join(dir, 'data');
    fs.mkdirSync(data, { recursive: true });
    for (const f of generateCorpus(12, 3)) fs.writeFileSync(path.join(data, f.name), encodeLatin1(f.text));
    const catalog = path.join(dir, 'catalog.sqlite');
    openCatalog(catalog).close();

    const holder = await startReadyChild<{ pid: number; jobId: string }>('importLockChild.ts', [catalog]);
    const refused = await udw(['import', data, '--db', catalog, '--json']).done;
    expect(refused.status, refused.stderr).toBe(1);
    const message = (JSON.parse(refused.stdout) as { error: { message: string } }).error.message;
    expect(message).toMatch(new RegExp(`^catalog ${escape(catalog)}: another import is running \\(job lock-holder, pid ${holder.ready.pid} on ${escape(os.hostname())}, started `));
    expect(message).toMatch(/wait for it to finish, then import again$/);
    const check = new Database(catalog, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM files').pluck().get()).toBe(0);
    check.close();

    holder.child.kill('SIGKILL');
    expect((await holder.exited).signal).toBe('SIGKILL');
    const after = await udw(['import', data, '--db', catalog, '--json']).done;
    expect(after.status, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ files: 12, imported: 12 });
    const db = new Database(catalog, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM import_lock').pluck().get()).toBe(0);
      expect(staleCounts(db)).toEqual([]);
    } finally {
      db.close();
    }
  }, 300_000);
});
