/**
 * Run artifacts through the tracking server's proxy (`mlflow-artifacts`), one file at a time, resumable per
 * file: when an earlier attempt may have reached the server (`checkFirst`, the outbox's flag), what it already
 * holds is listed first and an identical file is not sent again; a first attempt goes straight to the PUT,
 * since nothing can be there yet (one round trip fewer per file). The proxy
 * reports sizes but no checksums, so "identical" is the same size plus, for files up to READBACK_MAX_BYTES,
 * the same SHA-256 of the bytes read back; an upload that was cut leaves a shorter file, which is sent again
 * (a PUT replaces it). A run whose artifact URI is not `mlflow-artifacts:` lives in a store this client
 * cannot reach (s3://, file://…): that is refused with the server setting that fixes it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MlflowError } from './mlflowError';
import type { MlflowHttp } from './mlflowHttp';

export const READBACK_MAX_BYTES = 16 * 1024 * 1024;
const ARTIFACTS = 'api/2.0/mlflow-artifacts/artifacts';

/** `mlflow-artifacts:/1/<run>/artifacts` (or with `//host:port`) → `1/<run>/artifacts`, the proxy's path. */
export function proxiedRoot(server: string, artifactUri: string): string {
  const m = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*)$/.exec(artifactUri);
  if (!m) {
    throw new MlflowError(
      'artifacts_not_proxied',
      `MLflow server ${server} keeps this run's artifacts at ${artifactUri}, which only the server's own storage credentials reach: start the server with --serve-artifacts --artifacts-destination <store> and leave the experiment's artifact location unset (or use a new experiment)`,
    );
  }
  return m[1]!.replace(/\/+$/, '');
}

const encodePath = (p: string): string => p.split('/').filter(Boolean).map(encodeURIComponent).join('/');

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(fs.createReadStream(file), h);
  return h.digest('hex');
}

/** The size the server holds at `remote` (a path under the proxy), or null when there is no such file. */
export async function remoteSize(http: MlflowHttp, remote: string): Promise<number | null> {
  const dir = path.posix.dirname(remote);
  const name = path.posix.basename(remote);
  const res = await http.json<{ files?: Array<{ path: string; is_dir: boolean; file_size?: number | string }> }>('GET', ARTIFACTS, { query: { path: dir } });
  const hit = (res.files ?? []).find((f) => !f.is_dir && path.posix.basename(f.path) === name);
  return hit ? Number(hit.file_size ?? -1) : null;
}

export async function remoteSha256(http: MlflowHttp, remote: string): Promise<string> {
  const h = createHash('sha256');
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      h.update(chunk);
      done();
    },
  });
  await http.getInto(`${ARTIFACTS}/${encodePath(remote)}`, sink);
  return h.digest('hex');
}

export interface UploadResult {
  /** The server already had these bytes. */
  skipped: boolean;
  bytes: number;
  /** The bytes' SHA-256 where it was compared with what the server holds (files up to READBACK_MAX_BYTES); null above. */
  sha256: string | null;
}

const CONTENT_TYPES: Record<string, string> = { '.json': 'application/json', '.txt': 'text/plain', '.log': 'text/plain', '.png': 'image/png', '.svg': 'image/svg+xml', '.jsonl': 'application/x-ndjson' };

/** Whether the server holds these bytes: the same size and, for a file small enough to read back, the same SHA-256. */
async function sameThere(http: MlflowHttp, remote: string, size: number, localSha: () => Promise<string>): Promise<boolean> {
  const there = await remoteSize(http, remote);
  if (there !== size) return false;
  return size > READBACK_MAX_BYTES || (await remoteSha256(http, remote)) === (await localSha());
}

export interface UploadOptions {
  /**
   * Whether an earlier attempt may have put (part of) this file on the server, so it is looked for first.
   * Default true; false only where it is known that nothing was sent before (the outbox's first attempt).
   */
  checkFirst?: boolean;
}

/** Uploads `file` as `artifactPath` of the run whose artifact URI is given, unless an identical copy is there. */
export async function uploadArtifact(
  http: MlflowHttp,
  artifactUri: string,
  file: string,
  artifactPath: string,
  onProgress?: (sent: number, total: number) => void,
  options: UploadOptions = {},
): Promise<UploadResult> {
  const remote = `${proxiedRoot(http.server, artifactUri)}/${artifactPath.replace(/^\/+/, '')}`;
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (err) {
    throw new MlflowError('invalid', `${file}: cannot read the artifact to upload (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  // The local hash is taken while the bytes go out, unless a copy of the same size is there to compare with.
  let sha256: string | null = null;
  const localSha = async (): Promise<string> => (sha256 ??= await sha256File(file));
  // Above the read-back size the server's size is the only check there is (the proxy reports no checksum), so
  // no hash is taken there: it would cost the upload's own CPU and compare with nothing.
  const compared = size <= READBACK_MAX_BYTES;
  if ((options.checkFirst ?? true) && (await sameThere(http, remote, size, localSha))) {
    onProgress?.(size, size);
    return { skipped: true, bytes: size, sha256: compared ? await localSha() : null };
  }
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const hash = compared ? createHash('sha256') : null;
  await http.putFile(`${ARTIFACTS}/${encodePath(remote)}`, file, size, type, (sent) => onProgress?.(sent, size), hash ? (chunk) => hash.update(chunk) : undefined);
  sha256 = hash ? hash.digest('hex') : null;
  // A 200 after a short body would be a proxy's doing; what counts is what the server holds now.
  if (!(await sameThere(http, remote, size, localSha))) {
    throw new MlflowError('uncertain', `MLflow server ${http.server}: ${artifactPath} does not read back as the ${size} bytes sent; it is sent again`);
  }
  return { skipped: false, bytes: size, sha256 };
}
