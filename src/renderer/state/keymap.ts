/**
 * The annotation view's keyboard map: view actions → canonical hotkey (src/shared/labels/hotkeys.ts).
 * Users remap them in Settings; overrides are stored in `settings.keymap` (action → key). Label classes keep
 * their hotkeys in the label schema. Pure functions, unit-tested without React.
 */
import type { LabelClass } from '../../shared/api/labels.contract';
import { normaliseHotkey } from '../../shared/labels/hotkeys';

export const VIEW_ACTIONS = [
  'nudgeLeftFine',
  'nudgeRightFine',
  'nudgeLeftCoarse',
  'nudgeRightCoarse',
  'deleteLabel',
  'deleteLabelAlt',
  'undo',
  'undoAlt',
  'redo',
  'redoAlt',
  'nextFile',
  'nextFileAlt',
  'prevFile',
  'prevFileAlt',
  'nextUnlabelled',
  'selectNextLabel',
  'selectPrevLabel',
  'acceptProposal',
  'nextProposal',
  'prevProposal',
  'panLeft',
  'panRight',
  'zoomIn',
  'zoomOut',
  'resetZoom',
  'help',
  'cancel',
  // Review by keyboard (issue 11): status and verdict of the file, confirm and go on.
  'statusInProgress',
  'statusLabelled',
  'statusReviewed',
  'verdictGood',
  'verdictAlgorithmError',
  'verdictLabellingError',
  'verdictHardToSay',
  'confirmAndNext',
  // The crosshair cursor, moved by keyboard.
  'cursorLeftFine',
  'cursorRightFine',
  'cursorLeftCoarse',
  'cursorRightCoarse',
  // Zoom presets and the ruler.
  'zoomToStep',
  'zoomDrillingZone',
  'zoomAroundLabel',
  'zoomBack',
  'fitY',
  'ruler',
  // Comparing with neighbouring holes.
  'toggleOverlay',
  'nextReference',
  'prevReference',
  // Uncertainty-first labelling (issue 13).
  'nextMostUncertain',
] as const;
export type ViewAction = (typeof VIEW_ACTIONS)[number];

export type Keymap = Record<ViewAction, string>;

export const DEFAULT_KEYMAP: Keymap = {
  nudgeLeftFine: '[',
  nudgeRightFine: ']',
  nudgeLeftCoarse: '{',
  nudgeRightCoarse: '}',
  deleteLabel: 'delete',
  deleteLabelAlt: 'backspace',
  undo: 'ctrl+z',
  undoAlt: 'u',
  redo: 'ctrl+shift+z',
  redoAlt: 'ctrl+y',
  nextFile: 'n',
  nextFileAlt: 'pagedown',
  prevFile: 'p',
  prevFileAlt: 'pageup',
  nextUnlabelled: 'shift+n',
  selectNextLabel: 'tab',
  selectPrevLabel: 'shift+tab',
  acceptProposal: 'enter',
  nextProposal: 'alt+]',
  prevProposal: 'alt+[',
  panLeft: ',',
  panRight: '.',
  zoomIn: '=',
  zoomOut: '-',
  resetZoom: '0',
  help: '?',
  cancel: 'escape',
  statusInProgress: 'i',
  statusLabelled: 'l',
  statusReviewed: 'r',
  verdictGood: 'shift+g',
  verdictAlgorithmError: 'shift+a',
  verdictLabellingError: 'shift+l',
  verdictHardToSay: 'shift+h',
  confirmAndNext: 'ctrl+enter',
  cursorLeftFine: 'arrowleft',
  cursorRightFine: 'arrowright',
  cursorLeftCoarse: 'shift+arrowleft',
  cursorRightCoarse: 'shift+arrowright',
  zoomToStep: 's',
  zoomDrillingZone: 'z',
  zoomAroundLabel: 'f',
  zoomBack: 'b',
  fitY: 'y',
  ruler: 'shift+r',
  toggleOverlay: 'o',
  nextReference: 'j',
  prevReference: 'k',
  nextMostUncertain: 'shift+u',
};

export const ACTION_TITLES: Record<ViewAction, string> = {
  nudgeLeftFine: 'Nudge selected label shallower (0.01 mm)',
  nudgeRightFine: 'Nudge selected label deeper (0.01 mm)',
  nudgeLeftCoarse: 'Nudge selected label shallower (0.1 mm)',
  nudgeRightCoarse: 'Nudge selected label deeper (0.1 mm)',
  deleteLabel: 'Delete selected label (reject it if it is a proposal)',
  deleteLabelAlt: 'Delete selected label / reject proposal (alternative)',
  undo: 'Undo',
  undoAlt: 'Undo (alternative)',
  redo: 'Redo',
  redoAlt: 'Redo (alternative)',
  nextFile: 'Next file',
  nextFileAlt: 'Next file (alternative)',
  prevFile: 'Previous file',
  prevFileAlt: 'Previous file (alternative)',
  nextUnlabelled: 'Next unlabelled file',
  selectNextLabel: 'Select next label',
  selectPrevLabel: 'Select previous label',
  acceptProposal: 'Accept the selected proposal (with none selected: confirm this file and open the next)',
  nextProposal: 'Select next proposal',
  prevProposal: 'Select previous proposal',
  panLeft: 'Pan shallower',
  panRight: 'Pan deeper',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  resetZoom: 'Show the whole signal',
  help: 'Show / hide this help',
  cancel: 'Cancel range, disarm, deselect, close help',
  statusInProgress: 'Status: in progress',
  statusLabelled: 'Status: labelled',
  statusReviewed: 'Status: reviewed',
  verdictGood: 'Verdict: good',
  verdictAlgorithmError: 'Verdict: algorithm error',
  verdictLabellingError: 'Verdict: potential labelling error',
  verdictHardToSay: 'Verdict: hard to say',
  confirmAndNext: 'Confirm this file (labelled, or reviewed when it has a verdict) and open the next',
  cursorLeftFine: 'Move the crosshair shallower by one pixel (at least 0.01 mm or one sample)',
  cursorRightFine: 'Move the crosshair deeper by one pixel (at least 0.01 mm or one sample)',
  cursorLeftCoarse: 'Move the crosshair shallower by 20 pixels',
  cursorRightCoarse: 'Move the crosshair deeper by 20 pixels',
  zoomToStep: 'Zoom to the next program step (cycles through them)',
  zoomDrillingZone: 'Zoom to the drilling zone (without the retract)',
  zoomAroundLabel: 'Zoom to ±2 mm around the selected label',
  zoomBack: 'Back to the previous zoom',
  fitY: 'Fit the y axes to what is shown (without the end-of-cycle spike)',
  ruler: 'Ruler: on, then a point at the crosshair (or click; Esc clears)',
  toggleOverlay: 'Overlay the neighbouring holes on / off',
  nextReference: 'Next reference hole',
  prevReference: 'Previous reference hole',
  nextMostUncertain: 'Next most uncertain file (lowest model confidence, not yet labelled)',
};

/** Nudge steps in mm. */
export const NUDGE_FINE_MM = 0.01;
export const NUDGE_COARSE_MM = 0.1;

const isAction = (k: string): k is ViewAction => (VIEW_ACTIONS as readonly string[]).includes(k);

/** The effective keymap: defaults overridden by the valid entries of `settings.keymap`. */
export function resolveKeymap(overrides: Record<string, string> | null | undefined): Keymap {
  const map: Keymap = { ...DEFAULT_KEYMAP };
  for (const [action, key] of Object.entries(overrides ?? {})) {
    if (!isAction(action)) continue;
    const norm = normaliseHotkey(key);
    if (norm.ok) map[action] = norm.hotkey;
  }
  return map;
}

/** Only what differs from the defaults: what goes into `settings.keymap`. */
export function keymapOverrides(map: Keymap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const action of VIEW_ACTIONS) if (map[action] !== DEFAULT_KEYMAP[action]) out[action] = map[action];
  return out;
}

export type KeyBinding = { kind: 'action'; action: ViewAction } | { kind: 'class'; classId: string };

/** Key → what it does. View actions win over class hotkeys (the keymap editor refuses such conflicts). */
export function bindingIndex(map: Keymap, classes: readonly Pick<LabelClass, 'id' | 'hotkey'>[]): Map<string, KeyBinding> {
  const index = new Map<string, KeyBinding>();
  for (const c of classes) {
    if (!c.hotkey) continue;
    const norm = normaliseHotkey(c.hotkey);
    if (norm.ok && !index.has(norm.hotkey)) index.set(norm.hotkey, { kind: 'class', classId: c.id });
  }
  for (const action of VIEW_ACTIONS) index.set(map[action], { kind: 'action', action });
  return index;
}

export type RemapResult = { ok: true; keymap: Keymap } | { ok: false; message: string };

/** Give `action` a new key, refusing invalid keys and keys already taken by another action or a label class. */
export function remapAction(map: Keymap, action: ViewAction, key: string, classes: readonly Pick<LabelClass, 'id' | 'name' | 'hotkey'>[]): RemapResult {
  const norm = normaliseHotkey(key);
  if (!norm.ok) return { ok: false, message: norm.message };
  const hotkey = norm.hotkey;
  for (const other of VIEW_ACTIONS) {
    if (other !== action && map[other] === hotkey) return { ok: false, message: `'${hotkey}' is already used by “${ACTION_TITLES[other]}”` };
  }
  for (const c of classes) {
    if (!c.hotkey) continue;
    const n = normaliseHotkey(c.hotkey);
    if (n.ok && n.hotkey === hotkey) return { ok: false, message: `'${hotkey}' is the hotkey of the label class “${c.name}”` };
  }
  return { ok: true, keymap: { ...map, [action]: hotkey } };
}

/** How a canonical hotkey is shown to people: 'ctrl+shift+z' → 'Ctrl+Shift+Z'. */
export function displayHotkey(hotkey: string): string {
  if (hotkey === '+') return '+';
  const parts = hotkey.endsWith('++') ? [...hotkey.slice(0, -2).split('+'), '+'] : hotkey.split('+');
  const names: Record<string, string> = {
    ctrl: 'Ctrl',
    alt: 'Alt',
    shift: 'Shift',
    meta: 'Meta',
    arrowleft: '←',
    arrowright: '→',
    arrowup: '↑',
    arrowdown: '↓',
    pagedown: 'PageDown',
    pageup: 'PageUp',
    delete: 'Delete',
    backspace: 'Backspace',
    escape: 'Esc',
    enter: 'Enter',
    tab: 'Tab',
    space: 'Space',
  };
  return parts.map((p) => names[p] ?? (/^f\d+$/.test(p) ? p.toUpperCase() : p)).join('+');
}
