import { describe, expect, it } from 'vitest';
import { hotkeyFromKeyboardEvent, isReservedHotkey, normaliseHotkey, RESERVED_HOTKEYS } from '../../../src/shared/labels/hotkeys';
import { DEFAULT_CLASSES_ADDED, DEFAULT_SCHEMA } from '../../../src/main/labels/defaultSchema';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean; shiftKey: boolean; metaKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});

describe('hotkeys', () => {
  it('spells hotkeys one way', () => {
    expect(normaliseHotkey('Shift+C')).toEqual({ ok: true, hotkey: 'shift+c' });
    expect(normaliseHotkey('C')).toEqual({ ok: true, hotkey: 'shift+c' });
    expect(normaliseHotkey('shift+ctrl+a')).toEqual({ ok: true, hotkey: 'ctrl+shift+a' });
    expect(normaliseHotkey('Cmd+K')).toEqual({ ok: true, hotkey: 'shift+meta+k' });
    expect(normaliseHotkey(' 3 ')).toEqual({ ok: true, hotkey: '3' });
    expect(normaliseHotkey('F5')).toEqual({ ok: true, hotkey: 'f5' });
    expect(normaliseHotkey('ctrl++')).toEqual({ ok: true, hotkey: 'ctrl++' });
  });

  it('refuses what it cannot match reliably', () => {
    expect(normaliseHotkey('')).toMatchObject({ ok: false, message: 'empty hotkey' });
    expect(normaliseHotkey('hyper+a')).toMatchObject({ ok: false, message: expect.stringMatching(/unknown modifier 'hyper'/) });
    expect(normaliseHotkey('shift+1')).toMatchObject({ ok: false, message: expect.stringMatching(/write the character/) });
    expect(normaliseHotkey('foo')).toMatchObject({ ok: false, message: expect.stringMatching(/unknown key/) });
  });

  it('turns key presses into the same spelling', () => {
    expect(hotkeyFromKeyboardEvent(key('e'))).toBe('e');
    expect(hotkeyFromKeyboardEvent(key('E', { shiftKey: true }))).toBe('shift+e');
    expect(hotkeyFromKeyboardEvent(key('!', { shiftKey: true }))).toBe('!');
    expect(hotkeyFromKeyboardEvent(key('?', { shiftKey: true }))).toBe('?');
    expect(hotkeyFromKeyboardEvent(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('ctrl+shift+z');
    expect(hotkeyFromKeyboardEvent(key('ArrowLeft'))).toBe('arrowleft');
    expect(hotkeyFromKeyboardEvent(key('Shift', { shiftKey: true }))).toBeNull();
  });

  it('reserves the keys the annotation view uses', () => {
    for (const k of ['[', ']', '{', '}', '?', 'n', 'p', 'u', 'z', 'y', 'delete', 'enter', 'ctrl+z']) expect(isReservedHotkey(k), k).toBe(true);
    expect(isReservedHotkey('e')).toBe(false);
  });

  it('gives every default class a distinct, unreserved, canonical hotkey (but the machine-read attributes) and a distinct colour', () => {
    const machineRead = Object.values(DEFAULT_CLASSES_ADDED).flat();
    expect(DEFAULT_SCHEMA.classes.filter((c) => c.hotkey === null).map((c) => c.id)).toEqual(machineRead);
    const keys = DEFAULT_SCHEMA.classes.filter((c) => !machineRead.includes(c.id)).map((c) => c.hotkey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) {
      expect(k).not.toBeNull();
      expect(normaliseHotkey(k!)).toEqual({ ok: true, hotkey: k });
      expect(RESERVED_HOTKEYS).not.toContain(k);
    }
    const colours = DEFAULT_SCHEMA.classes.map((c) => c.colour.toLowerCase());
    expect(new Set(colours).size).toBe(colours.length);
  });
});
