/**
 * One pool task, start to finish, inside a worker: read the bytes, hash them, and unless the hash says
 * there is nothing new, parse, validate and turn the result into catalog rows. Never throws: every
 * outcome is a FileRecord.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { buildContext } from '../../shared/validation/index';
import type { FileRecord, FindingRow, ParseTask } from '../catalog/fileRecord';
import { findingsOf } from './findingsOf';
import { parseSetitecAny } from './parseAny';
import { recordFromParse } from './recordFromParse';

/**
 * One read buffer per worker, reused from file to file: `readFileSync` allocates a fresh buffer per file,
 * and 133 MB of short-lived buffers cost more in allocation and GC than the reads themselves. Safe because a
 * worker runs one task at a time and nothing keeps the bytes after the task (the parser copies what it
 * keeps: strings and Float64Arrays). Larger buffers than KEEP are released after use.
 */
let readBuffer = Buffer.allocUnsafe(1 << 20);
const KEEP = 16 << 20;

function readInto(path: string): Buffer {
  const fd = fs.openSync(path, 'r');
  try {
    let n = 0;
    for (;;) {
      if (n === readBuffer.length) {
        const bigger = Buffer.allocUnsafe(readBuffer.length * 2);
        readBuffer.copy(bigger, 0, 0, n);
        readBuffer = bigger;
      }
      const got = fs.readSync(fd, readBuffer, n, readBuffer.length - n, null);
      if (got === 0) break;
      n += got;
    }
    const bytes = readBuffer.subarray(0, n);
    if (readBuffer.length > KEEP) readBuffer = Buffer.allocUnsafe(1 << 20);
    return bytes;
  } finally {
    fs.closeSync(fd);
  }
}

export async function processTask(task: ParseTask, movableHashes: ReadonlySet<string>): Promise<FileRecord> {
  let bytes: Buffer;
  try {
    bytes = readInto(task.path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { kind: 'unreadable', path: task.path, code: e.code ?? 'EIO', message: `${task.path}: cannot read the file (${e.code ?? e.message})` };
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  const base = { path: task.path, hash, size: bytes.length };
  if (task.expectHash && task.expectHash === hash) return { kind: 'unchanged', ...base };
  if (task.checkMoved && movableHashes.has(hash)) return { kind: 'known', ...base };
  try {
    // Borrowed columns: validated and encoded below, dropped before this worker parses its next file.
    const result = await parseSetitecAny(bytes, task.path, { borrowSignals: true });
    if (!result.ok) return { kind: 'failed', ...base, line: result.error.line, message: result.error.message };
    // One context per file: validation and the catalog record share its step segments and depth range.
    const context = buildContext(result.file);
    const findings: FindingRow[] = findingsOf(result.file, context);
    return recordFromParse(task.path, hash, bytes.length, result.file, findings, context);
  } catch (err) {
    // The parser promises not to throw; if it does anyway, the file is still recorded, not the import lost.
    return { kind: 'failed', ...base, line: 0, message: `${task.path}: internal parser error: ${(err as Error).message}` };
  }
}
