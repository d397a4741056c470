/**
 * The columns of an exported sheet (CSV and .xlsx), one row per file. The same layout tells the importer
 * which headers it wrote itself, so an exported sheet reads back without "unknown column" noise:
 *
 *   path, name, head, global_counter           which file (the importer matches on these)
 *   status, verdict, grip_code                 the file's review and the grip code of its key points
 *   <point>_mm                                 depth of each key point (mm)
 *   <range>_start_mm, <range>_end_mm           ends of each range (mm)
 *   <attribute>                                the attribute's value (the importer reads these back)
 *   <class>_source, <class>_provenance         who made each label: human, stepcode…, and the rule set
 *
 * A file with several labels of one class (two Air ranges) gets them in one cell, `; ` between them, in
 * depth order. Everything but the attribute values is informative: key points and ranges travel in JSON.
 */
import type { Label, LabelClass, LabelSchema } from '../../../shared/api/labels.contract';
import type { ExportFile } from './exportFiles';
import type { SheetCell } from './sheetTable';

export type KeyName = 'path' | 'name' | 'head' | 'globalCounter';

export interface LayoutColumn {
  header: string;
  /** key: identifies the file; attribute: read back on import; export: written for people, not read back. */
  role: 'key' | 'attribute' | 'export';
  key: KeyName | null;
  classId: string | null;
  cell(file: ExportFile): SheetCell;
}

export const KEY_HEADERS: Record<KeyName, string> = { path: 'path', name: 'name', head: 'head', globalCounter: 'global_counter' };

const JOIN = '; ';

/** One number as a number cell; several as text, `; ` between them; none as an empty cell. */
function numbers(values: readonly number[] | undefined): SheetCell {
  if (!values || values.length === 0) return null;
  return values.length === 1 ? values[0]! : values.join(JOIN);
}

function labelsOf(file: ExportFile, classId: string): Label[] {
  return file.labels.filter((l) => l.classId === classId);
}

/** Source and provenance of a class's labels; provenance left empty where every label of the class has none. */
function whoColumns(c: LabelClass): LayoutColumn[] {
  return [
    {
      header: `${c.id}_source`,
      role: 'export',
      key: null,
      classId: c.id,
      cell: (f) => labelsOf(f, c.id).map((l) => l.source).join(JOIN) || null,
    },
    {
      header: `${c.id}_provenance`,
      role: 'export',
      key: null,
      classId: c.id,
      cell: (f) => {
        const ls = labelsOf(f, c.id);
        return ls.some((l) => l.provenance !== null) ? ls.map((l) => l.provenance ?? '').join(JOIN) : null;
      },
    },
  ];
}

function classColumns(c: LabelClass): LayoutColumn[] {
  const col = (header: string, role: LayoutColumn['role'], cell: LayoutColumn['cell']): LayoutColumn => ({ header, role, key: null, classId: c.id, cell });
  switch (c.kind) {
    case 'point':
      return [col(`${c.id}_mm`, 'export', (f) => numbers(f.keypoints[c.id])), ...whoColumns(c)];
    case 'range':
      return [
        col(`${c.id}_start_mm`, 'export', (f) => numbers(f.ranges[c.id]?.map((r) => r.start))),
        col(`${c.id}_end_mm`, 'export', (f) => numbers(f.ranges[c.id]?.map((r) => r.end))),
        ...whoColumns(c),
      ];
    case 'attribute':
      return [col(c.id, 'attribute', (f) => f.attributes[c.id] ?? null), ...whoColumns(c)];
  }
}

export function sheetLayout(schema: LabelSchema): LayoutColumn[] {
  const key = (k: KeyName, cell: LayoutColumn['cell']): LayoutColumn => ({ header: KEY_HEADERS[k], role: 'key', key: k, classId: null, cell });
  const info = (header: string, cell: LayoutColumn['cell']): LayoutColumn => ({ header, role: 'export', key: null, classId: null, cell });
  return [
    key('path', (f) => f.path),
    key('name', (f) => f.name),
    key('head', (f) => f.head),
    key('globalCounter', (f) => f.globalCounter),
    info('status', (f) => f.status),
    info('verdict', (f) => f.verdict),
    info('grip_code', (f) => f.gripCode),
    ...schema.classes.flatMap(classColumns),
  ];
}

export function exportTable(schema: LabelSchema, files: readonly ExportFile[]): { header: string[]; rows: SheetCell[][] } {
  const layout = sheetLayout(schema);
  return { header: layout.map((c) => c.header), rows: files.map((f) => layout.map((c) => c.cell(f))) };
}
