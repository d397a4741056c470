/**
 * One sheet cell as the value of an attribute class, or why it cannot be one. People type sheets by hand,
 * so the reading is forgiving where it cannot be wrong: "4,2" and "4.2 mm" are 4.2 mm, "yes"/"no" are
 * booleans, choices match without case. A blank cell is no value: it changes nothing.
 */
import type { LabelClass } from '../../../shared/api/labels.contract';
import { isBlank, type SheetCell } from './sheetTable';

type AttributeValue = number | boolean | string;

export type AttributeCell = { kind: 'blank' } | { kind: 'value'; value: AttributeValue } | { kind: 'wrong'; expected: string; found: string };

const NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['true', 'yes', 'y', '1', 'x']);
const FALSE = new Set(['false', 'no', 'n', '0']);

const shown = (cell: SheetCell): string => (typeof cell === 'string' ? `'${cell}'` : String(cell));
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function number(cell: SheetCell, cls: LabelClass): AttributeCell {
  const expected = `a number${cls.unit ? ` (${cls.unit})` : ''}`;
  if (typeof cell === 'number') return Number.isFinite(cell) ? { kind: 'value', value: cell } : { kind: 'wrong', expected, found: String(cell) };
  if (typeof cell !== 'string') return { kind: 'wrong', expected, found: shown(cell) };
  let text = cell.trim();
  if (cls.unit) text = text.replace(new RegExp(`\\s*${escape(cls.unit)}$`, 'i'), '');
  if (!NUMBER.test(text)) return { kind: 'wrong', expected, found: shown(cell) };
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? { kind: 'value', value } : { kind: 'wrong', expected, found: shown(cell) };
}

function boolean(cell: SheetCell): AttributeCell {
  const expected = 'true or false (also yes/no, 1/0)';
  if (typeof cell === 'boolean') return { kind: 'value', value: cell };
  const text = String(cell).trim().toLowerCase();
  if (TRUE.has(text)) return { kind: 'value', value: true };
  if (FALSE.has(text)) return { kind: 'value', value: false };
  return { kind: 'wrong', expected, found: shown(cell) };
}

function choice(cell: SheetCell, cls: LabelClass): AttributeCell {
  const choices = cls.choices ?? [];
  const text = String(cell).trim().toLowerCase();
  const hit = choices.find((c) => c.toLowerCase() === text);
  return hit !== undefined ? { kind: 'value', value: hit } : { kind: 'wrong', expected: `one of ${choices.map((c) => `'${c}'`).join(', ')}`, found: shown(cell) };
}

export function attributeCell(cell: SheetCell | undefined, cls: LabelClass): AttributeCell {
  if (cell === undefined || isBlank(cell)) return { kind: 'blank' };
  switch (cls.valueType) {
    case 'number':
      return number(cell, cls);
    case 'boolean':
      return boolean(cell);
    case 'choice':
      return choice(cell, cls);
    case 'text':
      // Text is taken as written: the sheet is the source of truth for what it says.
      return { kind: 'value', value: typeof cell === 'string' ? cell : String(cell) };
    default:
      return { kind: 'wrong', expected: 'an attribute class with a value type in the schema', found: `class '${cls.id}' without one` };
  }
}
