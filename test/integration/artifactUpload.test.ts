/**
 * The proxied artifact upload against a real `mlflow server`: a first attempt (`checkFirst: false`) goes
 * straight to the PUT (it sends even over an identical copy: it does not look), a retry (the default) finds an identical file and sends nothing, and a file cut short
 * on the server is sent again whole; every upload reports progress up to the size and the SHA-256 of the
 * bytes it sent, and the server's copy is byte-identical.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUploads, uploadArtifact } from '../../src/main/sync/mlflow/artifactUpload';
import { MlflowClient } from '../../src/main/sync/mlflow/mlflowClient';
import { MlflowHttp } from '../../src/main/sync/mlflow/mlflowHttp';
import { haveMlflow, MlflowServer } from '../helpers/mlflowServer';

if (!haveMlflow) console.warn('SKIPPED: artifact upload test: no .venv mlflow (scripts/bootstrap installs it)');

let server: MlflowServer;
let client: MlflowClient;
let tmp: string;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe.skipIf(!haveMlflow)('proxied artifact upload', () => {
  beforeAll(async () => {
    server = await MlflowServer.start();
    client = new MlflowClient(new MlflowHttp({ url: server.url }));
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-upload-'));
  }, 320_000);

  afterAll(async () => {
    await client?.http.close();
    await server?.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('first attempt, retry and a cut copy: sent, skipped, sent again; progress, hash and bytes right', async () => {
    // Three read chunks and a bit, so progress has steps; bytes that differ everywhere.
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 12_345);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2_654_435_761) >>> 24;
    const file = path.join(tmp, 'weights.bin');
    fs.writeFileSync(file, bytes);
    const exp = await client.getOrCreateExperiment('upload-test');
    const run = await client.createRun(exp, 'upload', Date.now(), []);
    const onServer = path.join(server.artifactsDir, exp, run.run_id, 'artifacts', 'model', 'weights.bin');

    const progress: number[] = [];
    const first = await uploadArtifact(client.http, run.artifact_uri, file, 'model/weights.bin', (sent, total) => {
      expect(total).toBe(bytes.length);
      progress.push(sent);
    }, { checkFirst: false });
    expect(first).toEqual({ skipped: false, bytes: bytes.length, sha256: sha(bytes) });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    expect(progress.at(-1)).toBe(bytes.length);
    expect(sha(fs.readFileSync(onServer))).toBe(sha(bytes));

    // A retry looks first and finds the same bytes there.
    expect(await uploadArtifact(client.http, run.artifact_uri, file, 'model/weights.bin')).toEqual({ skipped: true, bytes: bytes.length, sha256: sha(bytes) });

    // A first attempt does not look (nothing can be there): it sends even where a copy is.
    expect(await uploadArtifact(client.http, run.artifact_uri, file, 'model/weights.bin', undefined, { checkFirst: false })).toMatchObject({ skipped: false });
    expect(sha(fs.readFileSync(onServer))).toBe(sha(bytes));

    // What a cut upload leaves: a shorter file. The retry sends it again, whole.
    fs.writeFileSync(onServer, bytes.subarray(0, 1000));
    expect(await uploadArtifact(client.http, run.artifact_uri, file, 'model/weights.bin')).toMatchObject({ skipped: false, sha256: sha(bytes) });
    expect(fs.readFileSync(onServer).equals(bytes)).toBe(true);
  }, 120_000);

  it('a PUT left for a later check, then the run\'s uploads checked together: right, cut, changed and missing copies', async () => {
    const exp = await client.getOrCreateExperiment('upload-test');
    const run = await client.createRun(exp, 'check-later', Date.now(), []);
    const onServer = (p: string): string => path.join(server.artifactsDir, exp, run.run_id, 'artifacts', p);
    const files = ['a.json', 'model/b.bin', 'model/c.bin', 'model/d.bin'].map((artifactPath, i) => {
      const file = path.join(tmp, `later-${i}.bin`);
      fs.writeFileSync(file, Buffer.alloc(100_000 + i, i + 1));
      return { file, artifactPath };
    });
    for (const f of files.slice(0, 3)) {
      expect(await uploadArtifact(client.http, run.artifact_uri, f.file, f.artifactPath, undefined, { checkFirst: false, checkAfter: false })).toEqual({ skipped: false, bytes: fs.statSync(f.file).size, sha256: sha(fs.readFileSync(f.file)) });
    }
    expect(await checkUploads(client.http, run.artifact_uri, files.slice(0, 3))).toEqual([]);
    // d.bin was never sent; b.bin is cut short; c.bin has the right size and other bytes.
    fs.truncateSync(onServer('model/b.bin'), 10);
    const c = fs.readFileSync(onServer('model/c.bin'));
    c[500] = c[500]! ^ 1;
    fs.writeFileSync(onServer('model/c.bin'), c);
    expect(await checkUploads(client.http, run.artifact_uri, files)).toEqual(files.slice(1));
  }, 120_000);
});
