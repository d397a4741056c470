/**
 * The `?` overlay: every key of the annotation view (current keymap) and every label class hotkey. The view
 * actions are grouped by what they are for; an action no group names is listed under "More", so a new action
 * always shows with its key.
 */
import { annotateStore, useAnnotate } from '../../state/annotateStore';
import { ACTION_TITLES, VIEW_ACTIONS, displayHotkey, type Keymap, type ViewAction } from '../../state/keymap';
import { usePrefs } from '../../state/prefsStore';

const GROUPS: readonly { title: string; actions: readonly ViewAction[] }[] = [
  {
    title: 'Files and review',
    actions: [
      'nextFile',
      'nextFileAlt',
      'prevFile',
      'prevFileAlt',
      'nextUnlabelled',
      'confirmAndNext',
      'statusInProgress',
      'statusLabelled',
      'statusReviewed',
      'verdictGood',
      'verdictAlgorithmError',
      'verdictLabellingError',
      'verdictHardToSay',
    ],
  },
  {
    title: 'Labels and proposals',
    actions: [
      'acceptProposal',
      'deleteLabel',
      'deleteLabelAlt',
      'nextProposal',
      'prevProposal',
      'selectNextLabel',
      'selectPrevLabel',
      'nudgeLeftFine',
      'nudgeRightFine',
      'nudgeLeftCoarse',
      'nudgeRightCoarse',
      'undo',
      'undoAlt',
      'redo',
      'redoAlt',
      'cancel',
      'help',
    ],
  },
];

/** The actions of no group, in keymap order. */
const GROUPED = new Set(GROUPS.flatMap((g) => g.actions));
const MORE = VIEW_ACTIONS.filter((a) => !GROUPED.has(a));

function KeyTable({ actions, keymap }: { actions: readonly ViewAction[]; keymap: Keymap }): React.JSX.Element {
  return (
    <table className="simple small help-keys">
      <tbody>
        {actions.map((a) => (
          <tr key={a} data-action={a}>
            <td>
              <kbd>{displayHotkey(keymap[a])}</kbd>
            </td>
            <td>{ACTION_TITLES[a]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HelpOverlay(): React.JSX.Element | null {
  const open = useAnnotate((s) => s.helpOpen);
  const classes = useAnnotate((s) => s.schema?.classes);
  const keymap = usePrefs((s) => s.keymap);
  if (!open) return null;
  const close = (): void => annotateStore.setState({ helpOpen: false });
  const key = (a: ViewAction): string => displayHotkey(keymap[a]);
  return (
    <div className="overlay" onClick={close}>
      <div className="overlay-card help-card" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>Keyboard shortcuts</h2>
          <button type="button" onClick={close} aria-label="Close help">
            ×
          </button>
        </header>
        <div className="help-columns">
          <section>
            <h3>Labels (at the crosshair or mouse pointer)</h3>
            <table className="simple small">
              <tbody>
                {(classes ?? [])
                  .filter((c) => c.hotkey)
                  .map((c) => (
                    <tr key={c.id}>
                      <td>
                        <kbd>{displayHotkey(c.hotkey!)}</kbd>
                      </td>
                      <td>
                        <span className="swatch" style={{ background: c.colour }} /> {c.name}{' '}
                        <span className="muted">
                          {c.kind === 'point' ? 'place / move here' : c.kind === 'range' ? 'press at start, again at end' : 'edit the attribute'}
                        </span>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
            <h3>Mouse</h3>
            <ul className="small">
              <li>Drag a label line or range edge to move it (saved on release).</li>
              <li>Click a range class in the palette, then drag on the plot to draw it.</li>
              <li>Drag on empty plot area to zoom, wheel to zoom, double-click to show everything.</li>
              <li>Overview strip: click to centre, drag to choose a window.</li>
            </ul>
            <h3>Proposals</h3>
            <ul className="small">
              <li>Lighter lines are proposals: dashed when the drill recorded the event (stop code), dotted when a heuristic inferred it. They count as nothing until accepted.</li>
              <li>
                Click one (or step through them with {key('nextProposal')} / {key('prevProposal')}), then {key('acceptProposal')} accepts and {key('deleteLabel')} rejects it.
              </li>
              <li>Dragging or nudging a proposal makes it your label (it remembers what was proposed). Undo reverts any of these.</li>
            </ul>
          </section>
          {GROUPS.map((g) => (
            <section key={g.title}>
              <h3>{g.title}</h3>
              <KeyTable actions={g.actions} keymap={keymap} />
              {g.title === 'Files and review' && (
                <ul className="small muted" data-testid="help-review-notes">
                  <li>
                    {key('acceptProposal')} accepts the selected proposal; with no proposal selected it confirms the file and opens the next, like {key('confirmAndNext')}.
                  </li>
                  <li>Confirming marks the file labelled, or reviewed when it has a verdict. Next and previous follow the catalog&apos;s filter and sort.</li>
                  <li>A verdict&apos;s key pressed again clears the verdict. With no labels left (and no verdict) a file is unlabelled again.</li>
                  <li>A focused list or button never keeps these keys; in a text field they are letters (Esc leaves the field).</li>
                </ul>
              )}
            </section>
          ))}
          {MORE.length > 0 && (
            <section>
              <h3>View, cursor and comparison</h3>
              <KeyTable actions={MORE} keymap={keymap} />
            </section>
          )}
        </div>
        <p className="muted small">Remap these in Settings → Keyboard.</p>
      </div>
    </div>
  );
}
