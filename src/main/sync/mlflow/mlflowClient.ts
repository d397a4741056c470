/**
 * The MLflow tracking and registry REST calls the sync needs, each written so that redoing it is safe:
 * experiments and registered models are get-or-create (a create that loses a race fetches the winner),
 * runs are found by their client-made sync id before one is created, metric history can be read back to
 * see whether a batch that got no answer arrived. Artifacts are in artifactUpload.ts.
 */
import { MlflowError } from './mlflowError';
import type { Batch, KeyValue, Metric } from './batchSplit';
import type { MlflowHttp } from './mlflowHttp';

export const SYNC_ID_TAG = 'udw.sync_id';

export interface RunInfo {
  run_id: string;
  experiment_id: string;
  status: string;
  artifact_uri: string;
  run_name?: string;
  lifecycle_stage?: string;
  end_time?: number;
}
export interface RunData {
  info: RunInfo;
  data: { tags?: KeyValue[]; params?: KeyValue[]; metrics?: Metric[] };
  inputs?: { dataset_inputs?: Array<{ dataset: { name: string; digest: string } }> };
}
export interface ModelVersion {
  name: string;
  version: string;
  status: 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';
  status_message?: string;
  source: string;
  run_id?: string;
  aliases?: string[];
  tags?: KeyValue[];
}
export interface RegisteredModel {
  name: string;
  aliases?: Array<{ alias: string; version: string }>;
  latest_versions?: ModelVersion[];
}

const API = 'api/2.0/mlflow';
/** MLflow filter strings quote with '…'; a quote inside is doubled. */
const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export class MlflowClient {
  public constructor(public readonly http: MlflowHttp) {}

  public get server(): string {
    return this.http.server;
  }

  public async health(): Promise<void> {
    await this.http.json('GET', `${API}/experiments/search`, { query: { max_results: 1 } });
  }

  /** Race-safe: create; if another client made it first, fetch it by name. A deleted one is refused. */
  public async getOrCreateExperiment(name: string): Promise<string> {
    const existing = await this.experimentByName(name);
    if (existing) return existing;
    try {
      const res = await this.http.json<{ experiment_id: string }>('POST', `${API}/experiments/create`, { body: { name } });
      return res.experiment_id;
    } catch (err) {
      if (err instanceof MlflowError && err.kind === 'already_exists') {
        const winner = await this.experimentByName(name);
        if (winner) return winner;
      }
      throw err;
    }
  }

  private async experimentByName(name: string): Promise<string | null> {
    try {
      const res = await this.http.json<{ experiment: { experiment_id: string; lifecycle_stage: string } }>('GET', `${API}/experiments/get-by-name`, { query: { experiment_name: name } });
      if (res.experiment.lifecycle_stage !== 'active') {
        throw new MlflowError('invalid', `MLflow server ${this.server}: experiment '${name}' is deleted there; restore it (\`mlflow experiments restore --experiment-id ${res.experiment.experiment_id}\`) or choose another name with \`udw remote set --experiment NAME\``);
      }
      return res.experiment.experiment_id;
    } catch (err) {
      if (err instanceof MlflowError && err.kind === 'not_found') return null;
      throw err;
    }
  }

  /** The run carrying this sync id, if a create (maybe one whose answer was lost) already made it. */
  public async findRunBySyncId(experimentId: string, syncId: string): Promise<RunInfo | null> {
    const res = await this.http.json<{ runs?: RunData[] }>('POST', `${API}/runs/search`, {
      body: { experiment_ids: [experimentId], filter: `tags.\`${SYNC_ID_TAG}\` = ${quote(syncId)}`, max_results: 10, run_view_type: 'ALL' },
    });
    const runs = (res.runs ?? []).map((r) => r.info);
    if (runs.length > 1) throw new MlflowError('invalid', `MLflow server ${this.server}: ${runs.length} runs carry ${SYNC_ID_TAG}=${syncId} (${runs.map((r) => r.run_id).join(', ')}); delete the extra ones`);
    return runs[0] ?? null;
  }

  public async createRun(experimentId: string, runName: string, startTime: number, tags: KeyValue[]): Promise<RunInfo> {
    const res = await this.http.json<{ run: RunData }>('POST', `${API}/runs/create`, { body: { experiment_id: experimentId, run_name: runName, start_time: startTime, tags } });
    return res.run.info;
  }

  public async getRun(runId: string): Promise<RunData> {
    return (await this.http.json<{ run: RunData }>('GET', `${API}/runs/get`, { query: { run_id: runId } })).run;
  }

  public async logBatch(runId: string, batch: Batch): Promise<void> {
    await this.http.json('POST', `${API}/runs/log-batch`, { body: { run_id: runId, ...batch } });
  }

  /** Every point of one metric of a run, all pages. */
  public async metricHistory(runId: string, key: string): Promise<Metric[]> {
    const out: Metric[] = [];
    let pageToken: string | undefined;
    do {
      const res = await this.http.json<{ metrics?: Metric[]; next_page_token?: string }>('GET', `${API}/metrics/get-history`, { query: { run_id: runId, metric_key: key, max_results: 25_000, page_token: pageToken } });
      out.push(...(res.metrics ?? []));
      pageToken = res.next_page_token || undefined;
    } while (pageToken);
    return out;
  }

  public async updateRun(runId: string, status: 'FINISHED' | 'FAILED' | 'KILLED', endTime: number): Promise<void> {
    await this.http.json('POST', `${API}/runs/update`, { body: { run_id: runId, status, end_time: endTime } });
  }

  /** The dataset a run trained on, with the snapshot's digest. The server keeps one input per (name, digest). */
  public async logInput(runId: string, dataset: { name: string; digest: string; source: string; sourceType: string; context: string; profile?: string; tags?: KeyValue[] }): Promise<void> {
    const tags = [{ key: 'mlflow.data.context', value: dataset.context }, ...(dataset.tags ?? [])];
    await this.http.json('POST', `${API}/runs/log-inputs`, {
      body: {
        run_id: runId,
        datasets: [{ tags, dataset: { name: dataset.name, digest: dataset.digest, source_type: dataset.sourceType, source: dataset.source, ...(dataset.profile ? { profile: dataset.profile } : {}) } }],
      },
    });
  }

  public async getOrCreateRegisteredModel(name: string): Promise<void> {
    try {
      await this.http.json('GET', `${API}/registered-models/get`, { query: { name } });
      return;
    } catch (err) {
      if (!(err instanceof MlflowError && err.kind === 'not_found')) throw err;
    }
    try {
      await this.http.json('POST', `${API}/registered-models/create`, { body: { name, tags: [{ key: 'udw.created_by', value: 'udw sync' }] } });
    } catch (err) {
      if (!(err instanceof MlflowError && err.kind === 'already_exists')) throw err;
    }
  }

  /** The version already made from this run and source, so a retried registration adds none. */
  public async findModelVersion(name: string, runId: string, source: string): Promise<ModelVersion | null> {
    const res = await this.http.json<{ model_versions?: ModelVersion[] }>('GET', `${API}/model-versions/search`, { query: { filter: `name=${quote(name)} and run_id=${quote(runId)}`, max_results: 200 } });
    return (res.model_versions ?? []).find((v) => v.source === source) ?? null;
  }

  public async createModelVersion(name: string, source: string, runId: string, runLink: string): Promise<ModelVersion> {
    const res = await this.http.json<{ model_version: ModelVersion }>('POST', `${API}/model-versions/create`, { body: { name, source, run_id: runId, run_link: runLink } });
    return res.model_version;
  }

  public async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    return (await this.http.json<{ model_version: ModelVersion }>('GET', `${API}/model-versions/get`, { query: { name, version } })).model_version;
  }

  /** Polls until the version is READY; FAILED_REGISTRATION is an error naming the server's reason. */
  public async waitReady(name: string, version: string, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<ModelVersion> {
    const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
    for (;;) {
      const v = await this.getModelVersion(name, version);
      if (v.status === 'READY') return v;
      if (v.status === 'FAILED_REGISTRATION') throw new MlflowError('invalid', `MLflow server ${this.server}: registering ${name} version ${version} failed (${v.status_message ?? 'no reason given'})`);
      if (Date.now() > deadline) throw new MlflowError('busy', `MLflow server ${this.server}: ${name} version ${version} is still ${v.status}; will check again`);
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
    }
  }

  public async setAlias(name: string, alias: string, version: string): Promise<void> {
    await this.http.json('POST', `${API}/registered-models/alias`, { body: { name, alias, version } });
  }

  public async versionByAlias(name: string, alias: string): Promise<ModelVersion> {
    return (await this.http.json<{ model_version: ModelVersion }>('GET', `${API}/registered-models/alias`, { query: { name, alias } })).model_version;
  }

  /** A registered model with its aliases; null when the server has none of that name. */
  public async registeredModel(name: string): Promise<RegisteredModel | null> {
    try {
      return (await this.http.json<{ registered_model: RegisteredModel }>('GET', `${API}/registered-models/get`, { query: { name } })).registered_model;
    } catch (err) {
      if (err instanceof MlflowError && err.kind === 'not_found') return null;
      throw err;
    }
  }

  /** A tag on a model version (last write wins, so setting it again is harmless). */
  public async setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.http.json('POST', `${API}/model-versions/set-tag`, { body: { name, version, key, value } });
  }

  /** Where the version's files are (an artifact URI such as mlflow-artifacts:/1/<run>/artifacts/model). */
  public async modelVersionDownloadUri(name: string, version: string): Promise<string> {
    return (await this.http.json<{ artifact_uri: string }>('GET', `${API}/model-versions/get-download-uri`, { query: { name, version } })).artifact_uri;
  }
}
