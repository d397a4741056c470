/**
 * Run one short bridge command (`python -m udw_bridge …`) and read its last JSON line. The bridge runs as a
 * managed process: allowlisted environment (no secrets of ours), bounded output, cancelled on timeout and on
 * back-end shutdown, and it exits by itself if this process dies (udw_bridge.parent_watch).
 */
import path from 'node:path';
import { ManagedProcess } from '../process/managedProcess';
import { PYTHON_ENV_INHERIT } from './pythonEnv';

export interface BridgeResult {
  code: number;
  json: unknown;
  stderr: string;
}

/** The doctor's JSON is a few hundred bytes; this only bounds a runaway line. */
const MAX_LINE_BYTES = 1024 * 1024;
/** stderr kept for the caller: a traceback's worth. */
const STDERR_LINES = 200;

export async function runBridge(python: string, bridgeDir: string, args: string[], timeoutMs = 60_000): Promise<BridgeResult> {
  const proc = ManagedProcess.launch({
    name: `python bridge ${args.join(' ')}`.trim(),
    command: python,
    args: ['-m', 'udw_bridge', ...args],
    cwd: bridgeDir,
    env: { PYTHONPATH: [bridgeDir, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter), PYTHONUNBUFFERED: '1' },
    inheritEnv: PYTHON_ENV_INHERIT,
    timeoutMs,
    maxLineBytes: MAX_LINE_BYTES,
    tailLines: STDERR_LINES,
  });
  // Only the last non-empty stdout line is the answer; earlier ones are the bridge's progress.
  const stdout = { last: null as string | null };
  proc.on('line', (line) => {
    if (line.stream === 'stdout' && line.text.trim() !== '') stdout.last = line.text;
  });
  const result = await proc.done;
  if (result.reason === 'spawnFailed') throw new Error(`cannot run ${python}: ${result.error ?? 'it did not start'}`);
  if (result.code === null) {
    const why = result.reason === 'timedOut' ? `no answer within ${timeoutMs} ms (stopped with ${result.signalsSent.join(', then ')})` : `ended by ${result.signal ?? 'a signal'}`;
    throw new Error(`cannot run ${python}: python -m udw_bridge ${args.join(' ')}: ${why}`);
  }
  let json: unknown;
  try {
    json = stdout.last === null ? null : JSON.parse(stdout.last);
  } catch {
    json = null;
  }
  return { code: result.code, json, stderr: proc.tail('stderr').join('\n') };
}
