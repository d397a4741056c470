/**
 * What an export says about each file: who it is (path, name, head, global counter), its review, and its
 * confirmed labels, flattened by class (key point depths, range ends, attribute values) next to the full
 * labels. Proposals and rejected proposals are no labels (issue 10's data model) and are left out.
 */
import type { LabelStatus, Verdict } from '../../../shared/api/catalog.contract';
import type { Label, LabelSchema } from '../../../shared/api/labels.contract';
import { derivedReadouts } from '../../../shared/labels/derivedReadouts';
import { listFileRows } from '../../catalog/fileRows';
import type { CatalogDb } from '../../db/openCatalog';
import type { LabelStore } from '../labelStore';

type AttributeValue = Label['value'];

export interface ExportFile {
  fileId: number;
  path: string;
  name: string;
  /** The head's name, else its tag (what the drill calls itself). */
  head: string | null;
  globalCounter: number | null;
  status: LabelStatus;
  verdict: Verdict | null;
  /** From the key points (exit − entry), as the annotation view shows it. */
  gripCode: number | null;
  keypoints: Record<string, number[]>;
  ranges: Record<string, Array<{ start: number; end: number }>>;
  attributes: Record<string, AttributeValue>;
  labels: Label[];
}

/** Every file of the catalog (or the given ones), by path, missing files included: their labels are still labels. */
export function exportFiles(db: CatalogDb, labels: LabelStore, schema: LabelSchema, fileIds?: readonly number[]): ExportFile[] {
  const kinds = new Map(schema.classes.map((c) => [c.id, c.kind]));
  const wanted = fileIds ? new Set(fileIds) : null;
  const rows = listFileRows(db, { includeMissing: true }).filter((r) => !wanted || wanted.has(r.id));
  return rows.map((r) => {
    const confirmed = labels.list(r.id).filter((l) => l.state === 'confirmed');
    const keypoints: ExportFile['keypoints'] = {};
    const ranges: ExportFile['ranges'] = {};
    const attributes: ExportFile['attributes'] = {};
    for (const l of confirmed) {
      const kind = kinds.get(l.classId);
      if (kind === 'point' && l.depth !== null) (keypoints[l.classId] ??= []).push(l.depth);
      else if (kind === 'range' && l.depth !== null && l.depthEnd !== null) (ranges[l.classId] ??= []).push({ start: l.depth, end: l.depthEnd });
      else if (kind === 'attribute') attributes[l.classId] = l.value;
    }
    return {
      fileId: r.id,
      path: r.path,
      name: r.name,
      head: r.headName ?? r.headTag,
      globalCounter: r.globalCounter,
      status: r.status,
      verdict: r.verdict,
      gripCode: derivedReadouts(confirmed).gripCode,
      keypoints,
      ranges,
      attributes,
      labels: confirmed,
    };
  });
}

/** Files that were asked for by id and are not in the catalog: an export names them rather than skip them quietly. */
export function unknownFileIds(files: readonly ExportFile[], fileIds: readonly number[]): number[] {
  const known = new Set(files.map((f) => f.fileId));
  return [...new Set(fileIds)].filter((id) => !known.has(id));
}
