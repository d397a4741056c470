/**
 * The label edits a sheet makes, worked out against the catalog as it is. Nothing is written here: the
 * plan is what the preview shows and, recomputed inside the apply's transaction, what the apply does.
 *
 * An attribute is one fact per file: the sheet creates it, or updates the file's label of that class
 * (a pending proposal of it is accepted, with the sheet's value). The same value is no change. Key points
 * and ranges (JSON only) are matched by label id first, then by class and depth; an equal label is no
 * change, anything else is created. A sheet never deletes: a label it does not mention stays as it is.
 */
import type { z } from 'zod';
import { LabelEdit, type Label, type LabelClass } from '../../../shared/api/labels.contract';
import type { SheetChange, SheetLabelValues, SheetProblem } from '../../../shared/api/sheets.contract';
import { describeIssues } from '../../../shared/api/dispatch';
import { labelProblems } from '../../../shared/labels/validateLabel';
import type { JsonLabel } from './labelsJson';

type Values = z.infer<typeof SheetLabelValues>;
type Draft = Extract<LabelEdit, { op: 'create' }>['label'];
type Patch = Extract<LabelEdit, { op: 'update' }>['patch'];

export interface PlannedEdit {
  change: SheetChange;
  edit: LabelEdit;
}

export interface PlanSources {
  /** Every label of a file, in every state. */
  labelsOf(fileId: number): Label[];
  /** The label with this id anywhere in the catalog. */
  labelById(id: string): Label | null;
  newId(): string;
}

/** Where the values of an attribute came from: a sheet cell (a person's value) or a JSON label (kept as it was). */
export interface AttributeOrigin {
  id?: string;
  source: Label['source'];
  confidence: number | null;
  provenance: string | null;
  details?: Label['details'];
  origin?: Label['origin'];
  /** JSON: also reproduce source, confidence and provenance when only they differ. */
  exact: boolean;
}

interface Target {
  row: number;
  fileId: number;
  path: string;
  where: string;
}

const valuesOf = (l: Pick<Label, 'depth' | 'depthEnd' | 'value'>): Values => ({ depth: l.depth, depthEnd: l.depthEnd, value: l.value });
const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export class PlanBuilder {
  public readonly edits: PlannedEdit[] = [];
  public readonly problems: Array<z.infer<typeof SheetProblem>> = [];
  public unchanged = 0;
  private readonly working = new Map<number, Label[]>();
  private readonly plannedIds = new Set<string>();

  public constructor(private readonly sources: PlanSources) {}

  public problem(row: number | null, column: string | null, classId: string | null, message: string): void {
    this.problems.push({ row, column, classId, message });
  }

  /** Set an attribute of a file to a value. */
  public attribute(t: Target & { column: string | null }, cls: LabelClass, value: Label['value'], from: AttributeOrigin): void {
    const labels = this.labels(t.fileId);
    const current = labels.find((l) => l.classId === cls.id && l.state !== 'rejected');
    if (!current) {
      this.create(t, cls, { classId: cls.id, depth: null, depthEnd: null, value, ...this.meta(from) }, from.id, t.column);
      return;
    }
    const patch: Patch = {};
    if (!same(current.value, value)) patch.value = value;
    if (current.state !== 'confirmed') patch.state = 'confirmed';
    if (from.exact) this.copyMeta(patch, current, from);
    // A person's new value replaces the machine's: the label is theirs now, from this sheet.
    else if (patch.value !== undefined) Object.assign(patch, { source: from.source, confidence: from.confidence, provenance: from.provenance });
    this.update(t, cls, current, patch, t.column);
  }

  /** A key point or range of a JSON export. */
  public positioned(t: Target, cls: LabelClass, jl: JsonLabel): void {
    const labels = this.labels(t.fileId);
    const from: AttributeOrigin = { source: jl.source ?? 'human', confidence: jl.confidence ?? null, provenance: jl.provenance ?? null, details: jl.details, origin: jl.origin, exact: true };
    if (jl.id) {
      const byId = labels.find((l) => l.id === jl.id) ?? null;
      const elsewhere = byId ? null : this.sources.labelById(jl.id);
      if (elsewhere) {
        this.problem(t.row, null, cls.id, `${t.where}: label '${jl.id}' belongs to another file of this catalog (file ${elsewhere.fileId}), not to ${t.path}; not imported`);
        return;
      }
      if (byId) {
        const patch: Patch = {};
        for (const f of ['classId', 'depth', 'depthEnd', 'value'] as const) if (!same(byId[f], jl[f])) (patch as Record<string, unknown>)[f] = jl[f];
        if (byId.state !== 'confirmed') patch.state = 'confirmed';
        this.copyMeta(patch, byId, from);
        this.update(t, cls, byId, patch, null);
        return;
      }
    }
    const equal = labels.find((l) => l.classId === cls.id && l.state === 'confirmed' && l.depth === jl.depth && l.depthEnd === jl.depthEnd);
    if (equal) {
      this.unchanged++;
      return;
    }
    this.create(t, cls, { classId: cls.id, depth: jl.depth, depthEnd: jl.depthEnd, value: jl.value, ...this.meta(from) }, jl.id, null);
  }

  private meta(from: AttributeOrigin): Omit<Draft, 'id' | 'classId' | 'depth' | 'depthEnd' | 'value'> {
    const m: Omit<Draft, 'id' | 'classId' | 'depth' | 'depthEnd' | 'value'> = { source: from.source, confidence: from.confidence, provenance: from.provenance, state: 'confirmed' };
    if (from.details !== undefined) m.details = from.details;
    if (from.origin !== undefined) m.origin = from.origin;
    return m;
  }

  private copyMeta(patch: Patch, current: Label, from: AttributeOrigin): void {
    if (current.source !== from.source) patch.source = from.source;
    if (current.confidence !== from.confidence) patch.confidence = from.confidence;
    if (current.provenance !== from.provenance) patch.provenance = from.provenance;
    if (from.details !== undefined && !same(current.details, from.details)) patch.details = from.details;
  }

  private labels(fileId: number): Label[] {
    let list = this.working.get(fileId);
    if (!list) this.working.set(fileId, (list = this.sources.labelsOf(fileId)));
    return list;
  }

  private create(t: Target, cls: LabelClass, draft: Omit<Draft, 'id'>, wantedId: string | undefined, column: string | null): void {
    const reuse = wantedId !== undefined && !this.plannedIds.has(wantedId) && this.sources.labelById(wantedId) === null;
    const id = reuse ? wantedId : this.sources.newId();
    const edit: LabelEdit = { op: 'create', fileId: t.fileId, label: { id, ...draft } };
    const after = { id, ...draft, source: draft.source ?? 'human', confidence: draft.confidence ?? null };
    if (!this.valid(t, cls, edit, after, column)) return;
    this.plannedIds.add(id);
    this.labels(t.fileId).push({
      ...after,
      fileId: t.fileId,
      state: 'confirmed',
      provenance: draft.provenance ?? null,
      origin: draft.origin ?? null,
      details: draft.details ?? null,
      annotator: '',
      createdAt: '',
      updatedAt: '',
    });
    this.edits.push({ change: { row: t.row, fileId: t.fileId, path: t.path, classId: cls.id, kind: cls.kind, op: 'create', labelId: reuse ? id : null, before: null, after: valuesOf(after) }, edit });
  }

  private update(t: Target, cls: LabelClass, current: Label, patch: Patch, column: string | null): void {
    if (Object.keys(patch).length === 0) {
      this.unchanged++;
      return;
    }
    const edit: LabelEdit = { op: 'update', fileId: t.fileId, id: current.id, patch };
    const after: Label = { ...current, ...(patch as Partial<Label>) };
    if (!this.valid(t, cls, edit, after, column)) return;
    const list = this.labels(t.fileId);
    list[list.indexOf(current)] = after;
    this.edits.push({ change: { row: t.row, fileId: t.fileId, path: t.path, classId: cls.id, kind: cls.kind, op: 'update', labelId: current.id, before: valuesOf(current), after: valuesOf(after) }, edit });
  }

  /** The rules `labels.apply` enforces, checked now so that the preview names every edit that would be refused. */
  private valid(t: Target, cls: LabelClass, edit: LabelEdit, after: Parameters<typeof labelProblems>[0], column: string | null): boolean {
    const parsed = LabelEdit.safeParse(edit);
    const problems = parsed.success ? labelProblems(after, cls) : [describeIssues(parsed.error.issues)];
    if (problems.length === 0) return true;
    this.problem(t.row, column, cls.id, `${t.where}: ${problems.join('; ')}`);
    return false;
  }
}
