/**
 * Is a label well formed for its class? Pure, so the renderer can refuse an edit before sending it and the
 * back end applies exactly the same rules inside its transaction.
 */
import type { LabelClass } from '../api/labels.contract';

type AttributeValue = number | boolean | string | null;

/** The parts of a label the rules look at. */
export interface LabelShape {
  id: string;
  classId: string;
  depth: number | null;
  depthEnd: number | null;
  value: AttributeValue;
}

function describe(value: AttributeValue): string {
  return value === null ? 'null' : `${typeof value} ${JSON.stringify(value)}`;
}

/** Why the value does not fit the attribute class, or null when it does. */
function valueProblem(cls: LabelClass, value: AttributeValue): string | null {
  switch (cls.valueType) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : `needs a number${cls.unit ? ` (${cls.unit})` : ''}, got ${describe(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `needs true or false, got ${describe(value)}`;
    case 'text':
      // An empty comment carries nothing: delete the label instead, so "no value" has one representation.
      return typeof value === 'string' && value.trim() !== '' ? null : `needs a non-empty text, got ${describe(value)}`;
    case 'choice': {
      const choices = cls.choices ?? [];
      return typeof value === 'string' && choices.includes(value)
        ? null
        : `needs one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describe(value)}`;
    }
    default:
      return 'has no valueType in the schema';
  }
}

/** Problems with one label against its class (empty when it is fine). */
export function labelProblems(label: LabelShape, cls: LabelClass): string[] {
  const where = `label '${label.id}' (${cls.kind} '${cls.id}')`;
  const problems: string[] = [];
  const { depth, depthEnd } = label;
  // Depths are positive millimetres (depth = −Position, and Position is never above 0: DOMAIN §14 row 11).
  if (depth !== null && depth < 0) problems.push(`${where}: depth ${depth} is negative; depths are positive mm below the start`);
  if (depthEnd !== null && depthEnd < 0) problems.push(`${where}: depthEnd ${depthEnd} is negative; depths are positive mm below the start`);
  switch (cls.kind) {
    case 'point':
      if (depth === null) problems.push(`${where}: a point needs a depth`);
      if (depthEnd !== null) problems.push(`${where}: a point has no depthEnd (got ${depthEnd})`);
      if (label.value !== null) problems.push(`${where}: a point has no value (got ${describe(label.value)})`);
      break;
    case 'range':
      if (depth === null || depthEnd === null) problems.push(`${where}: a range needs both depth and depthEnd`);
      // Refused rather than silently swapped: a swapped range usually means the caller mixed up its ends.
      else if (!(depth < depthEnd)) problems.push(`${where}: depth (${depth}) must be less than depthEnd (${depthEnd})`);
      if (label.value !== null) problems.push(`${where}: a range has no value (got ${describe(label.value)})`);
      break;
    case 'attribute': {
      if (depth !== null || depthEnd !== null) problems.push(`${where}: an attribute belongs to the whole file and has no depth`);
      const problem = valueProblem(cls, label.value);
      if (problem) problems.push(`${where}: ${problem}`);
      break;
    }
  }
  return problems;
}
