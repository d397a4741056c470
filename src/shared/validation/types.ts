/**
 * Domain validation (DOMAIN §14): data-driven rules over a parsed Setitec file, the catalog and labels.
 * Errors exclude a file from training, never from the catalog. Pure TypeScript.
 */
import type { SetitecFile } from '../setitec/types';
import type { DepthRange, StepSegment } from '../setitec/segments';
import type { ParsedFileName } from './fileName';

export type Severity = 'error' | 'warning' | 'info';

export type RuleGroup =
  | 'file'
  | 'schema'
  | 'position'
  | 'sampling'
  | 'steps'
  | 'calibration'
  | 'signals'
  | 'results'
  | 'identity'
  | 'labels';

/** Where a finding points: a section, a 1-based file line, a column (raw name) and/or a Datas sample. */
export interface FindingLocation {
  section?: string;
  line?: number;
  column?: string;
  /** 0-based `Datas` sample index. */
  sample?: number;
  /** Program step number the finding is about. */
  step?: number;
}

export interface Finding {
  /** `V01` … `V39`: the row number of the DOMAIN §14 table. */
  ruleId: string;
  severity: Severity;
  message: string;
  location: FindingLocation;
}

/** A rule's documentation: what the docs page and the UI list. */
export interface RuleInfo {
  id: string;
  /** Stable descriptive key, e.g. `datas.required-columns`. */
  slug: string;
  group: RuleGroup;
  severity: Severity;
  title: string;
  /** Threshold or rule text, as in DOMAIN §14. */
  threshold?: string;
  /** Where the rule runs: on one parsed file, over the catalog, or on a label. */
  scope: 'file' | 'catalog' | 'label';
}

/** Everything a file-level rule may look at, computed once per file. */
export interface ValidationContext {
  file: SetitecFile;
  segments: StepSegment[];
  columns: {
    position: Float64Array | null;
    torque: Float64Array | null;
    thrust: Float64Array | null;
    torqueEmpty: Float64Array | null;
    thrustEmpty: Float64Array | null;
    step: Float64Array | null;
    stopCode: Float64Array | null;
  };
  depth: DepthRange | null;
  fileName: ParsedFileName | null;
  /** Reference time for "date in the future". */
  now: Date;
}

export interface FileRule extends RuleInfo {
  scope: 'file';
  check(ctx: ValidationContext): Finding[];
}

/** How catalog checks name a file: a catalog id (number) or a path-like string. */
export type FileId = string | number;

/** A catalog-level finding (V34, V35): which file it is about and which files it relates to. */
export interface CatalogFinding extends Finding {
  fileId: FileId;
  relatedIds: FileId[];
}
