/**
 * Rules a label schema must satisfy beyond its zod shape: unique ids, unique hotkeys, attributes typed,
 * no hotkey on a key the annotation view needs. Pure, so the schema editor can show the same messages the
 * back end will give. (Whether a class may be removed depends on the stored labels: the back end checks.)
 */
import type { LabelClass, LabelSchema } from '../api/labels.contract';
import { isReservedHotkey, normaliseHotkey } from './hotkeys';

export interface SchemaCheck {
  /** The schema with hotkeys in canonical spelling; only meaningful when `problems` is empty. */
  schema: LabelSchema;
  problems: string[];
}

function checkClass(c: LabelClass, problems: string[]): void {
  if (c.kind === 'attribute') {
    if (!c.valueType) problems.push(`class '${c.id}': an attribute needs a valueType (number, boolean, text or choice)`);
    if (c.valueType === 'choice') {
      const choices = c.choices ?? [];
      if (choices.length === 0) problems.push(`class '${c.id}': a choice attribute needs at least one choice`);
      const dup = choices.find((x, i) => choices.indexOf(x) !== i);
      if (dup !== undefined) problems.push(`class '${c.id}': choice '${dup}' is listed twice`);
    } else if (c.choices !== undefined) {
      problems.push(`class '${c.id}': choices are only for valueType 'choice'`);
    }
  } else if (c.valueType !== undefined || c.choices !== undefined) {
    problems.push(`class '${c.id}': a ${c.kind} has no valueType or choices (those are for attributes)`);
  }
}

export function checkSchema(schema: LabelSchema): SchemaCheck {
  const problems: string[] = [];
  const ids = new Set<string>();
  const hotkeys = new Map<string, string>();
  const classes: LabelClass[] = [];
  for (const c of schema.classes) {
    if (ids.has(c.id)) problems.push(`class id '${c.id}' is used twice`);
    ids.add(c.id);
    checkClass(c, problems);
    let hotkey: string | null = null;
    if (c.hotkey !== null && c.hotkey.trim() !== '') {
      const norm = normaliseHotkey(c.hotkey);
      if (!norm.ok) {
        problems.push(`class '${c.id}': hotkey ${norm.message}`);
      } else {
        hotkey = norm.hotkey;
        const owner = hotkeys.get(hotkey);
        if (owner !== undefined) problems.push(`hotkey '${hotkey}' is used by both '${owner}' and '${c.id}'`);
        else hotkeys.set(hotkey, c.id);
        if (isReservedHotkey(hotkey)) problems.push(`class '${c.id}': hotkey '${hotkey}' is reserved for navigation, nudging or undo`);
      }
    }
    classes.push({ ...c, hotkey });
  }
  return { schema: { classes }, problems };
}
