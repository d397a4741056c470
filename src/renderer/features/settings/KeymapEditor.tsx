/**
 * Remap the annotation view's keys. Click "Change", press the new key; keys already used by another action
 * or by a label class are refused, with the reason next to the row being edited (not at the foot of a long
 * table). Stored in `settings.keymap` (only what differs from the defaults).
 */
import { useEffect, useState } from 'react';
import type { LabelClass } from '../../../shared/api/labels.contract';
import { hotkeyFromKeyboardEvent } from '../../../shared/labels/hotkeys';
import { useApi } from '../../api/ApiContext';
import { ACTION_TITLES, DEFAULT_KEYMAP, VIEW_ACTIONS, displayHotkey, remapAction, type Keymap, type ViewAction } from '../../state/keymap';
import { loadPrefs, prefsStore, saveKeymap, usePrefs } from '../../state/prefsStore';

export function KeymapEditor(): React.JSX.Element {
  const api = useApi();
  const stored = usePrefs((s) => s.keymap);
  const loaded = usePrefs((s) => s.loaded);
  // Unsaved edits; null = showing what is stored.
  const [edits, setEdits] = useState<Keymap | null>(null);
  const draft = edits ?? stored;
  const [listening, setListening] = useState<ViewAction | null>(null);
  // A refusal belongs to its row; the save's answer to the whole map (action null).
  const [message, setMessage] = useState<{ action: ViewAction | null; text: string } | null>(null);
  const [classes, setClasses] = useState<LabelClass[]>([]);

  useEffect(() => {
    void loadPrefs(prefsStore, api).catch(() => undefined);
    void api
      .invoke('labels.getSchema', {})
      .then((s) => setClasses(s.classes))
      .catch(() => setClasses([]));
  }, [api]);

  useEffect(() => {
    if (!listening) return;
    const onKey = (e: KeyboardEvent): void => {
      const hotkey = hotkeyFromKeyboardEvent(e);
      if (!hotkey) return;
      e.preventDefault();
      e.stopPropagation();
      if (hotkey === 'escape' && listening !== 'cancel') {
        setListening(null);
        setMessage(null);
        return;
      }
      const result = remapAction(draft, listening, hotkey, classes);
      if (result.ok) {
        setEdits(result.keymap);
        setMessage(null);
      } else setMessage({ action: listening, text: result.message });
      setListening(null);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [listening, draft, classes]);

  const dirty = VIEW_ACTIONS.some((a) => draft[a] !== stored[a]);

  async function save(): Promise<void> {
    try {
      await saveKeymap(prefsStore, api, draft);
      setEdits(null);
      setMessage({ action: null, text: 'Keyboard map saved.' });
    } catch (err) {
      setMessage({ action: null, text: err instanceof Error ? err.message : String(err) });
    }
  }

  return (
    <div className="keymap-editor">
      <h2>Keyboard</h2>
      <p className="muted small">Keys of the annotation view. Label class keys are part of the label schema.</p>
      {!loaded ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <table className="simple small" aria-label="Keyboard map">
            <tbody>
              {VIEW_ACTIONS.map((a) => (
                <tr key={a} data-row-action={a} className={message?.action === a ? 'refused' : undefined}>
                  <td>{ACTION_TITLES[a]}</td>
                  <td>
                    <kbd data-action={a}>{displayHotkey(draft[a])}</kbd>
                    {draft[a] !== DEFAULT_KEYMAP[a] && <span className="muted"> (default {displayHotkey(DEFAULT_KEYMAP[a])})</span>}
                  </td>
                  <td>
                    <button type="button" aria-label={`Change key of ${ACTION_TITLES[a]}`} onClick={() => setListening(listening === a ? null : a)}>
                      {listening === a ? 'Press a key…' : 'Change'}
                    </button>
                  </td>
                  <td className="keymap-row-message">
                    {message?.action === a && (
                      <span className="small keymap-message warn" role="alert">
                        {message.text}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row-gap">
            <button type="button" disabled={!dirty} onClick={() => void save()}>
              Save keyboard map
            </button>
            <button type="button" onClick={() => setEdits({ ...DEFAULT_KEYMAP })}>
              Reset to defaults
            </button>
            {message && message.action === null && (
              <span className="small keymap-message" role="status">
                {message.text}
              </span>
            )}
          </div>
        </>
      )}
    </div>
  );
}
