/**
 * What a parse worker sends back for one file: everything the catalog stores, already in row form, so the
 * main thread only binds values to prepared statements (no parsing, no JSON building, no encoding there).
 * Signal bytes travel as transferred ArrayBuffers.
 */
import type { SignalDtype } from './signalBlob';
import type { ProgramSettings } from '../../shared/setitec/programSettings';
import type { StepResult } from '../../shared/setitec/types';

/** A task for the pool. */
export interface ParseTask {
  path: string;
  /** When set, the worker first hashes the file and answers `unchanged` if the hash matches (mtime-only change). */
  expectHash?: string | null;
  /** When set, a hash in this job's set of movable hashes is answered `known` without parsing. */
  checkMoved?: boolean;
}

export interface FileStat {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface FileScalars {
  version: number | null;
  date: string | null;
  dateRaw: string | null;
  clockUnset: number | null;
  sampleRateHz: number | null;
  separator: string;
  decimal: string;
  headName: string | null;
  headType: string | null;
  headTag: string | null;
  headGlobal: number | null;
  headLocal: number | null;
  boxName: string | null;
  boxFirmware: string | null;
  motorName: string | null;
  motorType: string | null;
  motorSn: string | null;
  cycleOk: number | null;
  cycleTimeS: number | null;
  resultsDistanceMm: number | null;
  consumptionWh: number | null;
  rowCount: number;
  depthMin: number | null;
  depthMax: number | null;
  stepSequence: string;
  programJson: string;
  metadataJson: string;
  irregularitiesJson: string;
}

/**
 * One row of the `steps` table (see 001_catalog). The program settings come from the one program-step
 * definition (programSettings.ts names their columns); null for a segment without a Program row.
 */
export interface StepRow extends ProgramSettings {
  seq: number;
  stepNb: number;
  inProgram: number;
  enabled: number | null;
  fieldsJson: string | null;
  startIndex: number | null;
  endIndex: number | null;
  startDepth: number | null;
  endDepth: number | null;
  minDepth: number | null;
  maxDepth: number | null;
  stopCode: number | null;
  stopLabel: string | null;
  stopClass: string | null;
}

/** One row of the `step_results` table: the parsed Step Results row, its position and its stop label. */
export interface StepResultRow extends StepResult {
  seq: number;
  stopLabel: string;
}

export interface FindingRow {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  section: string | null;
  line: number | null;
  column: string | null;
}

export interface SignalRow {
  key: string;
  raw: string;
  name: string;
  unit: string;
  dtype: SignalDtype;
  scaleExp: number;
  length: number;
  bytes: Uint8Array;
}

interface Base {
  path: string;
  /** SHA-256 (hex) of the bytes the worker read. */
  hash: string;
  /** Byte count the worker read (may differ from the scan's stat if the file changed meanwhile). */
  size: number;
}

export type FileRecord =
  | (Base & { kind: 'parsed'; scalars: FileScalars; steps: StepRow[]; stepResults: StepResultRow[]; findings: FindingRow[]; signals: SignalRow[] })
  | (Base & { kind: 'failed'; line: number; message: string })
  /** Same bytes as `expectHash`: only the mtime changed. */
  | (Base & { kind: 'unchanged' })
  /** The hash is one of the job's movable hashes: the file was moved or renamed, nothing parsed. */
  | (Base & { kind: 'known' })
  /** Could not be read at all (vanished since the scan, permissions). */
  | { kind: 'unreadable'; path: string; code: string; message: string };

