/** A manifest's summary, as `datasets.create`/`datasets.list` and `udw dataset create --json` give it. */
import type { SnapshotSummary } from '../../../shared/api/training.contract';
import type { Manifest } from '../../../shared/training/manifest';

export function summaryOf(manifest: Manifest, dir: string, reused: boolean): SnapshotSummary {
  return {
    snapshotId: manifest.snapshotId,
    dir,
    createdAt: manifest.created.at,
    files: manifest.counts.files,
    train: manifest.counts.train,
    val: manifest.counts.val,
    groups: manifest.counts.groups,
    folds: manifest.split.folds,
    classes: manifest.classes,
    channels: manifest.channels,
    groupBy: manifest.split.groupBy,
    sources: manifest.selection.sources,
    excluded: manifest.excluded.length,
    labels: manifest.counts.labels,
    reused,
  };
}
