/**
 * A read sheet against the catalog: which rows find their file, which values would change what, and
 * everything that cannot be applied, each with its row (and column) and what was expected.
 */
import path from 'node:path';
import type { LabelSchema } from '../../../shared/api/labels.contract';
import type { SheetPreview } from '../../../shared/api/sheets.contract';
import { attributeCell } from './attributeCell';
import type { FileMatcher, RowKeys } from './fileMatcher';
import type { JsonFile } from './labelsJson';
import { matchRows, type RowEntry, type RowMatches } from './matchRows';
import { PlanBuilder, type PlanSources, type PlannedEdit } from './planEdits';
import type { ReadSheet } from './readSheet';
import { mapHeaders } from './sheetHeaders';
import { cellAsText, columnLetter, isBlank, type SheetCell, type SheetTable } from './sheetTable';

export interface SheetPlan {
  preview: SheetPreview;
  edits: PlannedEdit[];
}

export interface PlanInput extends PlanSources {
  fileName: string;
  schema: LabelSchema;
  matcher: FileMatcher;
}

/** What a label made from a sheet cell says about where it came from (the sheet's file name). */
export function sheetProvenance(fileName: string): string {
  return `sheet:${path.basename(fileName)}`.slice(0, 200);
}

export function planSheet(sheet: ReadSheet, input: PlanInput): SheetPlan {
  return sheet.format === 'json' ? planJson(sheet.files, input) : planTable(sheet.table, input);
}

function counterOf(cell: SheetCell | undefined): { value?: number; problem?: string } {
  if (cell === undefined || isBlank(cell)) return {};
  const n = typeof cell === 'number' ? cell : /^\s*\d+(\.0*)?\s*$/.test(String(cell)) ? Number(String(cell)) : NaN;
  return Number.isInteger(n) && n >= 0 ? { value: n } : { problem: `global_counter: expected a whole number, found '${cellAsText(cell)}'` };
}

function planTable(table: SheetTable, input: PlanInput): SheetPlan {
  const headers = mapHeaders(table.header, table.rows, input.schema, input.fileName);
  const text = (cells: SheetCell[], i: number | undefined): string | undefined => {
    const t = i === undefined ? '' : cellAsText(cells[i]).trim();
    return t === '' ? undefined : t;
  };
  const entries = table.rows.map((r): RowEntry & { cells: SheetCell[] } => {
    const counter = counterOf(headers.keys.globalCounter === undefined ? undefined : r.cells[headers.keys.globalCounter]);
    const keys: RowKeys = { path: text(r.cells, headers.keys.path), name: text(r.cells, headers.keys.name), head: text(r.cells, headers.keys.head), globalCounter: counter.value };
    return { row: r.row, keys, keyProblem: counter.problem ?? null, cells: r.cells };
  });
  const matches = matchRows(entries, input.matcher, 'row');
  const plan = new PlanBuilder(input);
  for (const p of headers.problems) plan.problem(table.header.row, p.column, p.classId, `row ${table.header.row}, ${p.message}`);
  const provenance = sheetProvenance(input.fileName);
  let blank = 0;
  for (const { entry, file } of matches.matched) {
    for (const [i, cls] of headers.attributes) {
      const column = columnLetter(i);
      const where = `row ${entry.row}, column ${column} (${cls.id})`;
      const cell = attributeCell(entry.cells[i], cls);
      if (cell.kind === 'blank') blank++;
      else if (cell.kind === 'wrong') plan.problem(entry.row, column, cls.id, `${where}: expected ${cell.expected}, found ${cell.found}`);
      else plan.attribute({ row: entry.row, fileId: file.id, path: file.path, where, column }, cls, cell.value, { source: 'human', confidence: null, provenance, exact: false });
    }
  }
  return finish(input, table.format, table.sheetName, headers.columns, entries.length, matches, plan, blank);
}

function planJson(files: readonly JsonFile[], input: PlanInput): SheetPlan {
  const entries = files.map((f, i): RowEntry & { file: JsonFile } => ({
    row: i + 1,
    keys: { path: f.path ?? undefined, name: f.name ?? undefined, head: f.head ?? undefined, globalCounter: f.globalCounter ?? undefined },
    keyProblem: null,
    file: f,
  }));
  const matches = matchRows(entries, input.matcher, 'entry');
  const plan = new PlanBuilder(input);
  const classes = new Map(input.schema.classes.map((c) => [c.id, c]));
  const known = input.schema.classes.map((c) => c.id).join(', ');
  let blank = 0;
  for (const { entry, file } of matches.matched) {
    const seen = new Set<string>();
    entry.file.labels.forEach((jl, j) => {
      const where = `entry ${entry.row} (files[${entry.row - 1}].labels[${j}], ${jl.classId})`;
      const cls = classes.get(jl.classId);
      if (!cls) return plan.problem(entry.row, null, jl.classId, `${where}: class '${jl.classId}' is not in the label schema (known: ${known}); not imported`);
      if (jl.state !== undefined && jl.state !== 'confirmed') {
        return plan.problem(entry.row, null, cls.id, `${where}: expected a confirmed label, found state '${jl.state}'; proposals are not imported`);
      }
      if (jl.id !== undefined) {
        if (seen.has(jl.id)) return plan.problem(entry.row, null, cls.id, `${where}: label id '${jl.id}' appears twice in this entry; only the first is imported`);
        seen.add(jl.id);
      }
      const target = { row: entry.row, fileId: file.id, path: file.path, where };
      if (cls.kind !== 'attribute') return plan.positioned(target, cls, jl);
      if (jl.value === null) {
        blank++;
        return;
      }
      plan.attribute({ ...target, column: null }, cls, jl.value, {
        id: jl.id,
        source: jl.source ?? 'human',
        confidence: jl.confidence ?? null,
        provenance: jl.provenance ?? null,
        details: jl.details,
        origin: jl.origin,
        exact: true,
      });
    });
  }
  return finish(input, 'json', null, [], entries.length, matches, plan, blank);
}

function finish<E extends RowEntry>(
  input: PlanInput,
  format: SheetPreview['format'],
  sheetName: string | null,
  columns: SheetPreview['columns'],
  rows: number,
  m: RowMatches<E>,
  plan: PlanBuilder,
  blank: number,
): SheetPlan {
  const changes = plan.edits.map((e) => e.change);
  return {
    edits: plan.edits,
    preview: {
      fileName: input.fileName,
      format,
      sheetName,
      columns,
      matched: m.matchedRows,
      unmatched: m.unmatched,
      ambiguous: m.ambiguous,
      duplicates: m.duplicates,
      problems: plan.problems,
      changes,
      counts: {
        rows,
        matched: m.matchedRows.length,
        unmatched: m.unmatched.length,
        ambiguous: m.ambiguous.length,
        duplicate: m.duplicateRows,
        changes: changes.length,
        unchanged: plan.unchanged,
        blank,
        problems: plan.problems.length,
      },
    },
  };
}
