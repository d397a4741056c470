/** Which rows the label table lists: everything, or only proposals, labels or rejected proposals. Pure. */
import type { Label, LabelState } from '../../../shared/api/labels.contract';

export type LabelFilter = 'all' | LabelState;

export type StateCounts = Record<LabelState, number> & { all: number };

export function stateCounts(labels: readonly Pick<Label, 'state'>[]): StateCounts {
  const out: StateCounts = { all: labels.length, proposed: 0, confirmed: 0, rejected: 0 };
  for (const l of labels) out[l.state]++;
  return out;
}

export const LABEL_FILTERS: readonly { key: LabelFilter; title: (c: StateCounts) => string }[] = [
  { key: 'all', title: (c) => `all (${c.all})` },
  { key: 'proposed', title: (c) => `proposals (${c.proposed})` },
  { key: 'confirmed', title: (c) => `labels (${c.confirmed})` },
  { key: 'rejected', title: (c) => `rejected (${c.rejected})` },
];

export function filterByState<T extends Pick<Label, 'state'>>(labels: readonly T[], filter: LabelFilter): T[] {
  return filter === 'all' ? [...labels] : labels.filter((l) => l.state === filter);
}
