/**
 * One outbox step against the server, written so that doing it twice has the effect of doing it once:
 * the run is looked up by its sync id before one is created; a log chunk whose earlier attempt got no
 * answer sends only the points the server's history lacks (MLflow appends metrics, and not every store
 * drops identical points); an upload skips a file the server already holds; a registration reuses the
 * version made from the same run and source. `checkFirst` says an earlier attempt may have reached the server.
 */
import fs from 'node:fs';
import { readDvcFile } from '../dvc/snapshotFiles';
import { checkUploads, uploadArtifact } from '../mlflow/artifactUpload';
import type { Batch, Metric } from '../mlflow/batchSplit';
import { MlflowError } from '../mlflow/mlflowError';
import type { MlflowClient } from '../mlflow/mlflowClient';
import { ONNX_FILE_TAG, ONNX_SHA256_TAG } from '../models/versionTags';
import type { RunPatch, StepRow, SyncRunRow } from './outboxStore';
import { OFFLINE_TAG, type CreateRunPayload, type FinishPayload, type LogBatchPayload, type LogInputsPayload, type RegisterPayload, type SetAliasPayload, type UploadPayload } from './planRunSync';

export interface StepContext {
  client: MlflowClient;
  run: SyncRunRow;
  checkFirst: boolean;
  /** The result an earlier step of this run stored. */
  resultOf(kind: StepRow['kind']): unknown;
  onBytes?: (file: string, sent: number, total: number) => void;
}

export interface StepOutcome {
  result?: unknown;
  patch: RunPatch;
}

function needRun(run: SyncRunRow): { runId: string; artifactUri: string; experimentId: string } {
  if (!run.mlflow_run_id || !run.artifact_uri || !run.experiment_id) throw new Error(`sync of ${run.local_run_id}: no MLflow run recorded before this step (the outbox is out of order)`);
  return { runId: run.mlflow_run_id, artifactUri: run.artifact_uri, experimentId: run.experiment_id };
}

const pointKey = (m: Metric): string => `${m.key}\u0000${m.step}\u0000${m.timestamp}\u0000${m.value}`;

/** The chunk less the metric points the server already has. */
async function missingPoints(client: MlflowClient, runId: string, batch: Batch): Promise<Metric[]> {
  const keys = [...new Set(batch.metrics.map((m) => m.key))];
  const there = new Set<string>();
  for (const key of keys) for (const m of await client.metricHistory(runId, key)) there.add(pointKey({ ...m, value: Number(m.value) }));
  return batch.metrics.filter((m) => !there.has(pointKey(m)));
}

/**
 * The dataset input of a run: MLflow keeps 36 characters of a digest, so the full snapshot id goes in the
 * input's tags and profile too; a snapshot pushed with DVC by now (its .dvc file in the data workspace)
 * adds DVC's md5 of the folder, the version `dvc pull` restores.
 */
function datasetInput(p: LogInputsPayload): Parameters<MlflowClient['logInput']>[1] & { dvcMd5: string | null } {
  let dvcMd5: string | null = null;
  if (p.dvcFile && fs.existsSync(p.dvcFile)) dvcMd5 = readDvcFile(p.dvcFile).md5;
  const tags = [...(p.snapshotId ? [{ key: 'udw.snapshot_id', value: p.snapshotId }] : []), ...(dvcMd5 ? [{ key: 'udw.dvc_md5', value: dvcMd5 }] : [])];
  const profile = p.snapshotId ? JSON.stringify({ snapshot_id: p.snapshotId, ...(dvcMd5 ? { dvc_md5: dvcMd5, dvc_file: p.dvcFile } : {}) }) : undefined;
  return { name: p.name, digest: p.digest, source: p.source, sourceType: dvcMd5 ? 'dvc' : 'local', context: 'training', profile, tags, dvcMd5 };
}

export async function runStep(ctx: StepContext, step: StepRow): Promise<StepOutcome> {
  const { client, run } = ctx;
  const payload = JSON.parse(step.payload_json) as unknown;
  switch (step.kind) {
    case 'create_run': {
      const p = payload as CreateRunPayload;
      const experimentId = run.experiment_id ?? (await client.getOrCreateExperiment(run.experiment));
      // Always look first: a create whose answer was lost (or a process killed after sending it) made the run already.
      const found = await client.findRunBySyncId(experimentId, run.sync_id);
      const tags = run.offline ? [...p.tags, { key: OFFLINE_TAG, value: 'true' }] : p.tags;
      const info = found ?? (await client.createRun(experimentId, p.runName, p.startTime, tags));
      if (found && run.offline) await client.logBatch(info.run_id, { metrics: [], params: [], tags: [{ key: OFFLINE_TAG, value: 'true' }] });
      return { result: { runId: info.run_id, reused: Boolean(found) }, patch: { experiment_id: experimentId, mlflow_run_id: info.run_id, artifact_uri: info.artifact_uri } };
    }
    case 'log_batch': {
      const p = payload as LogBatchPayload;
      const { runId } = needRun(run);
      const metrics = ctx.checkFirst ? await missingPoints(client, runId, p.batch) : p.batch.metrics;
      // Params are write-once and tags last-write-wins: sending them again is harmless.
      if (metrics.length || p.batch.params.length || p.batch.tags.length) await client.logBatch(runId, { ...p.batch, metrics });
      return { result: { sent: metrics.length, alreadyThere: p.batch.metrics.length - metrics.length }, patch: {} };
    }
    case 'upload': {
      const p = payload as UploadPayload;
      const { artifactUri } = needRun(run);
      // A first attempt skips listing the folder: nothing of it can be on the server yet. The copy is checked
      // after the PUT here, or with the run's other uploads in its finish step (checkLater).
      const res = await uploadArtifact(client.http, artifactUri, p.file, p.artifactPath, (sent, total) => ctx.onBytes?.(p.artifactPath, sent, total), { checkFirst: ctx.checkFirst, checkAfter: !p.checkLater });
      return { result: res, patch: {} };
    }
    case 'log_inputs': {
      const input = datasetInput(payload as LogInputsPayload);
      await client.logInput(needRun(run).runId, input);
      return { result: { digest: input.digest, dvcMd5: input.dvcMd5 }, patch: {} };
    }
    case 'finish': {
      const p = payload as FinishPayload;
      const { runId, artifactUri } = needRun(run);
      // No run is marked ended on the server before its files read back as they are here; a wrong copy (a
      // proxy's short body, a file changed since) is sent again and checked at once.
      // A file deleted here since its upload step (a cleaned-up run folder) has nothing to compare with or to
      // send again: its upload stands, and the result says it went unchecked.
      const here = (p.uploads ?? []).filter((f) => fs.existsSync(f.file));
      const wrong = here.length ? await checkUploads(client.http, artifactUri, here) : [];
      for (const f of wrong) await uploadArtifact(client.http, artifactUri, f.file, f.artifactPath, (sent, total) => ctx.onBytes?.(f.artifactPath, sent, total), { checkFirst: false });
      await client.updateRun(runId, p.status, p.endTime);
      const gone = (p.uploads ?? []).filter((f) => !here.includes(f)).map((f) => f.artifactPath);
      return { result: p.uploads ? { checked: here.length, sentAgain: wrong.map((f) => f.artifactPath), ...(gone.length ? { goneHere: gone } : {}) } : undefined, patch: {} };
    }
    case 'register': {
      const p = payload as RegisterPayload;
      const { runId, artifactUri, experimentId } = needRun(run);
      await client.getOrCreateRegisteredModel(p.model);
      const source = `${artifactUri}/${p.artifactDir}`;
      const version = (await client.findModelVersion(p.model, runId, source)) ?? (await client.createModelVersion(p.model, source, runId, client.http.runLink(experimentId, runId)));
      const ready = await client.waitReady(p.model, version.version);
      // Tags are last-write-wins: setting them again on a version found after a lost answer is harmless.
      if (p.onnxSha256 && p.onnxFile) {
        await client.setModelVersionTag(p.model, ready.version, ONNX_FILE_TAG, p.onnxFile);
        await client.setModelVersionTag(p.model, ready.version, ONNX_SHA256_TAG, p.onnxSha256);
      }
      return { result: { model: p.model, version: ready.version }, patch: {} };
    }
    case 'set_alias': {
      const p = payload as SetAliasPayload;
      const registered = ctx.resultOf('register') as { model: string; version: string } | null;
      if (!registered || registered.model !== p.model) throw new MlflowError('invalid', `set alias ${p.model}@${p.alias}: no version of ${p.model} was registered from ${run.local_run_id} first`);
      await client.setAlias(p.model, p.alias, registered.version);
      return { result: { model: p.model, alias: p.alias, version: registered.version }, patch: {} };
    }
  }
}
