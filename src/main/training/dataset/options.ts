/** A snapshot's settings: the request's options (training.contract.ts DatasetOptions) with the defaults filled in. */
import type { DatasetOptions } from '../../../shared/api/training.contract';
import { DEFAULT_CHANNELS, DEFAULT_CLASSES, DEFAULT_GROUP_BY, DEFAULT_SOURCES, DEFAULT_STEP_MM, type DatasetChannel, type DatasetSource } from '../../../shared/training/manifest';

export const DEFAULT_VAL_FRACTION = 0.2;
export const DEFAULT_SEED = 0;
export const DEFAULT_MIN_CLASSES = 1;

/**
 * A bad option value, by option (DatasetOptions' name, e.g. `classes`): the CLI names its flag with it
 * (`--classes`, exit 2), the API answers invalid_payload.
 */
export class DatasetOptionError extends Error {
  public constructor(
    public readonly option: keyof DatasetOptions,
    public readonly problem: string,
  ) {
    super(`${option}: ${problem}`);
    this.name = 'DatasetOptionError';
  }
}

export interface SnapshotSettings {
  sources: DatasetSource[];
  classes: string[];
  channels: DatasetChannel[];
  groupBy: string;
  valFraction: number;
  valOrder: 'random' | 'latest';
  folds: number | null;
  seed: number;
  stepMm: number;
  minClasses: number;
  folder: string | null;
}

function unique<T>(items: readonly T[], option: keyof DatasetOptions): T[] {
  const seen = new Set<T>();
  for (const i of items) {
    if (seen.has(i)) throw new DatasetOptionError(option, `'${String(i)}' is listed twice`);
    seen.add(i);
  }
  return [...items];
}

/**
 * Defaults filled in. Sources are sorted (their order means nothing, and the snapshot id must not depend on
 * it); classes and channels keep the order given, which is the column / channel order of the arrays.
 */
export function settingsOf(o: DatasetOptions): SnapshotSettings {
  const classes = unique(o.classes ?? DEFAULT_CLASSES, 'classes');
  const minClasses = o.minClasses ?? DEFAULT_MIN_CLASSES;
  if (minClasses > classes.length) throw new DatasetOptionError('minClasses', `${minClasses}: expected at most the number of classes (${classes.length}: ${classes.join(', ')})`);
  return {
    sources: unique(o.sources ?? DEFAULT_SOURCES, 'sources').sort(),
    classes,
    channels: unique(o.channels ?? DEFAULT_CHANNELS, 'channels'),
    groupBy: o.groupBy ?? DEFAULT_GROUP_BY,
    valFraction: o.valFraction ?? DEFAULT_VAL_FRACTION,
    valOrder: o.valOrder ?? 'random',
    folds: o.folds ?? null,
    seed: o.seed ?? DEFAULT_SEED,
    stepMm: o.stepMm ?? DEFAULT_STEP_MM,
    minClasses,
    folder: o.folder ?? null,
  };
}
