/**
 * Each file's labelling status (unlabelled → in_progress → labelled → reviewed) and the review verdict on
 * model output (DOMAIN §13.3). A file without a row is unlabelled with no verdict, so importing files needs
 * no extra writes here. Any status may follow any other: reopening a reviewed file is a normal thing to do.
 *
 * The status follows the labels (LabelStore.apply calls in, inside the label edit's transaction):
 * - the first confirmed label (a human's, or an accepted proposal) moves an unlabelled file to in_progress;
 * - an edit that leaves the file without any confirmed label and without a verdict moves it back to
 *   unlabelled, whatever its status was: a file with no labels and no verdict has nothing labelled or
 *   reviewed about it, so saying otherwise would send "next unlabelled" past it. A verdict is a judgement
 *   someone made and keeps the status as it is.
 * A status set explicitly (`set`) is stored as given: the user may mark a file with no labels as labelled
 * ("nothing to label here"); only a later label edit applies the rule above again.
 */
import type { z } from 'zod';
import type { LabelStatus, Verdict } from '../../shared/api/catalog.contract';
import { ApiError } from '../../shared/api/errors';
import type { FileReview as FileReviewSchema } from '../../shared/api/labels.contract';
import type { CatalogDb } from '../db/openCatalog';
import { requireFile } from './requireFile';

export type FileReview = z.infer<typeof FileReviewSchema>;

export interface ReviewChange {
  status?: LabelStatus;
  /** null clears the verdict. */
  verdict?: Verdict | null;
}

export class FileReviewStore {
  public constructor(
    private readonly db: CatalogDb,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  public get(fileId: number): FileReview {
    requireFile(this.db, fileId);
    return this.read(fileId);
  }

  public set(fileId: number, change: ReviewChange, who: string): FileReview {
    if (change.status === undefined && change.verdict === undefined) {
      throw new ApiError('invalid_payload', `file ${fileId}: give a status, a verdict or both`);
    }
    // IMMEDIATE: a read-then-write transaction must hold the write lock from the start (see LabelStore.apply).
    return this.db.transaction(() => {
      requireFile(this.db, fileId);
      const current = this.read(fileId);
      this.write({
        fileId,
        status: change.status ?? current.status,
        verdict: change.verdict === undefined ? current.verdict : change.verdict,
      }, who);
      return this.read(fileId);
    }).immediate();
  }

  /**
   * The first human label on an unlabelled file means someone has started on it: move it to in_progress.
   * Called inside the label edit's transaction so the two cannot disagree. Returns whether it moved.
   */
  public startIfUnlabelled(fileId: number, who: string): boolean {
    const current = this.read(fileId);
    if (current.status !== 'unlabelled') return false;
    this.write({ ...current, status: 'in_progress' }, who);
    return true;
  }

  /**
   * A label edit took away a confirmed label: if none is left and there is no verdict, the file is unlabelled
   * again. Called inside the label edit's transaction. Returns whether it moved.
   */
  public resetIfNoLabels(fileId: number, who: string): boolean {
    const current = this.read(fileId);
    if (current.status === 'unlabelled' || current.verdict !== null) return false;
    if (this.db.prepare("SELECT 1 FROM labels WHERE file_id = ? AND state = 'confirmed' LIMIT 1").get(fileId)) return false;
    this.write({ ...current, status: 'unlabelled' }, who);
    return true;
  }

  private read(fileId: number): FileReview {
    const row = this.db.prepare('SELECT status, verdict FROM file_review WHERE file_id = ?').get(fileId) as
      | { status: LabelStatus; verdict: Verdict | null }
      | undefined;
    return { fileId, status: row?.status ?? 'unlabelled', verdict: row?.verdict ?? null };
  }

  private write(review: FileReview, who: string): void {
    this.db
      .prepare(
        `INSERT INTO file_review (file_id, status, verdict, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (file_id) DO UPDATE SET status = excluded.status, verdict = excluded.verdict,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(review.fileId, review.status, review.verdict, who, this.now());
  }
}
