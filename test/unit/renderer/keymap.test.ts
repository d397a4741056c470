import { describe, expect, it } from 'vitest';
import type { LabelClass } from '../../../src/shared/api/labels.contract';
import {
  bindingIndex,
  DEFAULT_KEYMAP,
  displayHotkey,
  keymapOverrides,
  remapAction,
  resolveKeymap,
  VIEW_ACTIONS,
} from '../../../src/renderer/state/keymap';

const classes: Pick<LabelClass, 'id' | 'name' | 'hotkey'>[] = [
  { id: 'entry', name: 'Entry', hotkey: 'e' },
  { id: 'cfrp', name: 'CFRP', hotkey: '2' },
  { id: 'comment', name: 'Comment', hotkey: null },
];

describe('keymap', () => {
  it('has one distinct, canonical key per action by default', () => {
    const keys = VIEW_ACTIONS.map((a) => DEFAULT_KEYMAP[a]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(resolveKeymap({})).toEqual(DEFAULT_KEYMAP);
  });

  it('applies valid overrides from settings, normalised, and ignores unknown actions and bad keys', () => {
    const map = resolveKeymap({ nextFile: 'J', undoAlt: 'Ctrl+Alt+u', bogus: 'x', help: 'shift+1' });
    expect(map.nextFile).toBe('shift+j');
    expect(map.undoAlt).toBe('ctrl+alt+u');
    expect(map.help).toBe('?'); // refused: write the character you type
    expect('bogus' in map).toBe(false);
    expect(keymapOverrides(map)).toEqual({ nextFile: 'shift+j', undoAlt: 'ctrl+alt+u' });
  });

  it('remaps an action and refuses keys taken by another action or a label class', () => {
    const ok = remapAction(DEFAULT_KEYMAP, 'nextFile', 'q', classes);
    expect(ok.ok && ok.keymap.nextFile).toBe('q');
    const taken = remapAction(DEFAULT_KEYMAP, 'nextFile', 'p', classes);
    expect(taken.ok).toBe(false);
    expect(!taken.ok && taken.message).toMatch(/Previous file/);
    const cls = remapAction(DEFAULT_KEYMAP, 'help', 'E', classes);
    expect(cls.ok).toBe(true); // 'shift+e' is not 'e'
    const clash = remapAction(DEFAULT_KEYMAP, 'help', 'e', classes);
    expect(!clash.ok && clash.message).toMatch(/Entry/);
    expect(remapAction(DEFAULT_KEYMAP, 'help', 'ctrl+', classes).ok).toBe(false);
    // Re-assigning an action its own key is fine.
    expect(remapAction(DEFAULT_KEYMAP, 'undo', 'ctrl+z', classes).ok).toBe(true);
  });

  it('indexes keys to actions and classes, actions winning a clash', () => {
    const index = bindingIndex(DEFAULT_KEYMAP, [...classes, { id: 'weird', name: 'Weird', hotkey: 'n' }]);
    expect(index.get('e')).toEqual({ kind: 'class', classId: 'entry' });
    expect(index.get('2')).toEqual({ kind: 'class', classId: 'cfrp' });
    expect(index.get('n')).toEqual({ kind: 'action', action: 'nextFile' });
    expect(index.get('shift+n')).toEqual({ kind: 'action', action: 'nextUnlabelled' });
    const remapped = bindingIndex({ ...DEFAULT_KEYMAP, nextFile: 'q' }, classes);
    expect(remapped.get('q')).toEqual({ kind: 'action', action: 'nextFile' });
    expect(remapped.get('n')).toBeUndefined();
  });

  it('shows keys the way people write them', () => {
    expect(displayHotkey('ctrl+shift+z')).toBe('Ctrl+Shift+z');
    expect(displayHotkey('pagedown')).toBe('PageDown');
    expect(displayHotkey('arrowleft')).toBe('←');
    expect(displayHotkey('{')).toBe('{');
    expect(displayHotkey('f5')).toBe('F5');
  });
});
