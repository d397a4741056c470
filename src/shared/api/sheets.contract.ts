/**
 * Label sheets in and out (issue 10): export a catalog's labels as JSON, CSV or .xlsx, and import a sheet
 * that maps files (by path, name, or head + global counter) to attribute values, after a preview of what it
 * would change. The preview and the apply read the same sheet the same way; apply recomputes the changes
 * rather than trusting a list sent back by the client.
 */
import { z } from 'zod';
import { FileId } from './catalog.contract';
import { request } from './define';
import { AttributeValue } from './labels.contract';

export const SheetFormat = z.enum(['json', 'csv', 'xlsx']);
export type SheetFormat = z.infer<typeof SheetFormat>;

/**
 * The largest sheet accepted. The loopback host carries bytes as base64 (4/3 of their size) in a body of at
 * most 8 MiB, so 4 MiB fits with room to spare; a sheet of every file of a large corpus is well under 1 MiB.
 */
export const MAX_SHEET_BYTES = 4 * 1024 * 1024;
/** File ids one export may name: more than any catalog this app is built for, few enough to check quickly. */
export const MAX_EXPORT_FILE_IDS = 100_000;

const SheetFileName = z.string().min(1, 'a file name such as thickness.csv').max(255);
const SheetBytes = z
  .instanceof(Uint8Array, { message: 'the file contents as bytes (Uint8Array)' })
  .refine((b) => b.byteLength > 0, 'a non-empty file')
  .refine((b) => b.byteLength <= MAX_SHEET_BYTES, `a sheet of at most ${MAX_SHEET_BYTES} bytes (4 MiB)`);

export const SheetInput = z.object({ fileName: SheetFileName, bytes: SheetBytes }).strict();

/** Where a label is along the depth axis and what it holds: enough to show a change as before → after. */
export const SheetLabelValues = z.object({ depth: z.number().nullable(), depthEnd: z.number().nullable(), value: AttributeValue });

/** One edit the sheet would make (preview) or made (apply). */
export const SheetChange = z.object({
  /** The sheet's row number (CSV/.xlsx, header = 1) or the 1-based entry of `files` (JSON). */
  row: z.number().int().positive(),
  fileId: FileId,
  path: z.string(),
  classId: z.string(),
  kind: z.enum(['point', 'range', 'attribute']),
  op: z.enum(['create', 'update']),
  /** The label changed; for a create, the id it will get when that id is known before applying (a JSON label's own), else null. */
  labelId: z.string().nullable(),
  before: SheetLabelValues.nullable(),
  after: SheetLabelValues,
});
export type SheetChange = z.infer<typeof SheetChange>;

/** How a column header was read. */
export const SheetColumn = z.object({
  /** Spreadsheet letter (A, B, … AA) of the column. */
  column: z.string(),
  header: z.string(),
  /**
   * key: identifies the file (path, name, head, global counter); attribute: values of an attribute class;
   * export: written by `labels.exportSheet` and not read back (key points, grip code, status…);
   * unknown: matches nothing (reported as a problem); repeated: a second column for a key or class already read.
   */
  role: z.enum(['key', 'attribute', 'export', 'unknown', 'repeated']),
  classId: z.string().nullable(),
  note: z.string().nullable(),
});

export const SheetMatchedRow = z.object({
  row: z.number().int().positive(),
  fileId: FileId,
  path: z.string(),
  matchedBy: z.enum(['path', 'name', 'head+counter', 'name+head+counter']),
});

export const SheetUnmatchedRow = z.object({ row: z.number().int().positive(), key: z.string(), message: z.string() });

export const SheetAmbiguousRow = z.object({
  row: z.number().int().positive(),
  key: z.string(),
  candidates: z.array(z.object({ fileId: FileId, path: z.string() })),
  message: z.string(),
});

/** Several rows naming the same file: none of them is applied, since the sheet does not say which holds. */
export const SheetDuplicate = z.object({ fileId: FileId, path: z.string(), rows: z.array(z.number().int().positive()), message: z.string() });

/** Something in the sheet that cannot be applied: a value of the wrong type, an unknown column or class… */
export const SheetProblem = z.object({
  row: z.number().int().positive().nullable(),
  column: z.string().nullable(),
  classId: z.string().nullable(),
  message: z.string(),
});

export const SheetCounts = z.object({
  /** Data rows (CSV/.xlsx, blank rows not counted) or entries of `files` (JSON). */
  rows: z.number().int().nonnegative(),
  matched: z.number().int().nonnegative(),
  unmatched: z.number().int().nonnegative(),
  ambiguous: z.number().int().nonnegative(),
  /** Rows naming a file another row names too. */
  duplicate: z.number().int().nonnegative(),
  changes: z.number().int().nonnegative(),
  /** Values the catalog already holds. */
  unchanged: z.number().int().nonnegative(),
  /** Blank cells of attribute columns in matched rows (a blank changes nothing). */
  blank: z.number().int().nonnegative(),
  problems: z.number().int().nonnegative(),
});

export const SheetPreview = z.object({
  fileName: z.string(),
  format: SheetFormat,
  /** The worksheet read (.xlsx); null for CSV and JSON. */
  sheetName: z.string().nullable(),
  columns: z.array(SheetColumn),
  matched: z.array(SheetMatchedRow),
  unmatched: z.array(SheetUnmatchedRow),
  ambiguous: z.array(SheetAmbiguousRow),
  duplicates: z.array(SheetDuplicate),
  problems: z.array(SheetProblem),
  changes: z.array(SheetChange),
  counts: SheetCounts,
});
export type SheetPreview = z.infer<typeof SheetPreview>;

export const SheetApplyResult = z.object({
  /** The preview the apply acted on (recomputed at apply time). */
  preview: SheetPreview,
  /** The changes made, each one `labels.apply` edit with its event seq (undo: the inverse edit). */
  applied: z.array(SheetChange.extend({ labelId: z.string(), seq: z.number().int().positive() })),
  /** Files whose labels changed. */
  files: z.number().int().nonnegative(),
});
export type SheetApplyResult = z.infer<typeof SheetApplyResult>;

export const SheetExport = z.object({
  /** A suggested name, e.g. udw-labels-20250101-120000.csv. */
  fileName: z.string(),
  format: SheetFormat,
  mime: z.string(),
  /** JSON and CSV come as text (CSV with a UTF-8 byte-order mark, so Excel reads it as UTF-8)… */
  text: z.string().nullable(),
  /** …a workbook as bytes. */
  bytes: z.instanceof(Uint8Array).nullable(),
  files: z.number().int().nonnegative(),
  labels: z.number().int().nonnegative(),
});
export type SheetExport = z.infer<typeof SheetExport>;

export const sheetsContract = {
  'labels.exportSheet': request(
    'Export the confirmed labels of the catalog (or of the given files) as JSON, CSV or .xlsx, one row per file',
    z.object({ format: SheetFormat, fileIds: z.array(FileId).min(1).max(MAX_EXPORT_FILE_IDS).optional() }).strict(),
    SheetExport,
  ),
  'labels.previewSheet': request(
    'Read a label sheet (.csv, .xlsx or an exported .json) and say what applying it would change; changes nothing',
    SheetInput,
    SheetPreview,
  ),
  'labels.applySheet': request(
    'Apply a label sheet: each change is one durable, logged, undoable label edit; all of them or none',
    SheetInput.extend({
      /** The number of changes the preview showed: when the sheet would now make a different number, nothing is applied. */
      expectChanges: z.number().int().nonnegative().optional(),
    }).strict(),
    SheetApplyResult,
  ),
} as const;
