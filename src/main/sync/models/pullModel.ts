/**
 * `udw models pull NAME@ALIAS`: a registered model version from the MLflow server into the local model
 * registry. The alias (or version) is resolved through the REST API, the version's ONNX file(s) come through
 * the artifact proxy into a temp folder, are checked (the size the proxy lists; the SHA-256 `udw sync`
 * tagged the version with, when it has one; then the registry's own checks: metadata, graph, loaded in the
 * inference process) and imported. What was pulled and where the alias pointed are recorded (pullStore.ts),
 * so pulling again while the alias stays put does nothing, and a moved alias is said to have moved.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CatalogDb } from '../../db/openCatalog';
import { modelsDirFor, type ModelRegistry } from '../../models/modelRegistry';
import type { ModelRecord } from '../../models/modelStore';
import { MlflowError } from '../mlflow/mlflowError';
import type { MlflowClient, ModelVersion } from '../mlflow/mlflowClient';
import { downloadArtifactFile, listArtifactFiles, type RemoteFile } from './artifactDownload';
import { formatModelVersionRef, parseModelVersionRef, type ModelVersionRef } from './modelVersionRef';
import { PullStore, type PulledVersionRow } from './pullStore';
import { ONNX_FILE_TAG, ONNX_SHA256_TAG } from './versionTags';


export interface PullInput {
  db: CatalogDb;
  catalogPath: string;
  client: MlflowClient;
  registry: ModelRegistry;
  ref: string;
  now?: () => string;
}

export interface PullResult {
  model: {
    id: string;
    name: string;
    version: string;
    alias: string | null;
    /** The MLflow run the version was made from. */
    runId: string | null;
    path: string;
    /** The local training run id the model's own metadata names (where it was trained). */
    trainingRunId: string | null;
    server: string;
    sha256: string;
    source: string;
  };
  /** False when this version was here already (nothing downloaded). */
  pulled: boolean;
  aliasMoved: { from: string; to: string } | null;
  /** How the downloaded bytes were checked before import: against the version's SHA-256 tag, or by size only. */
  verified: 'sha256' | 'size' | null;
  /** Every ONNX file of the version, when it has more than the main one. */
  files: Array<{ file: string; id: string }>;
  message: string;
}

const tagOf = (v: ModelVersion, key: string): string | null => v.tags?.find((t) => t.key === key)?.value ?? null;

/** The version the reference names, or an error saying what the server has instead. */
async function resolveVersion(client: MlflowClient, ref: ModelVersionRef, label: string): Promise<ModelVersion> {
  const registered = await client.registeredModel(ref.name);
  if (!registered) throw new Error(`${label}: MLflow server ${client.server} has no registered model '${ref.name}' (\`udw sync register RUN_ID --model NAME\` registers one)`);
  const aliases = (registered.aliases ?? []).map((a) => `${a.alias} → ${a.version}`).join(', ') || 'none';
  if (ref.kind === 'alias') {
    const noAlias = `${label}: model '${ref.name}' on ${client.server} has no alias '${ref.alias}' (its aliases: ${aliases})`;
    // The model's own list first: servers answer an unknown alias with 404 or 400, depending on the version.
    if (registered.aliases && !registered.aliases.some((a) => a.alias === ref.alias)) throw new Error(noAlias);
    try {
      return await client.versionByAlias(ref.name, ref.alias);
    } catch (err) {
      if (err instanceof MlflowError && (err.kind === 'not_found' || err.kind === 'invalid')) throw new Error(noAlias, { cause: err });
      throw err;
    }
  }
  if (ref.kind === 'latest') {
    const latest = (registered.latest_versions ?? []).map((v) => Number(v.version)).filter(Number.isFinite);
    if (latest.length === 0) throw new Error(`${label}: model '${ref.name}' on ${client.server} has no versions yet`);
    return await client.getModelVersion(ref.name, String(Math.max(...latest)));
  }
  try {
    return await client.getModelVersion(ref.name, ref.version);
  } catch (err) {
    if (err instanceof MlflowError && (err.kind === 'not_found' || err.kind === 'invalid')) throw new Error(`${label}: model '${ref.name}' on ${client.server} has no version ${ref.version} (its aliases: ${aliases})`, { cause: err });
    throw err;
  }
}

/** model.onnx when there is one, else the first ONNX file. */
function mainOf(files: RemoteFile[]): RemoteFile {
  return files.find((f) => path.posix.basename(f.path) === 'model.onnx') ?? files[0]!;
}

async function download(input: PullInput, version: ModelVersion, label: string, at: string): Promise<{ rows: PulledVersionRow[]; main: ModelRecord; verified: 'sha256' | 'size' }> {
  const { client, registry } = input;
  const source = await client.modelVersionDownloadUri(version.name, version.version);
  const listed = await listArtifactFiles(client.http, source);
  const onnx = listed.filter((f) => f.path.toLowerCase().endsWith('.onnx'));
  if (onnx.length === 0) {
    const has = listed.map((f) => f.path).join(', ') || 'nothing';
    throw new Error(`${label}: version ${version.version} (run ${version.run_id ?? '?'}) has no .onnx file under ${source} (it has ${has}); expected an ONNX model exported by python-bridge (udw sync registers model/model.onnx)`);
  }
  const wantSha = tagOf(version, ONNX_SHA256_TAG);
  const wantFile = tagOf(version, ONNX_FILE_TAG) ?? (onnx.length === 1 ? onnx[0]!.path : 'model.onnx');
  const main = mainOf(onnx);
  const dir = modelsDirFor(input.catalogPath);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = fs.mkdtempSync(path.join(dir, '.pull-'));
  const rows: PulledVersionRow[] = [];
  let mainRecord: ModelRecord | null = null;
  let verified: 'sha256' | 'size' = 'size';
  try {
    for (const [i, file] of onnx.entries()) {
      const local = path.join(temp, String(i), path.posix.basename(file.path));
      const sha256 = await downloadArtifactFile(client.http, source, file, local);
      if (wantSha && path.posix.basename(file.path) === path.posix.basename(wantFile)) {
        if (sha256 !== wantSha) throw new Error(`${label}: ${file.path} of version ${version.version} has SHA-256 ${sha256}, but the version is tagged ${ONNX_SHA256_TAG}=${wantSha}; the server holds other bytes than were registered, nothing was imported`);
        if (file === main) verified = 'sha256';
      }
      let imported: ModelRecord;
      try {
        imported = (await registry.importFile(local, { name: version.name })).model;
      } catch (err) {
        throw new Error(`${label}: ${file.path} of version ${version.version} is not a model this app can run: ${(err as Error).message}`, { cause: err });
      }
      if (file === main) mainRecord = imported;
      rows.push({ server: client.server, name: version.name, version: version.version, file: file.path, main: file === main ? 1 : 0, model_id: imported.id, run_id: version.run_id ?? null, source, sha256, pulled_at: at });
    }
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
  return { rows, main: mainRecord!, verified };
}

export async function pullModel(input: PullInput): Promise<PullResult> {
  const ref = parseModelVersionRef(input.ref);
  const label = `pull ${formatModelVersionRef(ref)}`;
  const at = (input.now ?? (() => new Date().toISOString()))();
  const store = new PullStore(input.db);
  const server = input.client.server;
  try {
    const version = await resolveVersion(input.client, ref, label);
    if (version.status !== 'READY') throw new Error(`${label}: version ${version.version} of '${ref.name}' is ${version.status}${version.status_message ? ` (${version.status_message})` : ''}; pull it once it is READY`);
    const earlier = store.version(server, version.name, version.version);
    const here = earlier ? input.registry.store.get(earlier.model_id) : null;
    let main: ModelRecord;
    let pulled = false;
    let verified: PullResult['verified'] = null;
    let files: PullResult['files'] = [];
    if (here && fs.existsSync(here.path)) {
      main = here;
    } else {
      const got = await download(input, version, label, at);
      store.recordVersion(got.rows);
      main = got.main;
      pulled = true;
      verified = got.verified;
      files = got.rows.length > 1 ? got.rows.map((r) => ({ file: r.file, id: r.model_id })) : [];
    }
    const aliasMoved = ref.kind === 'alias' ? store.recordAlias(server, version.name, ref.alias, version.version, at) : null;
    const row = store.version(server, version.name, version.version)!;
    const what = ref.kind === 'alias' ? `${ref.name}@${ref.alias}` : `${ref.name} version ${version.version}`;
    const moved = aliasMoved ? ` (the alias moved from version ${aliasMoved.from} to ${aliasMoved.to})` : '';
    const message = pulled
      ? `${what}: pulled version ${version.version} as ${main.id}${moved}`
      : `${what}: version ${version.version} is already here as ${main.id}${aliasMoved ? moved : ref.kind === 'alias' ? '; the alias has not moved, nothing to do' : '; nothing to do'}`;
    return {
      model: {
        id: main.id,
        name: version.name,
        version: version.version,
        alias: ref.kind === 'alias' ? ref.alias : null,
        runId: version.run_id ?? null,
        path: main.path,
        trainingRunId: main.metadata.runId ?? null,
        server,
        sha256: main.sha256,
        source: row.source,
      },
      pulled,
      aliasMoved,
      verified,
      files,
      message,
    };
  } catch (err) {
    // The transport's own words (with its code), less the outbox's "queued work waits", which a pull has none of.
    if (err instanceof MlflowError && err.kind === 'unreachable') throw new Error(`${label}: ${err.message.replace(/; queued work waits and is retried$/, '')}; nothing was pulled`, { cause: err });
    if (err instanceof MlflowError) throw new Error(`${label}: ${err.message}`, { cause: err });
    throw err;
  }
}
