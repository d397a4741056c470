/**
 * Fitting proposals to a catalog's label schema: a proposal survives only when the schema has its class
 * with the right kind (point, range, attribute) and, for attributes, can hold its value. A choice the
 * schema lacks falls back to its `other` choice when it has one (the reasons say so). Everything left
 * out is named in `notInSchema`, so a caller can tell the user which classes to add.
 */
import type { LabelClass, LabelSchema } from '../../api/labels.contract';
import type { AttributeProposal, FileProposals, Proposal } from './types';

function fitsValue(cls: LabelClass, a: AttributeProposal): AttributeProposal | null {
  const v = a.value;
  switch (cls.valueType) {
    case 'number':
      return typeof v === 'number' ? a : null;
    case 'boolean':
      return typeof v === 'boolean' ? a : null;
    case 'text':
      return typeof v === 'string' ? a : null;
    case 'choice': {
      const choices = cls.choices ?? [];
      if (typeof v === 'string' && choices.includes(v)) return a;
      if (choices.includes('other')) return { ...a, value: 'other', reasons: [...a.reasons, `the schema has no choice '${String(v)}': proposed as 'other'`] };
      return null;
    }
    default:
      return v === null || typeof v !== 'object' ? a : null;
  }
}

export function fitToSchema(result: FileProposals, schema: LabelSchema): FileProposals {
  const byId = new Map(schema.classes.map((c) => [c.id, c]));
  const missing = new Set<string>(result.notInSchema);
  const proposals: Proposal[] = [];
  for (const p of result.proposals) {
    const cls = byId.get(p.classId);
    const kind = p.depthEnd === null ? 'point' : 'range';
    if (cls?.kind === kind) proposals.push(p);
    else missing.add(p.classId);
  }
  const attributes: AttributeProposal[] = [];
  for (const a of result.attributes) {
    const cls = byId.get(a.classId);
    const fitted = cls?.kind === 'attribute' ? fitsValue(cls, a) : null;
    if (fitted) attributes.push(fitted);
    else missing.add(a.classId);
  }
  return { proposals, attributes, notInSchema: [...missing] };
}
