/**
 * The label findings (DOMAIN §14 rows 36–39) of catalog files, kept in the findings table next to every
 * other finding, so catalog.getFile, the listing's counts and `udw validate` show them with no special case.
 *
 * One truth: a file's label findings are always what `checkFileLabels` says of its current labels and its
 * current steps, and this is the only writer of them. They depend on both, so they are recomputed in the
 * transaction of each write that changes either: every label edit (LabelStore.apply; undo and redo are edits
 * too) and every re-parse of the file (FileWriter.writeParsed: new steps may move the exit step). The derive
 * step after an import recomputes them for every labelled file as well, which fills them in on catalogs
 * labelled before they existed (migration 004 marks the derive pending) and repairs anything else.
 * Label schema changes cannot affect them: a class that labels use cannot be removed or change kind or
 * value type (LabelSchemaStore).
 *
 * The findings table's `scope` column marks the source: the import replaces only 'file' and 'parse'
 * findings, the derive only 'catalog' ones, and this module only 'label' ones, so none wipes another's.
 */
import { checkFileLabels, type CheckedLabel, type ExitStepSegment } from '../../shared/validation/labelChecks';
import type { Finding } from '../../shared/validation/types';
import type { CatalogDb } from '../db/openCatalog';
import { recountFileFindings } from './findingCounts';

/** The findings.scope of V36–V39. */
const LABEL_SCOPE = 'label';

interface LabelRow {
  classId: string;
  depth: number | null;
  value: string | null;
  source: CheckedLabel['source'];
  updatedAt: string;
}

export class LabelFindings {
  private readonly s;

  public constructor(private readonly db: CatalogDb) {
    this.s = {
      // Confirmed labels only: a proposal is checked once a human accepts it.
      labels: db.prepare("SELECT class_id AS classId, depth, value, source, updated_at AS updatedAt FROM labels WHERE file_id = ? AND state = 'confirmed'"),
      // Executed segments only (start_index set), in Datas order: V37 looks for the first exit step.
      segments: db.prepare(
        'SELECT coalesce(stop_code, 0) AS stopCode, max_depth AS maxDepth FROM steps WHERE file_id = ? AND start_index IS NOT NULL ORDER BY start_index',
      ),
      current: db.prepare(`SELECT rule_id AS ruleId, severity, message FROM findings WHERE file_id = ? AND scope = '${LABEL_SCOPE}' ORDER BY id`),
      delete: db.prepare(`DELETE FROM findings WHERE file_id = ? AND scope = '${LABEL_SCOPE}'`),
      insert: db.prepare(`INSERT INTO findings (file_id, scope, rule_id, severity, message) VALUES (?, '${LABEL_SCOPE}', ?, ?, ?)`),
      affected: db.prepare(`SELECT file_id FROM labels UNION SELECT file_id FROM findings WHERE scope = '${LABEL_SCOPE}' ORDER BY 1`).pluck(),
    };
  }

  /** V36–V39 of one file as its labels and steps are now. */
  public compute(fileId: number): Finding[] {
    const labels = (this.s.labels.all(fileId) as LabelRow[]).map(
      (r): CheckedLabel => ({ ...r, value: r.value === null ? null : (JSON.parse(r.value) as CheckedLabel['value']) }),
    );
    if (labels.length === 0) return [];
    const segments = (this.s.segments.all(fileId) as Array<{ stopCode: number; maxDepth: number | null }>).filter(
      (s): s is ExitStepSegment => s.maxDepth !== null,
    );
    return checkFileLabels(labels, segments);
  }

  /**
   * Replaces the file's label findings and, when they changed, its finding counts. Call inside the
   * transaction that changed the labels or the steps, so the findings commit (or roll back) with them.
   */
  public refresh(fileId: number): void {
    const next = this.compute(fileId);
    const key = (f: Pick<Finding, 'ruleId' | 'severity' | 'message'>): string => `${f.ruleId}\u0000${f.severity}\u0000${f.message}`;
    const now = (this.s.current.all(fileId) as Array<Pick<Finding, 'ruleId' | 'severity' | 'message'>>).map(key);
    if (now.length === next.length && next.every((f, i) => key(f) === now[i])) return;
    this.s.delete.run(fileId);
    for (const f of next) this.s.insert.run(fileId, f.ruleId, f.severity, f.message);
    recountFileFindings(this.db, fileId);
  }

  /** Every file that has labels or label findings (the derive step). */
  public refreshAll(): void {
    for (const id of this.s.affected.all() as number[]) this.refresh(id);
  }
}
