/**
 * Label hotkeys: one canonical spelling so that uniqueness checks, the schema editor and the key handler
 * agree. Pure: the renderer matches KeyboardEvents with `hotkeyFromKeyboardEvent`, the back end validates
 * schemas with `normaliseHotkey`.
 *
 * Canonical form: `[ctrl+][alt+][shift+][meta+]<key>`, all lowercase.
 * - <key> is a letter, a digit, one printable punctuation character, or f1–f12.
 * - Shift is written only with letters ('shift+a'; 'A' means the same). With any other character the
 *   character already says whether shift was held, and which character a shifted digit gives depends on
 *   the keyboard layout, so 'shift+1' is refused: write the character you type ('!').
 */

const MODIFIERS = ['ctrl', 'alt', 'shift', 'meta'] as const;
type Modifier = (typeof MODIFIERS)[number];
const MODIFIER_ALIASES: Record<string, Modifier> = {
  ctrl: 'ctrl',
  control: 'ctrl',
  alt: 'alt',
  option: 'alt',
  shift: 'shift',
  meta: 'meta',
  cmd: 'meta',
  command: 'meta',
};

/**
 * Keys the annotation view uses for itself: nudging edges ([ ] { }), help (?), next/previous file (n p),
 * undo/redo (u z y and their ctrl/meta forms), delete and confirm (Enter accepts a proposal), next/previous
 * proposal (alt+] alt+[), and the usual navigation keys. A label hotkey on one of these would be shadowed
 * or, worse, shadow navigation.
 */
export const RESERVED_HOTKEYS: readonly string[] = [
  '[',
  ']',
  '{',
  '}',
  '?',
  'n',
  'p',
  'u',
  'z',
  'y',
  'delete',
  'backspace',
  'enter',
  'escape',
  'tab',
  'space',
  'arrowleft',
  'arrowright',
  'arrowup',
  'arrowdown',
  'alt+[',
  'alt+]',
  'ctrl+z',
  'ctrl+y',
  'ctrl+shift+z',
  'meta+z',
  'meta+shift+z',
];

const NAMED_KEYS = new Set(['delete', 'backspace', 'enter', 'escape', 'tab', 'space', 'arrowleft', 'arrowright', 'arrowup', 'arrowdown', 'home', 'end', 'pageup', 'pagedown']);

export type HotkeyResult = { ok: true; hotkey: string } | { ok: false; message: string };

function isLetter(key: string): boolean {
  return /^[a-z]$/.test(key);
}

function isPrintable(key: string): boolean {
  return key.length === 1 && key > ' ' && key <= '~';
}

/** Canonical spelling of a hotkey, or why it is not one. */
export function normaliseHotkey(input: string): HotkeyResult {
  const text = input.trim();
  if (!text) return { ok: false, message: 'empty hotkey' };
  // '+' itself is a key: 'ctrl++' or '+'.
  const parts = text === '+' ? ['+'] : text.endsWith('++') ? [...text.slice(0, -2).split('+'), '+'] : text.split('+');
  const rawKey = parts.pop()!.trim();
  const mods = new Set<Modifier>();
  for (const part of parts) {
    const mod = MODIFIER_ALIASES[part.trim().toLowerCase()];
    if (!mod) return { ok: false, message: `'${input}': unknown modifier '${part}' (use ctrl, alt, shift, meta)` };
    mods.add(mod);
  }
  let key = rawKey.length === 1 ? rawKey : rawKey.toLowerCase();
  if (/^[A-Z]$/.test(key)) {
    mods.add('shift');
    key = key.toLowerCase();
  }
  if (key === ' ') key = 'space';
  const valid = isLetter(key) || isPrintable(key) || NAMED_KEYS.has(key) || /^f([1-9]|1[0-2])$/.test(key);
  if (!valid) return { ok: false, message: `'${input}': unknown key '${rawKey}'` };
  if (mods.has('shift') && isPrintable(key) && !isLetter(key)) {
    return { ok: false, message: `'${input}': write the character you type instead of shift+'${key}' (keyboard layouts differ)` };
  }
  const prefix = MODIFIERS.filter((m) => mods.has(m));
  return { ok: true, hotkey: [...prefix, key].join('+') };
}

/** The subset of a DOM KeyboardEvent this needs (kept structural so this file stays DOM-free). */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/** Canonical hotkey of a key press, to look up in the schema; null for a lone modifier press. */
export function hotkeyFromKeyboardEvent(e: KeyLike): string | null {
  if (['Control', 'Alt', 'Shift', 'Meta'].includes(e.key)) return null;
  let key = e.key.length === 1 ? e.key : e.key.toLowerCase();
  if (key === ' ') key = 'space';
  const letter = /^[a-zA-Z]$/.test(key);
  const mods: string[] = [];
  if (e.ctrlKey) mods.push('ctrl');
  if (e.altKey) mods.push('alt');
  // Shift counts only with letters and named keys; for other characters it is already in the character.
  if (e.shiftKey && (letter || key.length > 1)) mods.push('shift');
  if (e.metaKey) mods.push('meta');
  return [...mods, letter ? key.toLowerCase() : key].join('+');
}

export function isReservedHotkey(canonical: string): boolean {
  return RESERVED_HOTKEYS.includes(canonical);
}
