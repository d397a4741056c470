/**
 * The catalog's share of an import, alone: every corpus file is parsed and turned into catalog records first
 * (not timed), then the records are written into a fresh catalog exactly as the import writes them (FileWriter,
 * 16 files per transaction, auto-checkpoints held off) and checkpointed. SQLite has one writer, so this is a
 * floor for the main thread of any import that stores the signals in the catalog, whatever the parse costs.
 * Bundled and run by run.mjs (out/bench/writeFloor.js):
 *
 *   node out/bench/writeFloor.js <scratch-dir> <corpus-dir> [--rounds 3]
 * Prints one JSON line: per round, write and checkpoint wall and CPU milliseconds.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FileWriter } from '../../src/main/catalog/fileWriter';
import { openCatalog } from '../../src/main/db/openCatalog';
import { corpusFiles } from './corpusFiles';
import { findingsOf } from '../../src/main/ingest/findingsOf';
import type { FileRecord } from '../../src/main/catalog/fileRecord';
import { recordFromParse } from '../../src/main/ingest/recordFromParse';
import { parseSetitec } from '../../src/shared/setitec/parse';
import { buildContext } from '../../src/shared/validation/index';

const BATCH = 16;


const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 3;
const [scratch, corpus] = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds');
if (!scratch || !corpus) throw new Error('usage: writeFloor <scratch-dir> <corpus-dir> [--rounds 3]');

const records: Array<{ path: string; mtimeMs: number; rec: Extract<FileRecord, { kind: 'parsed' }> }> = [];
for (const f of corpusFiles(corpus)) {
  const bytes = fs.readFileSync(f);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const res = parseSetitec(bytes, f);
  if (!res.ok) continue;
  const context = buildContext(res.file);
  records.push({ path: f, mtimeMs: fs.statSync(f).mtimeMs, rec: recordFromParse(f, hash, bytes.length, res.file, findingsOf(res.file, context), context) });
}

const ms = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
const out: Array<{ writeMs: number; writeCpuMs: number; checkpointMs: number; checkpointCpuMs: number }> = [];
for (let r = 0; r < rounds; r++) {
  const file = path.join(scratch, `write-floor-${r}`, 'catalog.sqlite');
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  const db = openCatalog(file);
  db.pragma('wal_autocheckpoint = 0');
  const writer = new FileWriter(db);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < records.length; i += BATCH) {
    db.transaction(() => {
      for (const x of records.slice(i, i + BATCH)) writer.writeParsed(null, { path: x.path, size: x.rec.size, mtimeMs: x.mtimeMs }, x.rec, 'bench');
    })();
  }
  const t1 = performance.now();
  const c1 = process.cpuUsage(c0);
  db.pragma('wal_checkpoint(PASSIVE)');
  const t2 = performance.now();
  const c2 = process.cpuUsage(c0);
  db.close();
  out.push({ writeMs: t1 - t0, writeCpuMs: ms(c1), checkpointMs: t2 - t1, checkpointCpuMs: ms(c2) - ms(c1) });
}
process.stdout.write(`${JSON.stringify({ files: records.length, rounds: out })}\n`);
