import type { Migration } from './index';

/**
 * Proposals are labels with a state (issue 10, hybrid labelling). A label row is now
 *   - 'proposed': made by a machine (stop codes, a heuristic, a model), waiting for a human; it counts as
 *     nothing (review status, label counts, findings, exports, datasets) until accepted;
 *   - 'confirmed': a label (every row before this migration, and a human's own);
 *   - 'rejected': a proposal a human turned down; kept so the agreement report and re-runs know.
 * `origin` is the proposal as first made ({depth, depthEnd, value, source, provenance, confidence}): set when a
 * machine-made label is created and never changed, so an accepted, moved or rejected proposal remembers what
 * was proposed. `provenance` names the rule set or model and its version; `details` keeps the sample index,
 * the reasons and the evidence. Keeping proposals in the labels table means accept, reject and move are the
 * same durable, logged, undoable edits as every other label edit.
 * Never edit this migration once shipped; add 006_… instead.
 */
export const labelStatesSchema: Migration = {
  name: '005_label_states',
  up(db) {
    db.exec(`
      ALTER TABLE labels ADD COLUMN state TEXT NOT NULL DEFAULT 'confirmed' CHECK (state IN ('proposed', 'confirmed', 'rejected'));
      ALTER TABLE labels ADD COLUMN provenance TEXT;
      ALTER TABLE labels ADD COLUMN origin TEXT CHECK (origin IS NULL OR json_valid(origin));
      ALTER TABLE labels ADD COLUMN details TEXT CHECK (details IS NULL OR json_valid(details));
      CREATE INDEX labels_by_file_state ON labels(file_id, state);
    `);
  },
};
