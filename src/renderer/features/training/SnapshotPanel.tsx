/**
 * Dataset snapshots: build one from the catalog's labels (which label sources count, how files are
 * grouped so near-identical holes stay on one side, the validation share and order, k-fold, seed), and
 * pick the one to train on. The builder answers with the manifest summary, shown under the form.
 */
import { useApi } from '../../api/ApiContext';
import { DatasetSource, type DatasetSource as Source } from '../../../shared/training/manifest';
import type { SnapshotSummary } from '../../../shared/api/training.contract';
import { formatWhen, shortId } from './format';
import { createSnapshot, editSnapshotForm, selectSnapshot } from './trainingActions';
import { trainingStore, useTraining } from './trainingStore';
import type { GroupKind } from './trainingForms';

const SOURCE_TITLES: Record<Source, string> = { human: 'human', stepcode: 'accepted stop-code', heuristic: 'accepted heuristic', model: 'accepted model' };
const GROUP_TITLES: Record<GroupKind, string> = { head: 'head', folder: 'folder (series)', 'counter-block': 'global-counter block', attribute: 'file attribute' };

function FieldError({ text, id }: { text: string | undefined; id: string }): React.JSX.Element | null {
  return text ? (
    <span className="error small" id={id} role="alert">
      {text}
    </span>
  ) : null;
}

export function snapshotTitle(s: SnapshotSummary): string {
  return `${shortId(s.snapshotId)} · ${s.files} files (${s.train} train / ${s.val} val) · ${s.groupBy} · ${formatWhen(s.createdAt)}`;
}

function SnapshotForm(): React.JSX.Element {
  const api = useApi();
  const form = useTraining((s) => s.snapshotForm);
  const errors = useTraining((s) => s.snapshotErrors);
  const creating = useTraining((s) => s.creating);
  const edit = (patch: Parameters<typeof editSnapshotForm>[1]): void => editSnapshotForm(trainingStore, patch);
  return (
    <form
      className="training-form"
      aria-label="New dataset snapshot"
      onSubmit={(e) => {
        e.preventDefault();
        void createSnapshot(trainingStore, api);
      }}
    >
      <fieldset>
        <legend>Label sources</legend>
        {DatasetSource.options.map((src) => (
          <label key={src} className="check">
            <input
              type="checkbox"
              name={`source-${src}`}
              checked={form.sources.includes(src)}
              onChange={(e) => edit({ sources: e.target.checked ? [...form.sources, src] : form.sources.filter((x) => x !== src) })}
            />
            {SOURCE_TITLES[src]}
          </label>
        ))}
        <FieldError id="snapshot-sources-error" text={errors.sources} />
      </fieldset>
      <div className="training-fields">
        <label>
          Group by
          <select value={form.groupKind} onChange={(e) => edit({ groupKind: e.target.value as GroupKind, groupArg: e.target.value === 'counter-block' ? '10' : '' })}>
            {(Object.keys(GROUP_TITLES) as GroupKind[]).map((k) => (
              <option key={k} value={k}>
                {GROUP_TITLES[k]}
              </option>
            ))}
          </select>
        </label>
        {(form.groupKind === 'counter-block' || form.groupKind === 'attribute') && (
          <label>
            {form.groupKind === 'counter-block' ? 'Holes per block' : 'Attribute class id'}
            <input type="text" name="groupArg" value={form.groupArg} size={8} onChange={(e) => edit({ groupArg: e.target.value })} aria-invalid={!!errors.groupArg} />
          </label>
        )}
        <label>
          Validation fraction
          <input type="text" inputMode="decimal" name="valFraction" value={form.valFraction} size={5} onChange={(e) => edit({ valFraction: e.target.value })} aria-invalid={!!errors.valFraction} />
        </label>
        <label>
          Validation groups
          <select value={form.valOrder} onChange={(e) => edit({ valOrder: e.target.value as 'random' | 'latest' })}>
            <option value="random">random (seeded)</option>
            <option value="latest">latest (highest counters)</option>
          </select>
        </label>
        <label>
          Folds
          <input type="text" inputMode="numeric" name="folds" value={form.folds} size={4} placeholder="none" onChange={(e) => edit({ folds: e.target.value })} aria-invalid={!!errors.folds} />
        </label>
        <label>
          Seed
          <input type="text" inputMode="numeric" name="snapshotSeed" value={form.seed} size={6} onChange={(e) => edit({ seed: e.target.value })} aria-invalid={!!errors.seed} />
        </label>
        <button type="submit" disabled={creating} data-testid="snapshot-create">
          {creating ? 'Building…' : 'Create snapshot'}
        </button>
      </div>
      {(['groupArg', 'valFraction', 'folds', 'seed'] as const).map((k) => (
        <FieldError key={k} id={`snapshot-${k}-error`} text={errors[k]} />
      ))}
    </form>
  );
}

function SnapshotDetails({ s }: { s: SnapshotSummary }): React.JSX.Element {
  const labels = Object.entries(s.labels)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return (
    <p className="small snapshot-details" data-testid="snapshot-details" title={s.dir}>
      <span title={s.snapshotId}>{shortId(s.snapshotId)}</span>: {s.files} files, {s.train} train / {s.val} val in {s.groups} groups by {s.groupBy}
      {s.folds ? `, ${s.folds} folds` : ''}; labels {labels || 'none'}; channels {s.channels.join(', ')}; sources {s.sources.join(', ')}
      {s.excluded > 0 ? `; ${s.excluded} files left out` : ''}
    </p>
  );
}

export function SnapshotPanel(): React.JSX.Element {
  const snapshots = useTraining((s) => s.snapshots);
  const loaded = useTraining((s) => s.snapshotsLoaded);
  const selected = useTraining((s) => s.selectedSnapshot);
  const created = useTraining((s) => s.created);
  const chosen = snapshots.find((s) => s.snapshotId === selected) ?? null;
  return (
    <section className="training-card" aria-labelledby="snapshot-heading">
      <h2 id="snapshot-heading">Dataset snapshot</h2>
      <SnapshotForm />
      {created && (
        <p className="small" data-testid="snapshot-created" role="status">
          {created.reused ? 'Same inputs as an existing snapshot: reused' : 'Built'} {shortId(created.snapshotId)} with {created.files} files ({created.train} train, {created.val}{' '}
          validation).
        </p>
      )}
      <label className="inline grow snapshot-pick">
        Train on
        <select aria-label="Snapshot to train on" data-testid="snapshot-select" value={selected ?? ''} onChange={(e) => selectSnapshot(trainingStore, e.target.value || null)} disabled={snapshots.length === 0}>
          {snapshots.length === 0 && <option value="">{loaded ? 'no snapshots yet: create one above' : 'loading…'}</option>}
          {snapshots.map((s) => (
            <option key={s.snapshotId} value={s.snapshotId}>
              {snapshotTitle(s)}
            </option>
          ))}
        </select>
      </label>
      {chosen && <SnapshotDetails s={chosen} />}
    </section>
  );
}
