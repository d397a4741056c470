import type { Migration } from './index';

/**
 * Label findings (DOMAIN §14 rows 36–39) live in the findings table of 001 under scope 'label', next to
 * 'file' and 'parse' (the import's, replaced when a file is re-parsed) and 'catalog' (the derive's): each
 * writer replaces only its own scope (catalog/labelFindings.ts). No table changes: the scope column was made
 * for this.
 *
 * Catalogs labelled before this migration have no label findings yet: marking the derived data pending has
 * the next import's derive step compute them for every labelled file. Until then a label edit computes its
 * own file's.
 * Never edit this migration once shipped; add 005_… instead.
 */
export const labelFindingsSchema: Migration = {
  name: '004_label_findings',
  up(db) {
    db.prepare("INSERT INTO catalog_state (key, value) VALUES ('derive_pending', 'migration 004: label findings') ON CONFLICT (key) DO NOTHING").run();
  },
};
