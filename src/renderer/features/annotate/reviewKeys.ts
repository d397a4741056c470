/**
 * The keyboard review loop: moving through the files of the catalog's current filter (with a clear message at
 * either end instead of silence), the file's status and verdict by hotkey, and confirm-and-next. Plain
 * functions over the stores, like keyboard.ts, so the whole loop is unit-tested without React.
 */
import { createStore } from 'zustand/vanilla';
import type { FileRow, LabelStatus, Verdict } from '../../../shared/api/catalog.contract';
import type { AppApi } from '../../../shared/api/contract';
import * as A from '../../state/annotateActions';
import * as P from '../../state/proposalActions';
import type { AnnotateStore } from '../../state/annotateStore';
import { patchFile, selectVisible, type CatalogState, type CatalogStore } from '../../state/catalogStore';
import type { ViewAction } from '../../state/keymap';
import { isProposal } from '../../state/labelOps';
import { neighbourFile, nextUnlabelled, orderIncluding, STATUS_TITLES } from '../catalog/catalogModel';

export interface ReviewContext {
  api: AppApi;
  annotate: AnnotateStore;
  catalog: CatalogStore;
  /** Navigate to another file (the nav store's openFile). */
  openFile: (id: number) => void;
  /** Say something to the user (the end of the list); null takes the message away. */
  notify?: (text: string | null) => void;
}

export type FilePick = 'next' | 'prev' | 'unlabelled';

/**
 * Decisions count once per press: a held Enter would otherwise confirm one file after another, and a held
 * verdict key would flip the verdict on and off with every repeat.
 */
export const ONCE_PER_PRESS: ReadonlySet<ViewAction> = new Set<ViewAction>([
  'acceptProposal',
  'confirmAndNext',
  'statusInProgress',
  'statusLabelled',
  'statusReviewed',
  'verdictGood',
  'verdictAlgorithmError',
  'verdictLabellingError',
  'verdictHardToSay',
]);

/** The order next/previous walk: the catalog's filter and sort, with the open file kept in its place. */
function walkOrder(catalog: Pick<CatalogState, 'files' | 'filter' | 'sort'>, currentId: number | null): readonly FileRow[] {
  const visible = selectVisible(catalog);
  const current = currentId === null ? undefined : catalog.files.find((f) => f.id === currentId);
  return orderIncluding(visible, current, catalog.sort);
}

export interface FilePosition {
  /** 0-based place of the open file in the filter; -1 when it is not in it. */
  index: number;
  /** Files in the current filter. */
  total: number;
}

/** Where the open file stands in the current filter ("file 3 of 121"). */
export function filePosition(catalog: Pick<CatalogState, 'files' | 'filter' | 'sort'>, currentId: number | null): FilePosition {
  const visible = selectVisible(catalog);
  return { index: currentId === null ? -1 : visible.findIndex((f) => f.id === currentId), total: visible.length };
}

export function positionText(p: FilePosition, loaded: boolean): string {
  if (!loaded) return 'file – of –';
  if (p.index < 0) return p.total === 0 ? 'no file in the filter' : `outside the filter (${p.total} in it)`;
  return `file ${p.index + 1} of ${p.total}`;
}

/** What the user is told when there is nowhere to go. */
export function endOfListText(pick: FilePick, total: number): string {
  if (total === 0) return 'No file in the current catalog filter.';
  const files = `${total} file${total === 1 ? '' : 's'}`;
  if (pick === 'next') return `Last file of the current filter (${files}): there is no next one.`;
  if (pick === 'prev') return `First file of the current filter (${files}): there is no previous one.`;
  return `No unlabelled file left in the current filter (${files}).`;
}

/** The file `pick` leads to from the open one, or null at the end of the list. */
export function targetFile(ctx: Pick<ReviewContext, 'annotate' | 'catalog'>, pick: FilePick): FileRow | null {
  const current = ctx.annotate.getState().fileId;
  const order = walkOrder(ctx.catalog.getState(), current);
  return pick === 'unlabelled' ? nextUnlabelled(order, current) : neighbourFile(order, current, pick === 'next' ? 1 : -1);
}

function open(ctx: ReviewContext, target: FileRow): void {
  ctx.notify?.(null);
  ctx.catalog.setState({ cursorId: target.id });
  ctx.openFile(target.id);
}

/** n / p / Shift+N (and the buttons): open the file, or say why not. Returns the file opened. */
export function goToFile(ctx: ReviewContext, pick: FilePick): FileRow | null {
  const target = targetFile(ctx, pick);
  if (target) open(ctx, target);
  else ctx.notify?.(endOfListText(pick, selectVisible(ctx.catalog.getState()).length));
  return target;
}

/** A status hotkey. */
export function setStatus(ctx: ReviewContext, status: LabelStatus): Promise<void> {
  return A.setReview(ctx.annotate, ctx.api, { status });
}

/** A verdict hotkey; pressing the verdict the file already has clears it (there is no separate "clear" key). */
export function toggleVerdict(ctx: ReviewContext, verdict: Verdict): Promise<void> {
  const current = ctx.annotate.getState().review?.verdict ?? null;
  return A.setReview(ctx.annotate, ctx.api, { verdict: current === verdict ? null : verdict });
}

/** The status confirming gives: reviewed when the file has a verdict (or was reviewed already), else labelled. */
export function confirmedStatus(review: { status: LabelStatus; verdict: Verdict | null }): LabelStatus {
  return review.verdict !== null || review.status === 'reviewed' ? 'reviewed' : 'labelled';
}

/**
 * Confirm the open file and open the next one of the current filter. The next file is chosen before the status
 * changes: in a filter by status the confirmed file leaves the list, and the walk goes on from its place.
 * At the end of the list the file is still confirmed, and the message says there is no next one.
 */
export function confirmAndNext(ctx: ReviewContext): Promise<void> {
  const review = ctx.annotate.getState().review;
  if (!review) {
    ctx.notify?.('The file is still loading: nothing to confirm yet.');
    return Promise.resolve();
  }
  const target = targetFile(ctx, 'next');
  const status = confirmedStatus(review);
  const saved = A.setReview(ctx.annotate, ctx.api, { status });
  if (target) open(ctx, target);
  else ctx.notify?.(`Marked ${STATUS_TITLES[status]}. ${endOfListText('next', selectVisible(ctx.catalog.getState()).length)}`);
  return saved;
}

/** Enter: accepts the selected proposal; with no proposal selected, it confirms the file and goes on. */
export function enterKey(ctx: ReviewContext): Promise<void> {
  const s = ctx.annotate.getState();
  const selected = s.labels.find((l) => l.id === s.selectedId);
  if (selected && isProposal(selected)) return P.acceptSelected(ctx.annotate, ctx.api);
  return confirmAndNext(ctx);
}

/** Review changes made in the annotation view show in the catalog (its filter and "next") at once. */
export function followReviewInCatalog(annotate: AnnotateStore, catalog: CatalogStore): () => void {
  return annotate.subscribe((s, prev) => {
    if (s.fileId !== null && s.review && s.review !== prev.review) patchFile(catalog, s.fileId, { status: s.review.status, verdict: s.review.verdict });
  });
}

/** The message shown under the file bar (the app's one; tests pass their own `notify`). */
export interface ReviewNotice {
  text: string | null;
}
export const reviewNotice = createStore<ReviewNotice>()(() => ({ text: null }));
export const showReviewNotice = (text: string | null): void => reviewNotice.setState({ text });
