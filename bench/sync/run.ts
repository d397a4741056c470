/**
 * Sync benchmark (docs/BENCHMARKS.md § Sync): against one local `mlflow server` (SQLite, proxied artifacts),
 * udw's REST client and the official Python client (`mlflow` log_batch / log_artifact, bench/sync/python_client.py)
 * in the same run, alternating, each doing one run with 10,000 metric points and one 50 MB artifact.
 * udw is timed twice for the metrics: the bare client (create run + log-batch chunks), and the whole outbox
 * (a local run queued and drained: create, chunks, status, every step committed to the catalog); and twice
 * for the artifact: an upload step's first attempt as the outbox makes it (straight to the PUT, the hash
 * taken as the bytes go), the run's check of its uploads that the finish step makes (one listing per
 * folder: the size read back), timed on its own and reported beside the upload, and a retry's upload (the
 * server's listing looked at first, for per-file resume).
 * The Python client runs as a child without blocking this event loop: a loop held up for seconds keeps a
 * kept-alive socket past the server's idle timeout, and the next write on it would fail.
 *
 *   npm run bench:sync -- [--rounds 3] [--mb 50] [--json]
 *
 * One warm-up round is not counted. Results: a Markdown table on stdout and bench/results/sync-<time>.json.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { checkUploads, uploadArtifact } from '../../src/main/sync/mlflow/artifactUpload';
import { splitBatch } from '../../src/main/sync/mlflow/batchSplit';
import { MlflowClient } from '../../src/main/sync/mlflow/mlflowClient';
import { MlflowHttp } from '../../src/main/sync/mlflow/mlflowHttp';
import { drainOutbox } from '../../src/main/sync/outbox/drainOutbox';
import { enqueueEndedRuns } from '../../src/main/sync/outbox/enqueueRun';
import { OutboxStore } from '../../src/main/sync/outbox/outboxStore';
import { MlflowServer } from '../../test/helpers/mlflowServer';
import { addFixtureRun, openTempCatalog } from '../../test/helpers/syncRuns';

const { values: opt } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, mb: { type: 'string', default: '50' }, json: { type: 'boolean', default: false } } });
const rounds = Number(opt.rounds);
const log = (m: string): void => void process.stderr.write(`${m}\n`);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const python = path.resolve('.venv', 'bin', 'python');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-bench-sync-'));
const artifact = path.join(tmp, 'artifact.bin');
fs.writeFileSync(artifact, randomBytes(Number(opt.mb) * 1024 * 1024));

log('starting mlflow server …');
const server = await MlflowServer.start();
const client = new MlflowClient(new MlflowHttp({ url: server.url }));
const results: Array<{ round: number; udwMetrics: number; udwOutbox: number; udwArtifact: number; udwArtifactCheck: number; udwArtifactRetry: number; udwArtifactCpu: number; pyMetrics: number; pyArtifact: number; pyArtifactCpu: number }> = [];

async function udwBare(): Promise<{ metrics: number; artifact: number; artifactCheck: number; artifactRetry: number; artifactCpu: number }> {
  const t0 = performance.now();
  const expId = await client.getOrCreateExperiment('bench-udw');
  const run = await client.createRun(expId, 'bench', Date.now(), []);
  const base = 1_772_000_000_000;
  const metrics = Array.from({ length: 4 }, (_, k) => Array.from({ length: 2500 }, (_, e) => ({ key: `k${k}`, value: 1 / (e + 1) + k, timestamp: base + e, step: e }))).flat();
  for (const batch of splitBatch({ metrics, params: [], tags: [] })) await client.logBatch(run.run_id, batch);
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  // The outbox's first attempt at an upload step: nothing can be on the server yet; the run's finish step checks it.
  await uploadArtifact(client.http, run.artifact_uri, artifact, 'artifact.bin', undefined, { checkFirst: false, checkAfter: false });
  const t2 = performance.now();
  const used = process.cpuUsage(cpu);
  // The finish step's check of the run's uploads (here the one file: one listing).
  const wrong = await checkUploads(client.http, run.artifact_uri, [{ file: artifact, artifactPath: 'artifact.bin' }]);
  if (wrong.length) throw new Error('bench: the uploaded artifact does not read back as sent');
  const t3 = performance.now();
  // A retry's: the listing first (the file is not there under this name, so it is sent whole).
  await uploadArtifact(client.http, run.artifact_uri, artifact, 'artifact-retry.bin', undefined, { checkFirst: true, checkAfter: false });
  const t4 = performance.now();
  await client.updateRun(run.run_id, 'FINISHED', Date.now());
  return { metrics: (t1 - t0) / 1000, artifact: (t2 - t1) / 1000, artifactCheck: (t3 - t2) / 1000, artifactRetry: (t4 - t3) / 1000, artifactCpu: (used.user + used.system) / 1e6 };
}

async function udwOutbox(round: number): Promise<number> {
  const dir = path.join(tmp, `outbox-${round}`);
  const { db } = openTempCatalog(dir);
  try {
    addFixtureRun(db, dir, { runId: `run-bench${round}00`, epochs: 2500, keys: 4 });
    db.prepare(`DELETE FROM run_artifacts`).run(); // metrics only: the artifact is timed on its own
    enqueueEndedRuns(db, { server: server.url, experiment: 'bench-outbox', offline: false });
    const t0 = performance.now();
    await drainOutbox({ client, store: new OutboxStore(db), retry: { attempts: 3, baseMs: 100, maxMs: 1000 }, once: true });
    return (performance.now() - t0) / 1000;
  } finally {
    db.close();
  }
}

const execFileAsync = promisify(execFile);

async function pythonClient(): Promise<{ metrics: number; artifact: number; artifactCpu: number }> {
  const { stdout: out } = await execFileAsync(python, [path.resolve('bench/sync/python_client.py'), server.url, 'bench-python', artifact], { encoding: 'utf8', env: { ...process.env, MLFLOW_ENABLE_ASYNC_LOGGING: 'false' } });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { metricsSeconds: number; artifactSeconds: number; artifactCpuSeconds: number };
  return { metrics: r.metricsSeconds, artifact: r.artifactSeconds, artifactCpu: r.artifactCpuSeconds };
}

try {
  // One unrecorded round first: a fresh server answers its first calls slowly (imports, SQLite warm-up).
  log('warm-up round …');
  await udwBare();
  await pythonClient();
  for (let round = 1; round <= rounds; round++) {
    // Alternate who goes first, so neither always meets a warmer server.
    const order = round % 2 ? ['udw', 'py'] : ['py', 'udw'];
    let u = { metrics: 0, artifact: 0, artifactCheck: 0, artifactRetry: 0, artifactCpu: 0 };
    let p = { metrics: 0, artifact: 0, artifactCpu: 0 };
    for (const who of order) {
      if (who === 'udw') u = await udwBare();
      else p = await pythonClient();
    }
    const outbox = await udwOutbox(round);
    // The round's copies off the server's disk: each round writes to the same, nearly empty folder, and the
    // page cache's writeback of earlier rounds' 150 MB does not fall into a later round's uploads.
    for (const entry of fs.readdirSync(server.artifactsDir)) fs.rmSync(path.join(server.artifactsDir, entry), { recursive: true, force: true });
    results.push({ round, udwMetrics: u.metrics, udwOutbox: outbox, udwArtifact: u.artifact, udwArtifactCheck: u.artifactCheck, udwArtifactRetry: u.artifactRetry, udwArtifactCpu: u.artifactCpu, pyMetrics: p.metrics, pyArtifact: p.artifact, pyArtifactCpu: p.artifactCpu });
    log(`round ${round}: udw metrics ${u.metrics.toFixed(2)} s (outbox ${outbox.toFixed(2)} s), artifact ${(u.artifact * 1000).toFixed(1)} ms (+ check ${(u.artifactCheck * 1000).toFixed(1)} ms; retry ${(u.artifactRetry * 1000).toFixed(1)} ms); python metrics ${p.metrics.toFixed(2)} s, artifact ${(p.artifact * 1000).toFixed(1)} ms; load ${os.loadavg()[0]!.toFixed(1)}`);
  }
} finally {
  await client.http.close();
  await server.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
}

type Round = (typeof results)[number];
const m = (k: keyof Round): number => median(results.map((r) => r[k]));
/** udw ÷ Python per round, its median, and in how many rounds udw took less time. */
const versus = (udw: (r: Round) => number, py: (r: Round) => number): { median: number; faster: number } => ({
  median: median(results.map((r) => udw(r) / py(r))),
  faster: results.filter((r) => udw(r) < py(r)).length,
});
const ratios = {
  metrics: versus((r) => r.udwMetrics, (r) => r.pyMetrics),
  artifact: versus((r) => r.udwArtifact, (r) => r.pyArtifact),
  artifactWithCheck: versus((r) => r.udwArtifact + r.udwArtifactCheck, (r) => r.pyArtifact),
  artifactRetry: versus((r) => r.udwArtifactRetry, (r) => r.pyArtifact),
};
const summary = {
  at: new Date().toISOString(),
  rounds,
  artifactMB: Number(opt.mb),
  load: os.loadavg(),
  cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
  median: { udwMetrics: m('udwMetrics'), udwOutbox: m('udwOutbox'), udwArtifact: m('udwArtifact'), udwArtifactCheck: m('udwArtifactCheck'), udwArtifactRetry: m('udwArtifactRetry'), udwArtifactCpu: m('udwArtifactCpu'), pyMetrics: m('pyMetrics'), pyArtifact: m('pyArtifact'), pyArtifactCpu: m('pyArtifactCpu') },
  ratios,
  results,
};
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync(path.join('bench/results', `sync-${summary.at.replace(/[:.]/g, '-')}.json`), JSON.stringify(summary, null, 2));
if (opt.json) console.log(JSON.stringify(summary, null, 2));
else {
  const s = summary.median;
  const ms = (x: number): string => `${(x * 1000).toFixed(1)} ms`;
  const vs = (r: { median: number; faster: number }): string => `${r.median.toFixed(2)} (udw faster in ${r.faster} of ${rounds})`;
  console.log(
    [
      `| median of ${rounds} rounds | udw (REST client) | udw (outbox: queue, drain, commit each step) | Python client | udw / Python, median of the rounds' ratios |`,
      '|---|---|---|---|---|',
      `| 10,000 metric points (create run + log-batch) | ${s.udwMetrics.toFixed(2)} s | ${s.udwOutbox.toFixed(2)} s | ${s.pyMetrics.toFixed(2)} s | ${vs(ratios.metrics)} |`,
      `| ${opt.mb} MB artifact: upload step, first attempt (the PUT) | ${ms(s.udwArtifact)} | – | ${ms(s.pyArtifact)} | ${vs(ratios.artifact)} |`,
      `| … and the finish step's check of it (one listing) | + ${ms(s.udwArtifactCheck)} | – | (none) | ${vs(ratios.artifactWithCheck)} with the check |`,
      `| ${opt.mb} MB artifact: the client's CPU for the upload | ${ms(s.udwArtifactCpu)} | – | ${ms(s.pyArtifactCpu)} | ${(s.udwArtifactCpu / s.pyArtifactCpu).toFixed(2)} |`,
      `| ${opt.mb} MB artifact: a retry's upload (listing first) | ${ms(s.udwArtifactRetry)} | – | ${ms(s.pyArtifact)} | ${vs(ratios.artifactRetry)} |`,
    ].join('\n'),
  );
}
