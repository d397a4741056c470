/**
 * Label sheets over the catalog: export, preview, apply. Plain class (no Electron), shared by the handler
 * group (desktop app, web host) and `udw labels`.
 *
 * Apply reads the sheet again and plans inside one IMMEDIATE transaction, then writes every change through
 * `LabelStore.apply` (each one a logged, undoable edit, with its findings refreshed): either all of them
 * commit or, when one fails, none. What it applies is what the catalog looks like at that moment, not what
 * it looked like at preview time; `expectChanges` lets a caller refuse when the two differ.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../shared/api/errors';
import type { SheetApplyResult, SheetExport, SheetFormat, SheetPreview } from '../../../shared/api/sheets.contract';
import { listFileRows } from '../../catalog/fileRows';
import type { CatalogDb } from '../../db/openCatalog';
import type { LabelSchemaStore } from '../labelSchemaStore';
import type { LabelStore } from '../labelStore';
import { writeCsv } from './csvCodec';
import { exportFiles, unknownFileIds } from './exportFiles';
import { FileMatcher } from './fileMatcher';
import { labelsJson } from './labelsJson';
import { planSheet, type SheetPlan } from './planSheet';
import { readSheet, type ReadSheet } from './readSheet';
import { exportTable } from './sheetLayout';
import { writeXlsxTable } from './xlsxTable';

const MIME: Record<SheetFormat, string> = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const stamp = (iso: string): string => iso.replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');

export interface SheetApplyOutcome extends SheetApplyResult {
  /** The newest event seq of each changed file, for `labels.changed`. */
  changedFiles: Array<{ fileId: number; seq: number }>;
}

export class SheetService {
  public constructor(
    private readonly db: CatalogDb,
    private readonly schema: LabelSchemaStore,
    private readonly labels: LabelStore,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  public async exportSheet(format: SheetFormat, fileIds?: readonly number[]): Promise<SheetExport> {
    // One read transaction: files, labels and reviews of the same moment, even with another process writing.
    const { schema, files } = this.db.transaction(() => {
      const schema = this.schema.get();
      return { schema, files: exportFiles(this.db, this.labels, schema, fileIds) };
    })();
    if (fileIds) {
      const unknown = unknownFileIds(files, fileIds);
      if (unknown.length) throw new ApiError('not_found', `labels export: file${unknown.length === 1 ? '' : 's'} ${unknown.slice(0, 10).join(', ')} not in the catalog`);
    }
    const at = this.now();
    const base = { fileName: `udw-labels-${stamp(at)}.${format}`, format, mime: MIME[format], files: files.length, labels: files.reduce((n, f) => n + f.labels.length, 0) };
    if (format === 'json') return { ...base, text: labelsJson(schema, files, at), bytes: null };
    const table = exportTable(schema, files);
    if (format === 'csv') return { ...base, text: '\uFEFF' + writeCsv([table.header, ...table.rows]), bytes: null };
    return { ...base, text: null, bytes: await writeXlsxTable(table.header, table.rows) };
  }

  public async previewSheet(fileName: string, bytes: Uint8Array): Promise<SheetPreview> {
    const sheet = await readSheet(fileName, bytes);
    return this.db.transaction(() => this.plan(sheet, fileName).preview)();
  }

  public async applySheet(fileName: string, bytes: Uint8Array, annotator: string, expectChanges?: number): Promise<SheetApplyOutcome> {
    const sheet = await readSheet(fileName, bytes);
    return this.db.transaction((): SheetApplyOutcome => {
      const { preview, edits } = this.plan(sheet, fileName);
      if (expectChanges !== undefined && expectChanges !== preview.counts.changes) {
        throw new ApiError(
          'conflict',
          `${fileName}: the preview showed ${expectChanges} change${expectChanges === 1 ? '' : 's'}, the catalog now needs ${preview.counts.changes}; preview the sheet again before applying`,
          { preview },
        );
      }
      const applied: SheetApplyResult['applied'] = [];
      const changed = new Map<number, number>();
      for (const { change, edit } of edits) {
        let result;
        try {
          result = this.labels.apply(edit, annotator);
        } catch (err) {
          // Rolls the whole transaction back: the sheet applies completely or not at all.
          const why = err instanceof Error ? err.message : String(err);
          throw new ApiError(err instanceof ApiError ? err.code : 'failed', `${fileName}: row ${change.row} (${change.path}, ${change.classId}): ${why}; nothing was applied`);
        }
        applied.push({ ...change, labelId: result.label?.id ?? change.labelId ?? '', seq: result.seq });
        changed.set(change.fileId, result.seq);
      }
      return { preview, applied, files: changed.size, changedFiles: [...changed].map(([fileId, seq]) => ({ fileId, seq })) };
    }).immediate();
  }

  private plan(sheet: ReadSheet, fileName: string): SheetPlan {
    return planSheet(sheet, {
      fileName,
      schema: this.schema.get(),
      matcher: new FileMatcher(listFileRows(this.db, { includeMissing: true })),
      labelsOf: (fileId) => this.labels.list(fileId),
      labelById: (id) => this.labels.get(id),
      newId: () => randomUUID(),
    });
  }
}
