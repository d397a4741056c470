/**
 * The Training view's two forms as plain data: what the user typed (strings, so a half-typed number is not
 * lost) → the contract's DatasetOptions / TrainParams, checked with the contract's own zod schemas. An
 * empty field means "the default" (the snapshot builder's or python-bridge's) and is left out of the request.
 * Every error names the field and what it expects.
 */
import type { z } from 'zod';
import { DatasetOptions, TrainParams } from '../../../shared/api/training.contract';
import { DEFAULT_GROUP_BY, DEFAULT_SOURCES, type DatasetSource } from '../../../shared/training/manifest';

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export interface Parsed<T, K extends string> {
  value: T | null;
  errors: FieldErrors<K>;
}

export type GroupKind = 'head' | 'folder' | 'counter-block' | 'attribute';

export interface SnapshotForm {
  sources: DatasetSource[];
  groupKind: GroupKind;
  /** N of counter-block:N, or the class id of attribute:<classId>. */
  groupArg: string;
  valFraction: string;
  valOrder: 'random' | 'latest';
  /** Empty: no k-fold. */
  folds: string;
  seed: string;
}

export type SnapshotField = keyof SnapshotForm;

function groupDefaults(): Pick<SnapshotForm, 'groupKind' | 'groupArg'> {
  const [kind, arg] = DEFAULT_GROUP_BY.split(':') as [GroupKind, string | undefined];
  return { groupKind: kind, groupArg: arg ?? '' };
}

export const INITIAL_SNAPSHOT_FORM: SnapshotForm = {
  sources: [...DEFAULT_SOURCES],
  ...groupDefaults(),
  valFraction: '0.2',
  valOrder: 'random',
  folds: '',
  seed: '0',
};

export function groupByOf(f: Pick<SnapshotForm, 'groupKind' | 'groupArg'>): string {
  return f.groupKind === 'head' || f.groupKind === 'folder' ? f.groupKind : `${f.groupKind}:${f.groupArg.trim()}`;
}

type NumberKind = 'integer' | 'number';

/** '' → undefined; a number → the number; anything else → an error text. */
function numberField(text: string, kind: NumberKind, label: string): number | undefined | { error: string } {
  const t = text.trim();
  if (t === '') return undefined;
  const v = Number(t);
  if (!Number.isFinite(v)) return { error: `${label}: "${t}" is not a number` };
  if (kind === 'integer' && !Number.isInteger(v)) return { error: `${label}: expected a whole number, got ${t}` };
  return v;
}

function collect<K extends string>(fields: [K, string, NumberKind, string][], errors: FieldErrors<K>): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const [key, text, kind, label] of fields) {
    const v = numberField(text, kind, label);
    if (typeof v === 'object') errors[key] = v.error;
    else if (v !== undefined) out[key] = v;
  }
  return out;
}

/** The schema's complaints, each under the field it is about, prefixed with that field's label. */
function schemaErrors<K extends string>(issues: z.core.$ZodIssue[], fieldOf: (path: PropertyKey) => K | null, labels: Record<K, string>, errors: FieldErrors<K>): void {
  for (const issue of issues) {
    const field = fieldOf(issue.path[0] ?? '');
    if (field && !errors[field]) errors[field] = `${labels[field]}: ${issue.message}`;
  }
}

const SNAPSHOT_LABELS: Record<SnapshotField, string> = {
  sources: 'Label sources',
  groupKind: 'Group by',
  groupArg: 'Group by',
  valFraction: 'Validation fraction',
  valOrder: 'Validation order',
  folds: 'Folds',
  seed: 'Seed',
};

export function snapshotOptionsFromForm(f: SnapshotForm): Parsed<DatasetOptions, SnapshotField> {
  const errors: FieldErrors<SnapshotField> = {};
  if (f.sources.length === 0) errors.sources = 'Label sources: choose at least one';
  if ((f.groupKind === 'counter-block' || f.groupKind === 'attribute') && f.groupArg.trim() === '')
    errors.groupArg = f.groupKind === 'counter-block' ? 'Group by: the block size (holes per group) is missing' : 'Group by: the attribute class id is missing';
  const nums = collect<SnapshotField>(
    [
      ['valFraction', f.valFraction, 'number', SNAPSHOT_LABELS.valFraction],
      ['folds', f.folds, 'integer', SNAPSHOT_LABELS.folds],
      ['seed', f.seed, 'integer', SNAPSHOT_LABELS.seed],
    ],
    errors,
  );
  const candidate: DatasetOptions = {
    sources: f.sources,
    groupBy: groupByOf(f),
    valOrder: f.valOrder,
    ...(nums.valFraction !== undefined ? { valFraction: nums.valFraction } : {}),
    ...(nums.folds !== undefined ? { folds: nums.folds } : {}),
    ...(nums.seed !== undefined ? { seed: nums.seed } : {}),
  };
  const checked = DatasetOptions.safeParse(candidate);
  if (!checked.success) {
    const fieldOf = (p: PropertyKey): SnapshotField | null =>
      p === 'groupBy' ? 'groupArg' : p in SNAPSHOT_LABELS ? (p as SnapshotField) : null;
    schemaErrors(checked.error.issues, fieldOf, SNAPSHOT_LABELS, errors);
  }
  return Object.keys(errors).length > 0 ? { value: null, errors } : { value: candidate, errors };
}

export interface ParamsForm {
  epochs: string;
  batchSize: string;
  lr: string;
  device: 'auto' | 'cpu' | 'cuda' | 'mps';
  seed: string;
  patience: string;
  nproc: string;
}

export type ParamsField = keyof ParamsForm;

/** Empty numbers: python-bridge's defaults (tuned for the real corpus). */
export const INITIAL_PARAMS_FORM: ParamsForm = { epochs: '', batchSize: '', lr: '', device: 'auto', seed: '', patience: '', nproc: '1' };

const PARAMS_LABELS: Record<ParamsField, string> = {
  epochs: 'Epochs',
  batchSize: 'Batch size',
  lr: 'Learning rate',
  device: 'Device',
  seed: 'Seed',
  patience: 'Patience',
  nproc: 'Worker processes',
};

export function trainParamsFromForm(f: ParamsForm): Parsed<TrainParams, ParamsField> {
  const errors: FieldErrors<ParamsField> = {};
  const nums = collect<ParamsField>(
    [
      ['epochs', f.epochs, 'integer', PARAMS_LABELS.epochs],
      ['batchSize', f.batchSize, 'integer', PARAMS_LABELS.batchSize],
      ['lr', f.lr, 'number', PARAMS_LABELS.lr],
      ['seed', f.seed, 'integer', PARAMS_LABELS.seed],
      ['patience', f.patience, 'integer', PARAMS_LABELS.patience],
      ['nproc', f.nproc, 'integer', PARAMS_LABELS.nproc],
    ],
    errors,
  );
  const candidate: TrainParams = { ...nums, device: f.device };
  const checked = TrainParams.safeParse(candidate);
  if (!checked.success) schemaErrors(checked.error.issues, (p) => (p in PARAMS_LABELS ? (p as ParamsField) : null), PARAMS_LABELS, errors);
  return Object.keys(errors).length > 0 ? { value: null, errors } : { value: candidate, errors };
}
