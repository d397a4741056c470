/**
 * Builds a dataset snapshot (src/shared/training/manifest.ts) from the catalog:
 *
 * 1. candidate files (a folder, if asked); a file whose data failed to parse is excluded (parse_error);
 * 2. exact duplicates removed first: same data hash → the lowest file id stays, the others are excluded;
 * 3. confirmed labels of the chosen classes and sources (pickLabels); fewer than minClasses → no_labels;
 * 4. each file's channels resampled onto the depth grid and written as signals/<key>.npy in the dataset
 *    worker (no usable signal → no_signal);
 * 5. groups and the seeded split (grouping.ts, split.ts), the training split's normalisation, labels.npy;
 * 6. manifest.json, validated with the zod schema, whose content hash is the snapshot id;
 * all in a temp folder that is renamed into place at the end (snapshotFolder.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/api/errors';
import { Manifest, MANIFEST_SCHEMA_VERSION, type ManifestFile } from '../../../shared/training/manifest';
import type { CatalogDb } from '../../db/openCatalog';
import { attributeValues, candidateFiles, confirmedLabels, signalColumns, type CandidateFile } from './catalogRows';
import { columnKeysFor } from './channels';
import { DatasetWorker } from './datasetWorker';
import { groupOf, parseGroupBy } from './grouping';
import { combineStats } from './normalisation';
import { encodeNpy } from './npy';
import type { SnapshotSettings } from './options';
import { labelSetHash, pickLabels, type FileLabels } from './pickLabels';
import type { ChannelStats, ResampleResult } from './resampleTask';
import { snapshotIdOf } from './snapshotId';
import { checkTarget, commitFolder, makeTempBeside, MANIFEST_FILE, removeQuietly } from './snapshotFolder';
import { assignSplits } from './split';
import { checkClasses } from './checkClasses';

export interface BuildInput {
  db: CatalogDb;
  catalogPath: string;
  settings: SnapshotSettings;
  /** The snapshot folder; null: `<catalog folder>/datasets/<snapshotId>`. */
  outDir: string | null;
  by: string;
  app: string;
  now?: () => Date;
  signal?: AbortSignal;
}

export interface BuildResult {
  manifest: Manifest;
  dir: string;
  reused: boolean;
}

type Excluded = Manifest['excluded'][number];

/** Tasks kept queued in the worker: enough that it never waits for the main thread between files. */
const IN_FLIGHT = 4;

interface Kept {
  file: CandidateFile & { dataHash: string };
  labels: FileLabels;
  key: string;
}

function selectFiles(input: BuildInput): { kept: Kept[]; excluded: Excluded[] } {
  const { db, settings } = input;
  const excluded: Excluded[] = [];
  const byHash = new Map<string, CandidateFile>();
  const unique: Array<CandidateFile & { dataHash: string }> = [];
  for (const f of candidateFiles(db, settings.folder)) {
    if (f.parseError !== null || f.dataHash === null) {
      excluded.push({ path: f.path, reason: 'parse_error', detail: f.parseError ?? `${f.path}: never parsed (no stored data)` });
      continue;
    }
    const first = byHash.get(f.dataHash);
    if (first) {
      excluded.push({ path: f.path, reason: 'duplicate', detail: `same data as ${first.path} (file ${first.id}), which is kept` });
      continue;
    }
    byHash.set(f.dataHash, f);
    unique.push(f as CandidateFile & { dataHash: string });
  }
  const labels = pickLabels(confirmedLabels(db, settings.classes, settings.sources));
  const kept: Kept[] = [];
  const keys = new Map<string, string>();
  for (const f of unique) {
    const l = labels.get(f.id);
    const have = l ? settings.classes.filter((c) => c in l.depths) : [];
    if (!l || have.length < settings.minClasses) {
      const found = have.length === 0 ? 'no confirmed label' : `confirmed labels of ${have.join(', ')} only`;
      excluded.push({ path: f.path, reason: 'no_labels', detail: `${found} from ${settings.sources.join(', ')}; needs ${settings.minClasses} of ${settings.classes.join(', ')}` });
      continue;
    }
    const key = f.dataHash.slice(0, 16);
    const clash = keys.get(key);
    if (clash) throw new Error(`${f.path} and ${clash}: different data whose hashes share the first 16 hex digits (${key}); a snapshot cannot name both`);
    keys.set(key, f.path);
    kept.push({ file: f, labels: l, key });
  }
  return { kept, excluded };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ApiError('failed', 'dataset snapshot cancelled; nothing was written');
}

/** Resamples every kept file in the worker, keeping IN_FLIGHT tasks queued; results in the files' order. */
async function resampleAll(input: BuildInput, kept: readonly Kept[], tmp: string): Promise<ResampleResult[]> {
  const keys = columnKeysFor(input.settings.channels);
  const worker = new DatasetWorker();
  const results: ResampleResult[] = new Array<ResampleResult>(kept.length);
  try {
    const running = new Set<Promise<void>>();
    for (let i = 0; i < kept.length; i++) {
      throwIfAborted(input.signal);
      const { file, key } = kept[i]!;
      const { dataHash, columns } = signalColumns(input.db, file.id, keys);
      if (dataHash !== file.dataHash) throw new Error(`${file.path}: re-imported while the snapshot was built (its data changed); build it again`);
      const p: Promise<void> = worker
        .resample({ path: file.path, channels: input.settings.channels, stepMm: input.settings.stepMm, outFile: path.join(tmp, 'signals', `${key}.npy`), columns })
        .then((r) => {
          results[i] = r;
          running.delete(p);
        });
      running.add(p);
      if (running.size >= IN_FLIGHT) await Promise.race(running);
    }
    await Promise.all(running);
    throwIfAborted(input.signal);
    return results;
  } finally {
    await worker.close();
  }
}

function countLabels(files: readonly ManifestFile[], classes: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of classes) out[c] = files.filter((f) => c in f.labels).length;
  return out;
}

async function buildInto(input: BuildInput, tmp: string, kept: readonly Kept[], excluded: Excluded[]): Promise<Omit<Manifest, 'snapshotId' | 'created'>> {
  const { settings } = input;
  const results = await resampleAll(input, kept, tmp);
  const groupKey = parseGroupBy(settings.groupBy);
  const attributes = groupKey.kind === 'attribute' ? attributeValues(input.db, groupKey.classId) : new Map<number, string>();
  const usable: Array<Kept & { result: Extract<ResampleResult, { kind: 'ok' }>; group: string }> = [];
  kept.forEach((k, i) => {
    const r = results[i]!;
    if (r.kind !== 'ok') {
      excluded.push({ path: k.file.path, reason: 'no_signal', detail: r.detail });
      return;
    }
    const group = groupOf({ fileId: k.file.id, folder: k.file.folder, head: k.file.head, globalCounter: k.file.globalCounter, attribute: attributes.get(k.file.id) ?? null }, groupKey);
    usable.push({ ...k, result: r, group });
  });
  if (usable.length === 0) {
    throw new Error(`no file qualifies for a snapshot: ${excluded.length} excluded (${summariseReasons(excluded)}); needs confirmed labels of ${settings.classes.join(', ')} from ${settings.sources.join(', ')}`);
  }
  const splits = assignSplits(
    usable.map((u) => ({ group: u.group, globalCounter: u.file.globalCounter })),
    { valFraction: settings.valFraction, valOrder: settings.valOrder, folds: settings.folds, seed: settings.seed },
  );
  const files: ManifestFile[] = usable.map((u) => {
    const a = splits.get(u.group)!;
    const labels: Record<string, number> = {};
    for (const c of settings.classes) if (c in u.labels.depths) labels[c] = u.labels.depths[c]!;
    const f: ManifestFile = {
      key: u.key,
      fileId: u.file.id,
      path: u.file.path,
      name: u.file.name,
      sourceHash: u.file.dataHash,
      head: u.file.head,
      globalCounter: u.file.globalCounter,
      group: u.group,
      split: a.split,
      fold: a.fold,
      length: u.result.length,
      depthStartMm: u.result.depthStartMm,
      signal: `signals/${u.key}.npy`,
      signalSha256: u.result.sha256,
      labels,
    };
    if (Object.keys(u.labels.multiple).length > 0) f.multipleLabels = { ...u.labels.multiple };
    return f;
  });
  const trainStats: ChannelStats[][] = usable.filter((_, i) => files[i]!.split === 'train').map((u) => u.result.stats);
  const labelRows = files.map((f) => settings.classes.map((c) => (c in f.labels ? f.labels[c]! : NaN)));
  fs.writeFileSync(path.join(tmp, 'labels.npy'), encodeNpy('<f8', labelRows, settings.classes.length), { flag: 'wx' });
  excluded.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    channels: settings.channels,
    resampling: { kind: 'depth', stepMm: settings.stepMm },
    normalisation: combineStats(trainStats, settings.channels.length),
    classes: settings.classes,
    selection: { sources: settings.sources, minClasses: settings.minClasses, folder: settings.folder },
    split: { groupBy: settings.groupBy, valFraction: settings.valFraction, valOrder: settings.valOrder, folds: settings.folds, seed: settings.seed },
    labelSetHash: labelSetHash(usable.map((u) => ({ sourceHash: u.file.dataHash, labels: u.labels }))),
    arrays: { labels: 'labels.npy' },
    files,
    excluded,
    counts: {
      files: files.length,
      train: files.filter((f) => f.split === 'train').length,
      val: files.filter((f) => f.split === 'val').length,
      groups: new Set(files.map((f) => f.group)).size,
      labels: countLabels(files, settings.classes),
    },
  };
}

function summariseReasons(excluded: readonly Excluded[]): string {
  const counts = new Map<string, number>();
  for (const e of excluded) counts.set(e.reason, (counts.get(e.reason) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).join(', ') || 'none';
}

export async function buildSnapshot(input: BuildInput): Promise<BuildResult> {
  const { settings } = input;
  checkClasses(input.db, settings);
  const datasetsDir = path.join(path.dirname(path.resolve(input.catalogPath)), 'datasets');
  if (input.outDir !== null) checkTarget(input.outDir);
  const { kept, excluded } = selectFiles(input);
  const tmp = makeTempBeside(input.outDir ?? path.join(datasetsDir, 'snapshot'));
  try {
    const body = await buildInto(input, tmp, kept, excluded);
    const snapshotId = snapshotIdOf(body);
    const manifest = Manifest.parse({ ...body, snapshotId, created: { at: (input.now ?? (() => new Date()))().toISOString(), by: input.by, app: input.app, catalog: path.resolve(input.catalogPath) } });
    fs.writeFileSync(path.join(tmp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
    const dir = input.outDir ?? path.join(datasetsDir, snapshotId);
    const reused = commitFolder(tmp, dir, snapshotId);
    if (!reused) return { manifest, dir, reused };
    return { manifest: Manifest.parse(JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8'))), dir, reused };
  } catch (err) {
    removeQuietly(tmp);
    throw err;
  }
}
