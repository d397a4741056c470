/**
 * The open file, in two rows of fixed height: previous/next, "file n of N" in the current filter, the whole hole
 * identity (cut in the middle, whole in its tooltip, copyable), undo/redo and the save indicator; below, status
 * and verdict as buttons (a select would swallow the navigation keys and change on ↓), confirm-and-next and
 * the annotator. Everything left of the name keeps its place whatever the name's length; everything right of
 * it is anchored to the right end, so repeated clicks on Next never miss.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { LabelStatus, Verdict } from '../../../shared/api/catalog.contract';
import { useApi } from '../../api/ApiContext';
import { redo, setReview, undo } from '../../state/annotateActions';
import { annotateStore, saveStateOf, useAnnotate } from '../../state/annotateStore';
import { useCatalog } from '../../state/catalogStore';
import { displayHotkey, type Keymap, type ViewAction } from '../../state/keymap';
import { usePrefs } from '../../state/prefsStore';
import { STATUSES, STATUS_TITLES, VERDICT_TITLES } from '../catalog/catalogModel';
import { MiddleEllipsis } from '../catalog/MiddleEllipsis';
import { filePosition, positionText, reviewNotice, showReviewNotice } from './reviewKeys';

/** A mouse click leaves no focus on the button (Enter and the letters then go to the view); a key press keeps it. */
function clicked(e: React.MouseEvent<HTMLButtonElement>, act: () => void): void {
  act();
  if (e.detail > 0) e.currentTarget.blur();
}

const keyOf = (keymap: Keymap, action: ViewAction): string => displayHotkey(keymap[action]);

export function SaveIndicator(): React.JSX.Element {
  const state = useAnnotate((s) => saveStateOf(s));
  const error = useAnnotate((s) => s.saveError);
  const text = state === 'saving' ? 'Saving…' : state === 'saved' ? 'Saved' : state === 'error' ? `Not saved: ${error}` : 'No changes yet';
  return (
    <span className={`save-indicator ${state}`} role="status" aria-label="Save state" data-state={state} title={error ?? undefined}>
      {text}
    </span>
  );
}

function UndoButtons(): React.JSX.Element {
  const api = useApi();
  const canUndo = useAnnotate((s) => (s.fileId !== null ? (s.undo[s.fileId]?.undo.length ?? 0) > 0 : false));
  const canRedo = useAnnotate((s) => (s.fileId !== null ? (s.undo[s.fileId]?.redo.length ?? 0) > 0 : false));
  const keymap = usePrefs((s) => s.keymap);
  return (
    <span className="seg">
      <button type="button" disabled={!canUndo} onClick={(e) => clicked(e, () => void undo(annotateStore, api))} title={`Undo (${keyOf(keymap, 'undo')})`}>
        Undo
      </button>
      <button type="button" disabled={!canRedo} onClick={(e) => clicked(e, () => void redo(annotateStore, api))} title={`Redo (${keyOf(keymap, 'redo')})`}>
        Redo
      </button>
    </span>
  );
}

/** The name, whole on hover; the copy button puts it on the clipboard (the path is the folder's tooltip). */
function FileIdentity(): React.JSX.Element {
  const file = useAnnotate((s) => s.detail?.file);
  const [copied, setCopied] = useState<string | null>(null);
  const name = file?.name ?? '…';
  async function copy(): Promise<void> {
    if (!file) return;
    await copyText(file.name);
    setCopied(file.name);
  }
  return (
    <div className="file-title">
      <MiddleEllipsis text={name} className="file-name" testId="open-file-name" />
      <button
        type="button"
        className="icon copy-name"
        aria-label="Copy the file name"
        title={copied === file?.name ? 'Copied' : `Copy “${name}”`}
        disabled={!file}
        onClick={(e) => clicked(e, () => void copy())}
      >
        {copied === file?.name ? 'Copied' : 'Copy'}
      </button>
      <span className="file-folder muted small" title={file?.path}>
        {file?.folder}
      </span>
    </div>
  );
}

/** The clipboard API where the page may use it, else the old copy command (an http page in some browsers). */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall through to the selection-based copy.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

function FilePositionText(): React.JSX.Element {
  const fileId = useAnnotate((s) => s.fileId);
  const files = useCatalog((s) => s.files);
  const filter = useCatalog((s) => s.filter);
  const sort = useCatalog((s) => s.sort);
  const loaded = useCatalog((s) => s.loaded);
  const text = positionText(filePosition({ files, filter, sort }, fileId), loaded);
  return (
    <span className="file-position" data-testid="file-position" title={`${text} (the catalog's current filter and sort)`}>
      {text}
    </span>
  );
}

const STATUS_KEYS: Partial<Record<LabelStatus, ViewAction>> = { in_progress: 'statusInProgress', labelled: 'statusLabelled', reviewed: 'statusReviewed' };
const VERDICT_KEYS: Record<Verdict, ViewAction> = {
  good: 'verdictGood',
  algorithm_error: 'verdictAlgorithmError',
  labelling_error: 'verdictLabellingError',
  hard_to_say: 'verdictHardToSay',
};

function ReviewButtons(): React.JSX.Element {
  const api = useApi();
  const review = useAnnotate((s) => s.review);
  const keymap = usePrefs((s) => s.keymap);
  const status = review?.status ?? 'unlabelled';
  const verdict = review?.verdict ?? null;
  return (
    <>
      <span className="review-caption">Status</span>
      <span className="seg review-seg" role="group" aria-label="Status" data-value={status}>
        {STATUSES.map((s) => {
          const action = STATUS_KEYS[s];
          return (
            <button
              key={s}
              type="button"
              className={status === s ? 'on' : ''}
              aria-pressed={status === s}
              disabled={!review}
              title={`Status: ${STATUS_TITLES[s]}${action ? ` (${keyOf(keymap, action)})` : ''}`}
              onClick={(e) => clicked(e, () => void setReview(annotateStore, api, { status: s }))}
            >
              {STATUS_TITLES[s]}
            </button>
          );
        })}
      </span>
      <span className="review-caption">Verdict</span>
      <span className="seg review-seg" role="group" aria-label="Verdict" data-value={verdict ?? ''}>
        <button
          type="button"
          className={verdict === null ? 'on' : ''}
          aria-pressed={verdict === null}
          aria-label="No verdict"
          disabled={!review}
          title="No verdict (a verdict's key pressed again clears it too)"
          onClick={(e) => clicked(e, () => void setReview(annotateStore, api, { verdict: null }))}
        >
          –
        </button>
        {(Object.keys(VERDICT_TITLES) as Verdict[]).map((v) => (
          <button
            key={v}
            type="button"
            className={verdict === v ? 'on' : ''}
            aria-pressed={verdict === v}
            disabled={!review}
            title={`Verdict: ${VERDICT_TITLES[v]} (${keyOf(keymap, VERDICT_KEYS[v])})`}
            onClick={(e) => clicked(e, () => void setReview(annotateStore, api, { verdict: v }))}
          >
            {VERDICT_TITLES[v]}
          </button>
        ))}
      </span>
    </>
  );
}

/** The end-of-list message: over the top of the view, so it never moves a control. */
function ReviewNotice(): React.JSX.Element | null {
  const text = useStore(reviewNotice, (s) => s.text);
  const fileId = useAnnotate((s) => s.fileId);
  // The message is about the file it was given on: another file, or leaving the view, takes it away.
  useEffect(() => () => showReviewNotice(null), [fileId]);
  if (!text) return null;
  return (
    <div className="review-notice" role="status" aria-label="Navigation message" data-testid="review-notice">
      <span>{text}</span>
      <button type="button" className="icon" aria-label="Dismiss the message" onClick={() => showReviewNotice(null)}>
        ×
      </button>
    </div>
  );
}

export interface FileBarProps {
  onPrev: () => void;
  onNext: () => void;
  onNextUnlabelled: () => void;
  onConfirmAndNext: () => void;
}

export function FileBar({ onPrev, onNext, onNextUnlabelled, onConfirmAndNext }: FileBarProps): React.JSX.Element {
  const annotator = usePrefs((s) => s.annotator);
  const keymap = usePrefs((s) => s.keymap);

  return (
    <div className="file-bar">
      <div className="file-bar-row">
        <h1 className="annotate-h1">Annotate</h1>
        <span className="seg" role="group" aria-label="Files">
          <button type="button" data-testid="nav-prev" onClick={(e) => clicked(e, onPrev)} title={`Previous file (${keyOf(keymap, 'prevFile')} / ${keyOf(keymap, 'prevFileAlt')})`}>
            ◀ Prev
          </button>
          <button type="button" data-testid="nav-next" onClick={(e) => clicked(e, onNext)} title={`Next file (${keyOf(keymap, 'nextFile')} / ${keyOf(keymap, 'nextFileAlt')})`}>
            Next ▶
          </button>
          <button type="button" data-testid="nav-next-unlabelled" onClick={(e) => clicked(e, onNextUnlabelled)} title={`Next unlabelled file (${keyOf(keymap, 'nextUnlabelled')})`}>
            Next unlabelled
          </button>
        </span>
        <FilePositionText />
        <FileIdentity />
        <UndoButtons />
        <SaveIndicator />
        <button
          type="button"
          className="icon"
          aria-label="Keyboard shortcuts"
          title={`Keyboard shortcuts (${keyOf(keymap, 'help')})`}
          onClick={(e) => clicked(e, () => annotateStore.setState((s) => ({ helpOpen: !s.helpOpen })))}
        >
          ?
        </button>
      </div>
      <div className="file-bar-row">
        <ReviewButtons />
        <button
          type="button"
          data-testid="confirm-next"
          onClick={(e) => clicked(e, onConfirmAndNext)}
          title={`Confirm this file (labelled, or reviewed when it has a verdict) and open the next (${keyOf(keymap, 'confirmAndNext')}; ${keyOf(keymap, 'acceptProposal')} when no proposal is selected)`}
        >
          Confirm &amp; next
        </button>
        <span className="spacer" />
        <span className={`small annotator ${annotator ? 'muted' : 'warn'}`} title="Every edit is stamped with this name (Settings)">
          {annotator ? `Annotator: ${annotator}` : 'No annotator name set (Settings)'}
        </span>
      </div>
      <ReviewNotice />
    </div>
  );
}
