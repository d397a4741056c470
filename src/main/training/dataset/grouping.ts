/**
 * The group of each file (manifest.ts GroupBy): files of one group go to one side of the split together, so
 * near-identical holes (same head, same series, neighbouring holes, one aircraft) never straddle train and
 * validation. Group names are readable: they appear in the manifest and in per-group evaluations.
 */

export interface GroupableFile {
  fileId: number;
  folder: string;
  /** Head tag, else head name; null when the file names no head. */
  head: string | null;
  globalCounter: number | null;
  /** Value of the grouping attribute (attribute:<classId>), as JSON text; null when the file has none. */
  attribute: string | null;
}

export type GroupKey = { kind: 'head' } | { kind: 'folder' } | { kind: 'counter-block'; size: number } | { kind: 'attribute'; classId: string };

/** Parses a GroupBy string (already checked by the manifest's regex). */
export function parseGroupBy(groupBy: string): GroupKey {
  if (groupBy === 'head') return { kind: 'head' };
  if (groupBy === 'folder') return { kind: 'folder' };
  const block = /^counter-block:([1-9]\d{0,5})$/.exec(groupBy);
  if (block) return { kind: 'counter-block', size: Number(block[1]) };
  const attribute = /^attribute:([A-Za-z0-9_.-]{1,64})$/.exec(groupBy);
  if (attribute) return { kind: 'attribute', classId: attribute[1]! };
  throw new Error(`group-by '${groupBy}': expected head, folder, counter-block:N or attribute:<classId>`);
}

const NO_HEAD = '(no head)';

/**
 * counter-block:N puts the head's global counters [k·N, (k+1)·N) in one group; the counter is per head, so
 * the head is part of the name. A file without a counter is a group of its own head's "no counter" block.
 */
export function groupOf(file: GroupableFile, key: GroupKey): string {
  switch (key.kind) {
    case 'head':
      return `head:${file.head ?? NO_HEAD}`;
    case 'folder':
      return `folder:${file.folder}`;
    case 'counter-block': {
      const head = file.head ?? NO_HEAD;
      if (file.globalCounter === null) return `${head}:no-counter`;
      const start = Math.floor(file.globalCounter / key.size) * key.size;
      return `${head}:${start}-${start + key.size - 1}`;
    }
    case 'attribute':
      return `${key.classId}=${file.attribute ?? '(none)'}`;
  }
}
