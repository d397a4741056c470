/**
 * `udw serve` as a real child process (the real bundle, its inference child, onnxruntime-node) on a free
 * loopback port: real corpus files (../shared/setitec, skipped clearly without it) and generated ones are
 * scored; the JSON signal-array shapes of MLflow's protocol give what the file gives; malformed bodies
 * (wrong types, empty, 50 MB, not a Setitec file, bad JSON) get a 4xx with a clear message; /metrics counts
 * all of it; and the server is still up at the end. A second server with --token refuses requests without it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSetitec } from '../../src/shared/setitec/parse';
import { encodeLatin1, generateSetitec } from '../../src/shared/setitec/generator/index';
import { TINY } from '../fixtures/models/modelsFixture';
import { CORPUS, hasCorpus } from './importFixtures';

if (!hasCorpus) console.warn(`SKIPPED: the corpus part of the scoring-server test needs ${CORPUS}`);

interface Server {
  child: ChildProcess;
  url: string;
  token: string | null;
}

let root: string;
let server: Server;
let generated: { file: string; text: string };

async function startServe(...args: string[]): Promise<Server> {
  const child = spawn('node', ['bin/udw.js', 'serve', '--model', TINY, '--port', '0', '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`udw serve exited ${code} before listening: ${stderr}`)));
  });
  const shown = JSON.parse(first) as { url: string; token: string | null };
  return { child, url: shown.url, token: shown.token };
}

async function stop(s: Server | undefined): Promise<number | null> {
  if (!s || s.child.exitCode !== null) return s?.child.exitCode ?? null;
  const exited = new Promise<number | null>((resolve) => s.child.once('exit', (code) => resolve(code)));
  s.child.kill('SIGINT');
  return exited;
}

function post(body: string | Uint8Array, type: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/invocations`, { method: 'POST', body, headers: { 'content-type': type, ...headers } });
}

interface Scored {
  predictions: Array<{ name: string; depthStartMm: number; length: number; keypoints: Array<{ classId: string; depth: number; confidence: number }> }>;
  model: { id: string; classes: string[] };
}

beforeAll(async () => {
  execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-serve-'));
  const g = generateSetitec({ seed: 901, version: 9, family: 'mdbmql', rows: 500 });
  generated = { file: path.join(root, g.expected.fileName), text: g.text };
  fs.writeFileSync(generated.file, encodeLatin1(g.text));
  server = await startServe();
}, 180_000);

afterAll(async () => {
  await stop(server);
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

function metricValue(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('udw serve', () => {
  it('answers /ping and /version, loopback by default and without a token', async () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    expect(server.token).toBeNull();
    expect((await fetch(`${server.url}/ping`)).status).toBe(200);
    const version = (await (await fetch(`${server.url}/version`)).json()) as { version: string; model: { id: string; classes: string[] } };
    expect(version.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(version.model.classes).toEqual(['entry', 'cfrp_ti_transition', 'exit']);
  });

  it('scores a Setitec file, and the same signals as JSON column arrays, dataframe_split and instances alike', async () => {
    const res = await post(fs.readFileSync(generated.file), 'application/octet-stream');
    expect(res.status).toBe(200);
    const fromFile = (await res.json()) as Scored;
    expect(fromFile.predictions).toHaveLength(1);
    expect(fromFile.predictions[0]!.keypoints.map((k) => k.classId)).toEqual(['entry', 'cfrp_ti_transition', 'exit']);

    const parsed = parseSetitec(encodeLatin1(generated.text), 'generated');
    if (!parsed.ok) throw new Error(parsed.error.message);
    const col = (key: string) => Array.from(parsed.file.data.columns.find((c) => c.key === key)!.values);
    const columns = { position: col('position'), i_torque: col('i_torque'), i_thrust: col('i_thrust') };
    const asInputs = (await (await post(JSON.stringify({ inputs: columns }), 'application/json')).json()) as Scored;
    expect(asInputs.predictions[0]!.keypoints).toEqual(fromFile.predictions[0]!.keypoints);
    const names = Object.keys(columns) as (keyof typeof columns)[];
    const split = { dataframe_split: { columns: names, data: columns.position.map((_, i) => names.map((n) => columns[n][i]!)) } };
    const asSplit = (await (await post(JSON.stringify(split), 'application/json')).json()) as Scored;
    expect(asSplit.predictions[0]!.keypoints).toEqual(fromFile.predictions[0]!.keypoints);
    const twice = (await (await post(JSON.stringify({ instances: [columns, columns] }), 'application/json')).json()) as Scored;
    expect(twice.predictions.map((p) => p.keypoints)).toEqual([fromFile.predictions[0]!.keypoints, fromFile.predictions[0]!.keypoints]);
  }, 60_000);

  it.skipIf(!hasCorpus)('scores real corpus files: every keypoint inside the file’s depth grid', async () => {
    const folder = path.join(CORPUS, 'MDB-MQL');
    const files = fs.readdirSync(folder).filter((f) => f.endsWith('.xls')).sort().slice(0, 5);
    expect(files.length).toBe(5);
    for (const f of files) {
      const res = await post(fs.readFileSync(path.join(folder, f)), 'text/plain');
      expect(res.status, f).toBe(200);
      const p = ((await res.json()) as Scored).predictions[0]!;
      expect(p.length).toBeGreaterThan(100);
      for (const k of p.keypoints) {
        expect(k.depth).toBeGreaterThanOrEqual(p.depthStartMm);
        expect(k.depth).toBeLessThanOrEqual(p.depthStartMm + (p.length - 1) * 0.02 + 1e-9);
        expect(k.confidence).toBeGreaterThanOrEqual(0);
        expect(k.confidence).toBeLessThanOrEqual(1);
      }
    }
  }, 120_000);

  it('refuses malformed bodies with a 4xx naming what was expected, counts them in /metrics, and stays up', async () => {
    const before = await (await fetch(`${server.url}/metrics`)).text();
    const cases: Array<{ body: string | Uint8Array; type: string; status: number; message: RegExp }> = [
      { body: JSON.stringify({ inputs: { position: 'deep', i_torque: [1] } }), type: 'application/json', status: 400, message: /inputs\.position: expected an array of numbers, got string/ },
      { body: JSON.stringify({ inputs: { position: [0, -1, 'x'] } }), type: 'application/json', status: 400, message: /inputs\.position\[2\]: expected a number/ },
      { body: JSON.stringify({ instances: 'all' }), type: 'application/json', status: 400, message: /instances: expected a non-empty array/ },
      { body: JSON.stringify({ rows: [] }), type: 'application/json', status: 400, message: /no inputs, instances, dataframe_split or dataframe_records/ },
      { body: '{"inputs": [', type: 'application/json', status: 400, message: /not valid JSON/ },
      { body: '', type: 'application/octet-stream', status: 400, message: /empty; expected a Setitec file or JSON/ },
      { body: 'this is not a drilling file\nat all\n', type: 'text/plain', status: 422, message: /expected/ },
      { body: JSON.stringify({ inputs: { position: [0, -0.01], i_torque: [1, 1] } }), type: 'application/json', status: 422, message: /channel thrust_net needs column i_thrust/ },
      { body: new Uint8Array(50 * 1024 * 1024).fill(0x41), type: 'application/octet-stream', status: 413, message: /over the limit of \d+ bytes/ },
    ];
    for (const c of cases) {
      const res = await post(c.body, c.type);
      expect(res.status, String(c.message)).toBe(c.status);
      const body = (await res.json()) as { error_code: string; message: string };
      expect(body.message).toMatch(c.message);
    }
    expect((await fetch(`${server.url}/invocations`)).status).toBe(405);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    // Still up, and still scoring.
    expect((await fetch(`${server.url}/ping`)).status).toBe(200);
    expect((await post(fs.readFileSync(generated.file), 'application/octet-stream')).status).toBe(200);
    const after = await (await fetch(`${server.url}/metrics`)).text();
    const delta = (name: string, labels: string) => metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta('udw_scoring_requests_total', '{route="/invocations",status="400"}')).toBe(6);
    expect(delta('udw_scoring_requests_total', '{route="/invocations",status="422"}')).toBe(2);
    expect(delta('udw_scoring_requests_total', '{route="/invocations",status="413"}')).toBe(1);
    expect(delta('udw_scoring_requests_total', '{route="/invocations",status="405"}')).toBe(1);
    expect(delta('udw_scoring_requests_total', '{route="/invocations",status="200"}')).toBe(1);
    expect(delta('udw_scoring_errors_total', '{kind="bad_input"}')).toBe(6);
    expect(delta('udw_scoring_errors_total', '{kind="too_large"}')).toBe(1);
    expect(delta('udw_scoring_errors_total', '{kind="not_scorable"}')).toBe(2);
    expect(delta('udw_scoring_request_duration_seconds_count', '{route="/invocations"}')).toBe(11);
    expect(after).toContain('# TYPE udw_scoring_request_duration_seconds histogram');
    expect(metricValue(after, 'udw_scoring_request_duration_seconds_bucket', '{route="/invocations",le="+Inf"}')).toBe(metricValue(after, 'udw_scoring_request_duration_seconds_count', '{route="/invocations"}'));
    expect(server.child.exitCode).toBeNull();
  }, 120_000);

  it('with a token, refuses requests without the bearer header (401) and answers those with it', async () => {
    const guarded = await startServe('--token', 'sekrit-token-1');
    try {
      expect((await fetch(`${guarded.url}/ping`)).status).toBe(200);
      const denied = await fetch(`${guarded.url}/version`);
      expect(denied.status).toBe(401);
      expect(((await denied.json()) as { message: string }).message).toMatch(/expected an Authorization: Bearer <token> header/);
      expect((await fetch(`${guarded.url}/version`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect((await fetch(`${guarded.url}/version`, { headers: { authorization: 'Bearer sekrit-token-1' } })).status).toBe(200);
    } finally {
      expect(await stop(guarded)).toBe(0);
    }
  }, 60_000);
});
