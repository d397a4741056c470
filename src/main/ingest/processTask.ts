/**
 * One pool task, start to finish, inside a worker: read the bytes, hash them, and unless the hash says
 * there is nothing new, parse, validate and turn the result into catalog rows. Never throws: every
 * outcome is a FileRecord.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FileRecord, FindingRow, ParseTask } from './fileRecord';
import { findingsOf } from './findingsOf';
import { parseSetitecAny } from './parseAny';
import { recordFromParse } from './recordFromParse';

export async function processTask(task: ParseTask, movableHashes: ReadonlySet<string>): Promise<FileRecord> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(task.path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { kind: 'unreadable', path: task.path, code: e.code ?? 'EIO', message: `${task.path}: cannot read the file (${e.code ?? e.message})` };
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  const base = { path: task.path, hash, size: bytes.length };
  if (task.expectHash && task.expectHash === hash) return { kind: 'unchanged', ...base };
  if (task.checkMoved && movableHashes.has(hash)) return { kind: 'known', ...base };
  try {
    const result = await parseSetitecAny(bytes, task.path);
    if (!result.ok) return { kind: 'failed', ...base, line: result.error.line, message: result.error.message };
    const findings: FindingRow[] = findingsOf(result.file);
    return recordFromParse(task.path, hash, bytes.length, result.file, findings);
  } catch (err) {
    // The parser promises not to throw; if it does anyway, the file is still recorded, not the import lost.
    return { kind: 'failed', ...base, line: 0, message: `${task.path}: internal parser error: ${(err as Error).message}` };
  }
}
