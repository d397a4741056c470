/**
 * What each column of a sheet holds, from its header. Headers are compared without case, and with spaces,
 * `_` and `-` alike, so "Global counter", "global_counter" and "GLOBAL-COUNTER" are the same column.
 *
 *   key columns    path | name (file, file name) | head (head name, head tag) | global_counter (counter)
 *   attributes     an attribute class of the label schema, by id (stack_thickness) or name (Stack thickness (measured))
 *   export columns the rest of what `labels export` writes (key points, status, source…): read past, not imported
 *
 * Anything else is reported with the column's letter and what was expected, and not read.
 */
import type { z } from 'zod';
import { ApiError } from '../../../shared/api/errors';
import type { LabelClass, LabelSchema } from '../../../shared/api/labels.contract';
import type { SheetColumn } from '../../../shared/api/sheets.contract';
import { sheetLayout, type KeyName } from './sheetLayout';
import { cellAsText, columnLetter, isBlank, type SheetRow } from './sheetTable';

export type Column = z.infer<typeof SheetColumn>;

export interface HeaderMap {
  columns: Column[];
  /** 0-based index of each key column given. */
  keys: Partial<Record<KeyName, number>>;
  /** 0-based index → the attribute class it holds. */
  attributes: Map<number, LabelClass>;
  /** Problems with headers: unknown, repeated, classes that are not attributes. */
  problems: Array<{ column: string; classId: string | null; message: string }>;
}

const normal = (text: string): string => text.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

const KEY_ALIASES: Record<KeyName, string[]> = {
  path: ['path', 'file path', 'full path'],
  name: ['name', 'file', 'file name', 'filename'],
  head: ['head', 'head name', 'head tag'],
  globalCounter: ['global counter', 'counter', 'global', 'head global'],
};

const KEY_BY_ALIAS = new Map<string, KeyName>(
  (Object.entries(KEY_ALIASES) as Array<[KeyName, string[]]>).flatMap(([key, aliases]) => aliases.map((a) => [a, key] as const)),
);

export function mapHeaders(header: SheetRow, data: readonly SheetRow[], schema: LabelSchema, fileName: string): HeaderMap {
  const byId = new Map(schema.classes.map((c) => [normal(c.id), c]));
  const byName = new Map(schema.classes.map((c) => [normal(c.name), c]));
  const exported = new Map(sheetLayout(schema).filter((c) => c.role === 'export').map((c) => [normal(c.header), c]));
  const attributeNames = schema.classes.filter((c) => c.kind === 'attribute').map((c) => c.id);
  // A loop, not Math.max(...rows): a 4 MiB sheet can have more rows than a call takes arguments.
  const width = data.reduce((w, r) => Math.max(w, r.cells.length), header.cells.length);
  const map: HeaderMap = { columns: [], keys: {}, attributes: new Map(), problems: [] };
  const seenClasses = new Set<string>();

  for (let i = 0; i < width; i++) {
    const letter = columnLetter(i);
    const text = cellAsText(header.cells[i]).trim();
    const add = (role: Column['role'], classId: string | null, note: string | null): void => {
      map.columns.push({ column: letter, header: text, role, classId, note });
    };
    const problem = (classId: string | null, message: string): void => {
      map.problems.push({ column: letter, classId, message: `column ${letter}${text ? ` '${text}'` : ''}: ${message}` });
    };
    if (text === '') {
      // Spreadsheets leave stray empty columns; only one that holds values is worth a word.
      if (data.some((r) => !isBlank(r.cells[i]))) {
        add('unknown', null, 'no header');
        problem(null, 'has values but no header; expected a key (path, name, head, global_counter) or an attribute class; its cells are not read');
      }
      continue;
    }
    const n = normal(text);
    const key = KEY_BY_ALIAS.get(n);
    if (key) {
      if (map.keys[key] !== undefined) {
        add('repeated', null, `a second ${key} column`);
        problem(null, `a second '${key}' column (the first is column ${columnLetter(map.keys[key])}); only the first is read`);
      } else {
        map.keys[key] = i;
        add('key', null, null);
      }
      continue;
    }
    const cls = byId.get(n) ?? byName.get(n);
    if (cls && cls.kind === 'attribute') {
      if (seenClasses.has(cls.id)) {
        add('repeated', cls.id, `a second column for '${cls.id}'`);
        problem(cls.id, `a second column for attribute '${cls.id}'; only the first is read`);
      } else {
        seenClasses.add(cls.id);
        map.attributes.set(i, cls);
        add('attribute', cls.id, null);
      }
      continue;
    }
    const ours = exported.get(n);
    if (ours) {
      add('export', ours.classId, 'written by labels export; not imported');
      continue;
    }
    if (cls) {
      add('unknown', cls.id, `a ${cls.kind} class`);
      problem(cls.id, `class '${cls.id}' is a ${cls.kind}, not an attribute: a sheet sets attribute values only (key points and ranges travel in a JSON export)`);
      continue;
    }
    add('unknown', null, null);
    problem(null, `expected a key (path, name, head, global_counter) or an attribute class of the label schema (${attributeNames.join(', ') || 'none'}); this column is not read`);
  }

  const { path, name, head, globalCounter } = map.keys;
  if (path === undefined && name === undefined && (head === undefined || globalCounter === undefined)) {
    const found = map.columns.map((c) => `'${c.header}'`).join(', ') || 'no headers';
    throw new ApiError(
      'invalid_payload',
      `${fileName}: row ${header.row}: expected a header with a 'path' or 'name' column, or both 'head' and 'global_counter', to find each row's file; found ${found}`,
    );
  }
  return map;
}
