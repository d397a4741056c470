import { z } from 'zod';
import { ProgramStepView } from '../setitec/programStep';
import { event, request } from './define';

export const FileId = z.number().int().positive();

export const LabelStatus = z.enum(['unlabelled', 'in_progress', 'labelled', 'reviewed']);
export type LabelStatus = z.infer<typeof LabelStatus>;
export const Verdict = z.enum(['good', 'algorithm_error', 'labelling_error', 'hard_to_say']);
export type Verdict = z.infer<typeof Verdict>;

export const FindingCounts = z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() });

/** One row of the catalog table: everything the catalog view shows, nothing heavy. */
export const FileRow = z.object({
  id: FileId,
  path: z.string(),
  folder: z.string(),
  name: z.string(),
  size: z.number(),
  hash: z.string(),
  version: z.number().nullable(),
  date: z.string().nullable(),
  headName: z.string().nullable(),
  headTag: z.string().nullable(),
  globalCounter: z.number().nullable(),
  localCounter: z.number().nullable(),
  rowCount: z.number().int(),
  steps: z.array(z.number().int()),
  depthMin: z.number().nullable(),
  depthMax: z.number().nullable(),
  findings: FindingCounts,
  status: LabelStatus,
  verdict: Verdict.nullable(),
  labelCount: z.number().int(),
  missing: z.boolean(),
  duplicateOf: z.number().int().nullable(),
  parseError: z.string().nullable(),
  /** Uncertainty-first order (issue 13): the lowest confidence of the file's model proposals; null when the model has not proposed on it. */
  modelConfidence: z.number().nullable().optional(),
  /** The largest |depth difference| (mm) between a model proposal and a stop-code proposal of the same class; null when no class has both. */
  modelDisagreementMm: z.number().nullable().optional(),
});
export type FileRow = z.infer<typeof FileRow>;

export const Finding = z.object({
  ruleId: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  location: z.object({ section: z.string().optional(), line: z.number().optional(), column: z.string().optional() }),
});

// One definition of a program step for the parser, the catalog and this contract.
export { ProgramStepView };

/** A contiguous block of one program step in the signal, with its termination. */
export const StepSegment = z.object({
  step: z.number().int(),
  startIndex: z.number().int(),
  endIndex: z.number().int(),
  startDepth: z.number(),
  endDepth: z.number(),
  stopCode: z.number().int(),
  stopLabel: z.string(),
});
export type StepSegment = z.infer<typeof StepSegment>;

export const SignalColumnInfo = z.object({ key: z.string(), raw: z.string(), name: z.string(), unit: z.string(), length: z.number().int() });

export const MetaSectionView = z.object({
  name: z.string(),
  line: z.number().int(),
  fields: z.array(z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.boolean(), z.null()]) })),
});

export const FileDetail = z.object({
  file: FileRow,
  sections: z.array(MetaSectionView),
  program: z.array(ProgramStepView),
  segments: z.array(StepSegment),
  findings: z.array(Finding),
  columns: z.array(SignalColumnInfo),
  irregularities: z.array(z.object({ code: z.string(), message: z.string(), section: z.string().optional(), line: z.number().optional() })),
});
export type FileDetail = z.infer<typeof FileDetail>;

export const SignalColumnData = z.object({
  key: z.string(),
  raw: z.string(),
  name: z.string(),
  unit: z.string(),
  values: z.instanceof(Float64Array),
});
export const Signals = z.object({ fileId: FileId, columns: z.array(SignalColumnData) });
export type Signals = z.infer<typeof Signals>;

/** A column as the catalog stores it (scaled integers or constant where exact); decode with decodeColumn. */
export const PackedColumn = z.object({
  key: z.string(),
  raw: z.string(),
  name: z.string(),
  unit: z.string(),
  dtype: z.enum(['f64', 'f32', 'i8', 'i16', 'i32', 'const']),
  scaleExp: z.number().int().min(0).max(6),
  length: z.number().int().nonnegative(),
  data: z.instanceof(Uint8Array),
});
export const PackedSignals = z.object({ fileId: FileId, columns: z.array(PackedColumn) });
export type PackedSignals = z.infer<typeof PackedSignals>;

/**
 * The first frame of a file's plot before its columns are in the page: for each column asked, min/max per
 * pixel bucket over the whole signal against depth (the cut the downsampling worker makes for the full
 * view, src/shared/downsample.ts cutTrace), and its values at the file's step ends (the plot's stop-code
 * markers) and at any other sample indices asked.
 */
export const SignalOverview = z.object({
  fileId: FileId,
  /** Samples per column. */
  length: z.number().int().nonnegative(),
  /** Smallest and largest finite depth (−Position), [0, 0] when there is none. */
  depthExtent: z.tuple([z.number(), z.number()]),
  buckets: z.number().int().positive(),
  /** The sample indices of each trace's `points`: the step ends, then the others asked. */
  pointIndices: z.array(z.number().int()),
  /** In the order asked; columns the file lacks are left out. */
  traces: z.array(z.object({ key: z.string(), x: z.instanceof(Float64Array), y: z.instanceof(Float64Array), points: z.instanceof(Float64Array) })),
});
export type SignalOverview = z.infer<typeof SignalOverview>;

export const ImportProgress = z.object({
  jobId: z.string(),
  phase: z.enum(['scanning', 'importing', 'finishing', 'done', 'cancelled', 'failed']),
  done: z.number().int(),
  total: z.number().int(),
  current: z.string().nullable(),
  errors: z.number().int(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const ImportSummary = z.object({
  jobId: z.string(),
  files: z.number().int(),
  imported: z.number().int(),
  skipped: z.number().int(),
  moved: z.number().int(),
  missing: z.number().int(),
  failed: z.number().int(),
  cancelled: z.boolean(),
  findings: FindingCounts,
  errors: z.array(z.object({ path: z.string(), line: z.number().int(), message: z.string() })),
  seconds: z.number(),
  /** Main-thread time by phase (ms), for benchmarks: scan + plan, catalog writes, derived data. */
  timings: z.object({ scanMs: z.number(), writeMs: z.number(), deriveMs: z.number() }).optional(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const catalogContract = {
  'catalog.import': request(
    'Import (incrementally) every Setitec file under the given folders; resolves when the job ends',
    z.object({ dirs: z.array(z.string().min(1)).min(1), jobId: z.string().min(1).max(64).optional() }).strict(),
    ImportSummary,
  ),
  'catalog.cancelImport': request('Cancel a running import', z.object({ jobId: z.string() }).strict(), z.object({ cancelled: z.boolean() })),
  'catalog.listFiles': request('Every file of the catalog', z.object({ includeMissing: z.boolean().optional() }).strict(), z.array(FileRow)),
  'catalog.getFile': request('One file: metadata, program, step segments, findings', z.object({ id: FileId }).strict(), FileDetail),
  'catalog.getSignals': request('The signal columns of one file as typed arrays', z.object({ id: FileId }).strict(), Signals),
  'catalog.getSignalsPacked': request(
    'The signal columns of one file in the compact stored form (about a quarter of the bytes), for the plot',
    // `keys`: only these columns (in stored order; keys the file lacks are skipped): the plot asks for the
    // ones it draws first, so a long signal's first frame waits for a third of its bytes.
    z.object({ id: FileId, keys: z.array(z.string().min(1).max(64)).max(64).optional() }).strict(),
    PackedSignals,
  ),
  'catalog.getSignalOverview': request(
    "A long signal's first frame, decimated in the back end from the stored columns, while its columns are still on their way",
    z
      .object({
        id: FileId,
        keys: z.array(z.string().min(1).max(64)).min(1).max(16),
        // The plot's bucket count (two pixel columns each): a window of the full view asks ~100–2,000.
        buckets: z.number().int().min(1).max(8192),
        pointIndices: z.array(z.number().int().nonnegative()).max(4096).optional(),
      })
      .strict(),
    SignalOverview,
  ),
  'catalog.importProgress': event('Progress of a running import', ImportProgress),
} as const;
