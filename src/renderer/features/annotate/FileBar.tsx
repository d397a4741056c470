/** The open file: name, previous/next, status and verdict, the save indicator and undo/redo. */
import type { LabelStatus, Verdict } from '../../../shared/api/catalog.contract';
import { useApi } from '../../api/ApiContext';
import { redo, setReview, undo } from '../../state/annotateActions';
import { annotateStore, saveStateOf, useAnnotate } from '../../state/annotateStore';
import { displayHotkey } from '../../state/keymap';
import { usePrefs } from '../../state/prefsStore';
import { STATUSES, STATUS_TITLES, VERDICT_TITLES } from '../catalog/catalogModel';

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
      <button type="button" disabled={!canUndo} onClick={() => void undo(annotateStore, api)} title={`Undo (${displayHotkey(keymap.undo)})`}>
        Undo
      </button>
      <button type="button" disabled={!canRedo} onClick={() => void redo(annotateStore, api)} title={`Redo (${displayHotkey(keymap.redo)})`}>
        Redo
      </button>
    </span>
  );
}

export function FileBar({ onPrev, onNext, onNextUnlabelled }: { onPrev: () => void; onNext: () => void; onNextUnlabelled: () => void }): React.JSX.Element {
  const api = useApi();
  const file = useAnnotate((s) => s.detail?.file);
  const review = useAnnotate((s) => s.review);
  const annotator = usePrefs((s) => s.annotator);
  const keymap = usePrefs((s) => s.keymap);

  return (
    <div className="file-bar">
      <h1 className="annotate-h1">Annotate</h1>
      <div className="file-title">
        <strong data-testid="open-file-name">{file?.name ?? '…'}</strong>
        <span className="muted small" title={file?.path}>
          {file?.folder}
        </span>
      </div>
      <span className="seg">
        <button type="button" onClick={onPrev} title={`Previous file (${displayHotkey(keymap.prevFile)} / ${displayHotkey(keymap.prevFileAlt)})`}>
          ◀ Prev
        </button>
        <button type="button" onClick={onNext} title={`Next file (${displayHotkey(keymap.nextFile)} / ${displayHotkey(keymap.nextFileAlt)})`}>
          Next ▶
        </button>
        <button type="button" onClick={onNextUnlabelled} title={`Next unlabelled file (${displayHotkey(keymap.nextUnlabelled)})`}>
          Next unlabelled
        </button>
      </span>
      <label className="inline">
        Status
        <select
          aria-label="Status"
          value={review?.status ?? 'unlabelled'}
          disabled={!review}
          onChange={(e) => void setReview(annotateStore, api, { status: e.target.value as LabelStatus })}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_TITLES[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        Verdict
        <select
          aria-label="Verdict"
          value={review?.verdict ?? ''}
          disabled={!review}
          onChange={(e) => void setReview(annotateStore, api, { verdict: e.target.value === '' ? null : (e.target.value as Verdict) })}
        >
          <option value="">–</option>
          {(Object.keys(VERDICT_TITLES) as Verdict[]).map((v) => (
            <option key={v} value={v}>
              {VERDICT_TITLES[v]}
            </option>
          ))}
        </select>
      </label>
      <UndoButtons />
      <span className="spacer" />
      <span className={`small ${annotator ? 'muted' : 'warn'}`} title="Every edit is stamped with this name (Settings)">
        {annotator ? `Annotator: ${annotator}` : 'No annotator name set (Settings)'}
      </span>
      <SaveIndicator />
      <button type="button" className="icon" aria-label="Keyboard shortcuts" title={`Keyboard shortcuts (${displayHotkey(keymap.help)})`} onClick={() => annotateStore.setState((s) => ({ helpOpen: !s.helpOpen }))}>
        ?
      </button>
    </div>
  );
}
