/** Which section is shown, and which file is open for annotation. */
import { create } from 'zustand';

export const SECTIONS = ['catalog', 'annotate', 'agreement', 'training', 'runs', 'models', 'sync', 'settings'] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_TITLES: Record<Section, string> = {
  catalog: 'Catalog',
  annotate: 'Annotate',
  agreement: 'Agreement',
  training: 'Training',
  runs: 'Runs',
  models: 'Models',
  sync: 'Sync',
  settings: 'Settings',
};

interface NavState {
  section: Section;
  openFileId: number | null;
  /** A message for the whole app (a deep link that could not be followed); null when there is none. */
  notice: string | null;
  go: (section: Section) => void;
  openFile: (id: number) => void;
  setNotice: (notice: string | null) => void;
}

/**
 * A reload (F5, a renderer crash in Electron) comes back to the same section and file. Kept per tab in
 * sessionStorage: a second window starts at the catalog.
 */
const NAV_KEY = 'udw-nav';

function restored(): Pick<NavState, 'section' | 'openFileId'> {
  try {
    const raw = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(NAV_KEY);
    if (raw) {
      const v = JSON.parse(raw) as { section?: unknown; openFileId?: unknown };
      const section = (SECTIONS as readonly unknown[]).includes(v.section) ? (v.section as Section) : 'catalog';
      const openFileId = typeof v.openFileId === 'number' && Number.isInteger(v.openFileId) && v.openFileId > 0 ? v.openFileId : null;
      return { section, openFileId };
    }
  } catch {
    // Storage unavailable or corrupt: start fresh.
  }
  return { section: 'catalog', openFileId: null };
}

export const useNav = create<NavState>((set) => ({
  ...restored(),
  notice: null,
  go: (section) => set({ section }),
  openFile: (id) => set({ openFileId: id, section: 'annotate' }),
  setNotice: (notice) => set({ notice }),
}));

useNav.subscribe((s, prev) => {
  if (s.section === prev.section && s.openFileId === prev.openFileId) return;
  try {
    if (typeof sessionStorage !== 'undefined') sessionStorage.setItem(NAV_KEY, JSON.stringify({ section: s.section, openFileId: s.openFileId }));
  } catch {
    // Quota or privacy mode: navigation still works, it just is not restored.
  }
});
