/**
 * Which keys a focused form control keeps, and which go to the annotation view. One rule for every control, so
 * a focused control never swallows navigation (n, p, ←, →, PageDown…) and never changes a value silently:
 *
 * - text entry (text-like inputs, number inputs, textarea, contenteditable): every key is the field's, except
 *   Escape, which leaves the field;
 * - a closed select: Enter, Space, Alt+↓/↑ open its list and Tab moves on (the browser's own meaning); ↑, ↓,
 *   Home and End would change the value without showing it, so they open the list instead; Escape leaves it;
 *   every other key is the view's, and a key the view does not use is dropped rather than letting type-ahead
 *   pick an option (an open list gets the keys from the browser and never reaches the page);
 * - a slider: its arrows, Home/End and PageUp/PageDown (it has nothing else to do with keys), Escape leaves it;
 * - buttons, links, checkboxes, radios, <summary>: Tab, Enter and Space keep their meaning; the rest is the view's.
 */

/** 'control': let the browser have it. 'leave': blur the control. 'open': show the select's list. 'view': ours. */
export type KeyOwner = 'control' | 'leave' | 'open' | 'view';

/** What a focused control is, for the rule above. */
export type ControlKind = 'text' | 'select' | 'slider' | 'activatable' | 'none';

const ACTIVATION_KEYS = new Set(['tab', 'shift+tab', 'enter', 'space']);
const SELECT_OWN_KEYS = new Set(['tab', 'shift+tab', 'enter', 'space', 'alt+arrowdown', 'alt+arrowup']);
const SELECT_OPEN_KEYS = new Set(['arrowup', 'arrowdown', 'home', 'end']);
const SLIDER_KEYS = new Set(['tab', 'shift+tab', 'arrowleft', 'arrowright', 'arrowup', 'arrowdown', 'home', 'end', 'pageup', 'pagedown']);
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

interface ElementLike {
  tagName?: unknown;
  type?: unknown;
  isContentEditable?: unknown;
}

export function controlKind(target: EventTarget | null): ControlKind {
  const el = target as ElementLike | null;
  if (!el || typeof el.tagName !== 'string') return 'none';
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || el.isContentEditable === true) return 'text';
  if (tag === 'select') return 'select';
  if (tag === 'input') {
    const type = typeof el.type === 'string' ? el.type.toLowerCase() : 'text';
    if (type === 'range') return 'slider';
    return NON_TEXT_INPUTS.has(type) ? 'activatable' : 'text';
  }
  if (['button', 'a', 'summary'].includes(tag)) return 'activatable';
  return 'none';
}

/** Who gets `hotkey` (canonical, src/shared/labels/hotkeys.ts) while `target` has the focus. */
export function keyOwner(target: EventTarget | null, hotkey: string): KeyOwner {
  switch (controlKind(target)) {
    case 'text':
      return hotkey === 'escape' ? 'leave' : 'control';
    case 'select':
      if (hotkey === 'escape') return 'leave';
      if (SELECT_OWN_KEYS.has(hotkey)) return 'control';
      return SELECT_OPEN_KEYS.has(hotkey) ? 'open' : 'view';
    case 'slider':
      if (hotkey === 'escape') return 'leave';
      return SLIDER_KEYS.has(hotkey) ? 'control' : 'view';
    case 'activatable':
      return ACTIVATION_KEYS.has(hotkey) ? 'control' : 'view';
    case 'none':
      return 'view';
  }
}

/** Show a select's list (Chromium's showPicker); a browser without it keeps the select focused and unchanged. */
export function openPicker(target: EventTarget | null): void {
  const el = target as { showPicker?: () => void } | null;
  try {
    el?.showPicker?.();
  } catch {
    // Not allowed here (no user activation): the value still did not change.
  }
}

/** A key on a closed select that the view does not use: dropped, so type-ahead does not pick an option. */
export function dropsUnusedKey(target: EventTarget | null): boolean {
  return controlKind(target) === 'select';
}
