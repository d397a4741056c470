/**
 * What the proposal engine reads (ProposalInput) and what it returns (FileProposals). Pure data, so a
 * proposal can be made from a fresh parse (fromParsed.ts) and from the catalog (src/main/labels/
 * proposalInput.ts) alike, and crosses the API as JSON.
 */

/** A signal column as the parser (Float64Array) or a JSON payload (number[]) holds it. */
export type SignalValues = Float64Array | readonly number[];

/**
 * The Program-row settings the engine reads (DOMAIN §4.7, §9.1). Both the parser's ProgramStep and the
 * API's ProgramStepView fit. A threshold of 0 or null means the step has no such trigger.
 */
export interface ProposalProgramStep {
  stepNb: number;
  enabled: boolean;
  torqueMaxA: number | null;
  thrustMaxA: number | null;
  torqueMinA: number | null;
  thrustMinA: number | null;
  gapMm?: number | null;
  strokeMm?: number | null;
  rpm?: number | null;
  feedMmS?: number | null;
}

/**
 * One executed step block of `Datas` (a StepSegment of src/shared/setitec/segments.ts fits): first and
 * last sample (inclusive, 0-based) and the step's final stop code. The engine decodes the code itself.
 */
export interface ProposalSegment {
  step: number;
  startIndex: number;
  endIndex: number;
  stopCode: number;
}

export interface ProposalColumns {
  /** `Position (mm)` (≤ 0; depth = −Position). Without it no point or range can be placed. */
  position: SignalValues | null;
  /** `I Torque (A)`: net spindle current. */
  torque: SignalValues | null;
  /** `I Thrust (A)`: net feed current. */
  thrust: SignalValues | null;
  /** `Step (nb)`: used to derive the segments when none are given. */
  step: SignalValues | null;
  /** `Stop code`: scanned for anomaly codes away from the step ends too. */
  stopCode: SignalValues | null;
}

/** The metadata the anomaly attributes read (DOMAIN §4.1, §4.9, §4.10, §14 rows 4, 5, 21, 23). */
export interface ProposalMeta {
  /** File name or path: converted files are recognised by name (`MQTT_to_XLS_*`). */
  fileName: string;
  version: number | null;
  /** Results `Cycle OK` (null before v7). */
  cycleOk: boolean | null;
  date: { raw: string; iso: string | null; clockUnset: boolean } | null;
  separator: '\t' | ';' | null;
  /** Decimal style of the Datas cells. */
  decimal: 'comma' | 'dot' | 'mixed' | 'integer' | null;
  /** Step Results rows (v7+), in file order. */
  stepResults: readonly { stepNumber: number; stopCode: number }[];
  /** Codes of the parser's irregularities (e.g. `step_results_mismatch`). */
  irregularityCodes: readonly string[];
}

export interface ProposalInput {
  /** How messages name the file. */
  source: string;
  program: readonly ProposalProgramStep[];
  /** Step blocks in Datas order; null: derived from the step, stop-code and position columns. */
  segments: readonly ProposalSegment[] | null;
  columns: ProposalColumns;
  meta: ProposalMeta;
}

export type ProposalSource = 'stepcode' | 'heuristic';

/** What a proposal rests on: the step and stop code it came from, the threshold, any measured numbers. */
export interface ProposalEvidence {
  step?: number;
  stopCode?: number;
  /** The trigger as the Program row states it, e.g. `Torque Max 3 A`. */
  threshold?: string;
  [key: string]: unknown;
}

/** A proposed point (depthEnd null) or range. Nothing here is a label until a person accepts it. */
export interface Proposal {
  classId: string;
  /** Positive mm, the catalog's convention (depth = −Position); range start for ranges. */
  depth: number;
  /** Range end (mm); null for points. */
  depthEnd: number | null;
  /** 0-based Datas sample the depth was read from (range start for ranges). */
  sampleIndex: number;
  /** Range end sample; null for points. */
  sampleIndexEnd: number | null;
  source: ProposalSource;
  /** Rule set and version, e.g. `stepcode@1`, `heuristic-torque-walkback@1`. */
  provenance: string;
  /** In [0, 1], from the trigger class (confidence.ts), never a fitted score. */
  confidence: number;
  reasons: string[];
  evidence: ProposalEvidence;
}

export type AttributeValue = number | boolean | string | null;

/** A proposed whole-file attribute (anomaly flags, DOMAIN §11.2). */
export interface AttributeProposal {
  classId: string;
  value: AttributeValue;
  source: ProposalSource;
  provenance: string;
  confidence: number;
  reasons: string[];
  evidence: ProposalEvidence;
}

export interface FileProposals {
  proposals: Proposal[];
  attributes: AttributeProposal[];
  /**
   * Class ids the engine had something for but the given schema lacks (or holds as another kind, or
   * whose value it cannot hold); their proposals were left out. Empty without a schema.
   */
  notInSchema: string[];
}
