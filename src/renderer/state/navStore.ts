/** Which section is shown, and which file is open for annotation. */
import { create } from 'zustand';

export const SECTIONS = ['catalog', 'annotate', 'training', 'models', 'sync', 'settings'] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_TITLES: Record<Section, string> = {
  catalog: 'Catalog',
  annotate: 'Annotate',
  training: 'Training',
  models: 'Models',
  sync: 'Sync',
  settings: 'Settings',
};

interface NavState {
  section: Section;
  openFileId: number | null;
  go: (section: Section) => void;
  openFile: (id: number) => void;
}

export const useNav = create<NavState>((set) => ({
  section: 'catalog',
  openFileId: null,
  go: (section) => set({ section }),
  openFile: (id) => set({ openFileId: id, section: 'annotate' }),
}));
