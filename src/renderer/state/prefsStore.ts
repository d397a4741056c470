/**
 * Preferences the annotation view needs from settings: the keyboard map and the annotator's name (the back
 * end stamps every edit with it; shown so people notice when it is unset).
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppApi } from '../../shared/api/contract';
import { DEFAULT_KEYMAP, keymapOverrides, resolveKeymap, type Keymap } from './keymap';

export interface PrefsState {
  loaded: boolean;
  keymap: Keymap;
  /** The raw `settings.keymap`, kept so entries this version does not know survive a save. */
  rawKeymap: Record<string, string>;
  annotator: string;
}

export type PrefsStore = StoreApi<PrefsState>;

export function createPrefsStore(): PrefsStore {
  return createStore<PrefsState>()(() => ({ loaded: false, keymap: { ...DEFAULT_KEYMAP }, rawKeymap: {}, annotator: '' }));
}

export const prefsStore = createPrefsStore();

export function usePrefs<T>(selector: (s: PrefsState) => T): T {
  return useStore(prefsStore, selector);
}

export async function loadPrefs(store: PrefsStore, api: AppApi): Promise<void> {
  const settings = await api.invoke('settings.get', {});
  store.setState({ loaded: true, keymap: resolveKeymap(settings.keymap), rawKeymap: settings.keymap, annotator: settings.annotator });
}

/** Store the keymap (only what differs from the defaults) in settings. */
export async function saveKeymap(store: PrefsStore, api: AppApi, keymap: Keymap): Promise<void> {
  const known = new Set(Object.keys(DEFAULT_KEYMAP));
  const foreign = Object.fromEntries(Object.entries(store.getState().rawKeymap).filter(([k]) => !known.has(k)));
  const settings = await api.invoke('settings.update', { keymap: { ...foreign, ...keymapOverrides(keymap) } });
  store.setState({ keymap: resolveKeymap(settings.keymap), rawKeymap: settings.keymap, annotator: settings.annotator });
}
