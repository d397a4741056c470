/**
 * A dataset snapshot: a self-describing folder that python-bridge reads with numpy alone.
 *
 *   DIR/manifest.json          this schema
 *   DIR/signals/<key>.npy      float32, shape (channels, length): the file's channels on a uniform depth grid
 *   DIR/labels.npy             float64, shape (files, classes): keypoint depth in mm, NaN where a file has none
 *
 * Depth grid of a file: depth[i] = depthStartMm + i · resampling.stepMm, i = 0 … length − 1, covering the
 * drilling stroke (position's running maximum, so the retract at the end and dwell jitter are not re-sampled).
 * `files[i]` is row i of labels.npy; `classes[j]` is its column j.
 *
 * The snapshot id is the SHA-256 of the canonical JSON of everything except `snapshotId` and `created`,
 * whose file list carries each signal file's SHA-256: same catalog data + same selection + same options =
 * same id, whenever and wherever it is built.
 */
import { z } from 'zod';

export const MANIFEST_SCHEMA_VERSION = 1;

/** Channels a snapshot can hold. Never the step number, the stop code or anything derived from them. */
export const DatasetChannel = z.enum(['torque_net', 'thrust_net', 'torque', 'thrust', 'torque_power', 'rotation_speed', 'feed_speed']);
export type DatasetChannel = z.infer<typeof DatasetChannel>;
export const DEFAULT_CHANNELS: DatasetChannel[] = ['torque_net', 'thrust_net'];

/** Sources of confirmed labels a snapshot may count. 'stepcode'/'heuristic'/'model': proposals a human accepted. */
export const DatasetSource = z.enum(['human', 'stepcode', 'heuristic', 'model']);
export type DatasetSource = z.infer<typeof DatasetSource>;
export const DEFAULT_SOURCES: DatasetSource[] = ['human', 'stepcode', 'heuristic'];

export const DEFAULT_CLASSES = ['entry', 'cfrp_ti_transition', 'exit'];
export const DEFAULT_STEP_MM = 0.02;

/**
 * How files are grouped so near-identical holes never straddle train and validation:
 * head (head tag, else head name); folder (the file's folder = series); counter-block:N (the head's global
 * counter in blocks of N holes); attribute:<classId> (a file attribute label's value, e.g. an aircraft/MSN).
 */
export const GroupBy = z.string().regex(/^(head|folder|counter-block:[1-9]\d{0,5}|attribute:[A-Za-z0-9_.-]{1,64})$/, 'head, folder, counter-block:N or attribute:<classId>');
export const DEFAULT_GROUP_BY = 'counter-block:10';

/** random: groups shuffled with the seed; latest: the groups with the highest global counters go to validation (later holes than any seen in training). */
export const ValOrder = z.enum(['random', 'latest']);

export const SplitName = z.enum(['train', 'val']);

export const ManifestFile = z.object({
  /** Names the signal file and is stable for the same content: the first 16 hex digits of the file's hash. */
  key: z.string().regex(/^[0-9a-f]{16}$/),
  fileId: z.number().int().positive(),
  path: z.string(),
  name: z.string(),
  /** SHA-256 of the Setitec file the signals came from. */
  sourceHash: z.string(),
  head: z.string().nullable(),
  globalCounter: z.number().int().nullable(),
  group: z.string(),
  split: SplitName,
  /** Validation fold of k-fold (0 … folds − 1); null without k-fold. */
  fold: z.number().int().nonnegative().nullable(),
  length: z.number().int().positive(),
  depthStartMm: z.number(),
  signal: z.string(),
  /** SHA-256 of the .npy file. */
  signalSha256: z.string(),
  /** The keypoint depths (mm) of this file, by class; absent classes are not listed. */
  labels: z.record(z.string(), z.number()),
  /** Classes this file had more than one confirmed label of (the most recently updated one is used), with how many. */
  multipleLabels: z.record(z.string(), z.number().int()).optional(),
});
export type ManifestFile = z.infer<typeof ManifestFile>;

export const Manifest = z.object({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  snapshotId: z.string().regex(/^[0-9a-f]{64}$/),
  created: z.object({ at: z.string(), by: z.string(), app: z.string(), catalog: z.string() }),
  channels: z.array(DatasetChannel).min(1),
  resampling: z.object({ kind: z.literal('depth'), stepMm: z.number().positive() }),
  /** Per-channel mean and standard deviation over the training split (what a model normalises with). */
  normalisation: z.object({ mean: z.array(z.number()), std: z.array(z.number()) }),
  classes: z.array(z.string()).min(1),
  selection: z.object({
    sources: z.array(DatasetSource).min(1),
    /** A file is included only with at least this many of the classes labelled. */
    minClasses: z.number().int().positive(),
    folder: z.string().nullable(),
  }),
  split: z.object({ groupBy: GroupBy, valFraction: z.number().min(0).max(0.9), valOrder: ValOrder, folds: z.number().int().min(2).nullable(), seed: z.number().int() }),
  /** SHA-256 over the sorted (file hash, class, depth, source) label rows the snapshot used. */
  labelSetHash: z.string(),
  arrays: z.object({ labels: z.literal('labels.npy') }),
  files: z.array(ManifestFile),
  /** Left out, and why: exact duplicates (same data hash as a kept file), no labels of the chosen classes, no usable signal. */
  excluded: z.array(z.object({ path: z.string(), reason: z.enum(['duplicate', 'no_labels', 'no_signal', 'parse_error']), detail: z.string() })),
  counts: z.object({ files: z.number().int(), train: z.number().int(), val: z.number().int(), groups: z.number().int(), labels: z.record(z.string(), z.number().int()) }),
});
export type Manifest = z.infer<typeof Manifest>;
