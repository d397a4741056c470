/**
 * How a training process's end becomes a run's status and error: the exit code is the bridge's verdict
 * (BRIDGE_EXIT), the last `done`/`error` events say why in its own words, and the console tail stands in
 * when the bridge died before it could say anything.
 */
import { BRIDGE_EXIT, type BridgeEvent } from '../../shared/training/protocol';
import type { ExitResult } from '../process/managedProcess';
import { BRIDGE_EXIT_MEANING } from './bridgeLaunch';
import type { RunEnd } from './runStore';

type DoneEvent = Extract<BridgeEvent, { type: 'done' }>;
type ErrorEvent = Extract<BridgeEvent, { type: 'error' }>;

export interface RunEvidence {
  result: ExitResult;
  done: DoneEvent | null;
  error: ErrorEvent | null;
  /** The console's last lines as seen, for a bridge that died without an error event. */
  consoleTail: readonly string[];
  python: string;
  killTimeoutMs: number;
}

const TAIL_IN_ERROR = 8;

export function runOutcome(e: RunEvidence): Omit<RunEnd, 'endedAt'> {
  const { result } = e;
  const said = e.error ? `${e.error.kind}: ${e.error.message}${e.error.file ? ` (${e.error.file})` : ''}` : null;
  if (result.reason === 'spawnFailed') return { status: 'failed', exitCode: null, error: `cannot start ${e.python}: ${result.error ?? 'it did not start'}` };
  if (result.code === BRIDGE_EXIT.ok) return { status: e.done?.status === 'cancelled' ? 'cancelled' : 'finished', exitCode: 0, error: null };
  if (result.code === BRIDGE_EXIT.cancelled) return { status: 'cancelled', exitCode: result.code, error: null };
  if (result.reason === 'cancelled' || result.reason === 'timedOut') {
    const killed = result.signalsSent.includes('SIGKILL');
    const why = killed ? `it did not stop within ${e.killTimeoutMs / 1000} s of SIGTERM and was killed, so it may have left no checkpoint` : null;
    return { status: 'cancelled', exitCode: result.code, error: why };
  }
  const tail = e.consoleTail.filter((l) => l.trim() !== '').slice(-TAIL_IN_ERROR);
  const last = tail.length > 0 ? `; the console ended with:\n${tail.join('\n')}` : '';
  if (result.code === null) return { status: 'failed', exitCode: null, error: said ?? `the training process was ended by ${result.signal ?? 'a signal'}${last}` };
  const meaning = BRIDGE_EXIT_MEANING[result.code] ?? 'an unknown exit code';
  return { status: 'failed', exitCode: result.code, error: said ? `${said} (exit ${result.code}: ${meaning})` : `python -m udw_bridge train exited with code ${result.code}: ${meaning}${last}` };
}
