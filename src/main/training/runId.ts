/**
 * Run ids: `run-` and the 128 bits of a UUIDv7 in lowercase base36, padded to 25 digits. Time first, so
 * ids sort by when the run was made (as text too: fixed width), and strictly increasing within a process;
 * short enough for a folder name, and matching RunId of training.contract.ts.
 */
import { uuidv7 } from '../../shared/ids/uuidv7';

const DIGITS = 25; // 36^25 > 2^128

export function newRunId(nowMs: number = Date.now()): string {
  const bits = BigInt(`0x${uuidv7(nowMs).replace(/-/g, '')}`);
  return `run-${bits.toString(36).padStart(DIGITS, '0')}`;
}
