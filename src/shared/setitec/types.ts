/**
 * The parsed form of one Setitec export. Pure data: no Node, no DOM, so the parser runs in
 * worker threads, the renderer and tests alike. See ../shared/docs/DOMAIN.md §4 and §8.
 */
import type { ProgramStep } from './programStep';

/** A typed metadata value. Dates stay strings (ISO) so parsed files survive JSON. */
export type MetaValue = number | string | boolean | null;

/** One label row paired with one value row of a metadata section. */
export interface MetaBlock {
  /** 1-based line of the label row in the file. */
  line: number;
  /** 1-based line of the value row (absent for a lone label such as an empty `Comment`). */
  valueLine?: number;
  names: string[];
  /** Raw trimmed cells, positional (empty cells kept). */
  raw: string[];
  values: MetaValue[];
}

/** A `*** Name ***` section, in file order. Unknown sections keep their raw lines. */
export interface Section {
  name: string;
  /** 1-based line of the `*** Name ***` header. */
  line: number;
  /** Label/value pairs (metadata sections) or one label row with N value rows (tables). */
  blocks: MetaBlock[];
  /** Raw non-blank lines split into trimmed cells, for unknown sections and for display. */
  rawLines?: string[][];
}

/** How the parser resolved something irregular, rather than hiding it (DOMAIN §8.2). */
export interface Irregularity {
  code:
    | 'header_mismatch'
    | 'duplicate_name'
    | 'nul_stripped'
    | 'misaligned'
    | 'glued_header'
    | 'split_header'
    | 'replacement_char'
    | 'unknown_section'
    | 'trailing_garbage'
    /** Step Results disagree with the Datas step blocks or final stop codes (DOMAIN §8.2 step 7). */
    | 'step_results_mismatch'
    /** CRLF or CR line ends were normalised to LF. */
    | 'line_endings';
  message: string;
  section?: string;
  line?: number;
}

export interface SignalColumn {
  /** Raw header text as written, e.g. `I Torque (A)`. */
  raw: string;
  /** Name without unit, e.g. `I Torque`. */
  name: string;
  /** Unit inside the trailing parentheses, e.g. `A`; empty when none. */
  unit: string;
  /** Normalised key (lowercase, unit stripped, spaces to `_`): `position`, `i_torque`, `step`, `stop_code`. */
  key: string;
  values: Float64Array;
}

export interface SignalTable {
  /** 1-based line of the `Datas` header row. */
  headerLine: number;
  rowCount: number;
  columns: SignalColumn[];
  /** Decimal style seen in data cells. */
  decimal: 'comma' | 'dot' | 'mixed' | 'integer';
}

/** One Program row; defined once, with its zod schema, in programStep.ts. */
export type { ProgramStep } from './programStep';

export interface StepResult {
  stepNumber: number;
  stopCode: number;
  durationS: number | null;
  distanceM2: number | null;
  m1MaxAmp: number | null;
  m2MaxAmp: number | null;
  m1NoLoadAmp: number | null;
  m2NoLoadAmp: number | null;
  gapMaxMm: number | null;
}

export interface SetitecFile {
  /** Display name of the source (file name or path), used in every message. */
  source: string;
  version: number | null;
  separator: '\t' | ';';
  date: { raw: string; iso: string | null; clockUnset: boolean } | null;
  sampleRateHz: number | null;
  sections: Section[];
  head: {
    name: string | null;
    type: string | null;
    tagUid: string | null;
    globalCounter: number | null;
    localCounter: number | null;
  };
  box: { name: string | null; firmware: string | null };
  motor: { name: string | null; type: string | null; sn: string | null };
  program: ProgramStep[];
  stepResults: StepResult[];
  results: {
    cycleTimeS: number | null;
    distanceMm: number | null;
    cycleOk: boolean | null;
    consumptionWh: number | null;
  };
  data: SignalTable;
  irregularities: Irregularity[];
}

/** A parse failure: names the file, the line and what was expected. */
export interface ParseError {
  source: string;
  /** 1-based line, or 0 when the problem is the whole file (empty, binary). */
  line: number;
  expected: string;
  message: string;
}

export type ParseResult = { ok: true; file: SetitecFile } | { ok: false; error: ParseError };

export interface ParseOptions {
  /**
   * Signal columns are views into the parser's per-thread scratch instead of copies: valid only until the
   * next parse on the same thread. For callers that finish with the columns before parsing again (the
   * import worker validates and encodes each file, then drops it); saves a copy of every sample.
   */
  borrowSignals?: boolean;
}
