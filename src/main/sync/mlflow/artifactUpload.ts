/**
 * Run artifacts through the tracking server's proxy (`mlflow-artifacts`), one file at a time, resumable per
 * file: when an earlier attempt may have reached the server (`checkFirst`, the outbox's flag), what it already
 * holds is listed first and an identical file is not sent again; a first attempt goes straight to the PUT,
 * since nothing can be there yet (one round trip fewer per file). The proxy
 * reports sizes but no checksums, so "identical" is the same size plus, for files up to READBACK_MAX_BYTES,
 * the same SHA-256 of the bytes read back; an upload that was cut leaves a shorter file, which is sent again
 * (a PUT replaces it). The check after a PUT is made at once (`checkAfter`, the default) or for a whole run
 * later by `checkUploads`: one listing per folder for all the run's files instead of one per file (the outbox
 * does it in the run's finish step, so no run is marked finished on a copy that does not read back).
 * A run whose artifact URI is not `mlflow-artifacts:` lives in a store this client
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

/** The files (not folders) the server holds directly in `dir` (a path under the proxy), by name, with their sizes. */
async function folderSizes(http: MlflowHttp, dir: string): Promise<Map<string, number>> {
  const res = await http.json<{ files?: Array<{ path: string; is_dir: boolean; file_size?: number | string }> }>('GET', ARTIFACTS, { query: { path: dir } });
  return new Map((res.files ?? []).filter((f) => !f.is_dir).map((f) => [path.posix.basename(f.path), Number(f.file_size ?? -1)]));
}

/** The size the server holds at `remote` (a path under the proxy), or null when there is no such file. */
export async function remoteSize(http: MlflowHttp, remote: string): Promise<number | null> {
  return (await folderSizes(http, path.posix.dirname(remote))).get(path.posix.basename(remote)) ?? null;
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
  /**
   * The bytes' SHA-256 for files up to READBACK_MAX_BYTES, which is compared with the server's copy (at once,
   * or by checkUploads when `checkAfter` is false); null above, where the size is the only check.
   */
  sha256: string | null;
}

const CONTENT_TYPES: Record<string, string> = { '.json': 'application/json', '.txt': 'text/plain', '.log': 'text/plain', '.png': 'image/png', '.svg': 'image/svg+xml', '.jsonl': 'application/x-ndjson' };

/** Whether the copy the server lists as `thereSize` is these bytes: the same size and, for a file small enough to read back, the same SHA-256. */
async function sameCopy(http: MlflowHttp, remote: string, thereSize: number | null, size: number, localSha: () => Promise<string>): Promise<boolean> {
  if (thereSize !== size) return false;
  return size > READBACK_MAX_BYTES || (await remoteSha256(http, remote)) === (await localSha());
}

/** Whether the server holds these bytes at `remote`. */
async function sameThere(http: MlflowHttp, remote: string, size: number, localSha: () => Promise<string>): Promise<boolean> {
  return sameCopy(http, remote, await remoteSize(http, remote), size, localSha);
}

export interface UploadOptions {
  /**
   * Whether an earlier attempt may have put (part of) this file on the server, so it is looked for first.
   * Default true; false only where it is known that nothing was sent before (the outbox's first attempt).
   */
  checkFirst?: boolean;
  /**
   * Whether the server's copy is checked right after the PUT (default true). False where the caller checks
   * the run's uploads together afterwards with checkUploads (the outbox's finish step).
   */
  checkAfter?: boolean;
}

/** `artifactPath` of the run under the proxy's root. */
const remotePathOf = (http: MlflowHttp, artifactUri: string, artifactPath: string): string => `${proxiedRoot(http.server, artifactUri)}/${artifactPath.replace(/^\/+/, '')}`;

function localSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch (err) {
    throw new MlflowError('invalid', `${file}: cannot read the artifact to upload (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
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
  const remote = remotePathOf(http, artifactUri, artifactPath);
  const size = localSize(file);
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
  if ((options.checkAfter ?? true) && !(await sameThere(http, remote, size, localSha))) {
    throw new MlflowError('uncertain', `MLflow server ${http.server}: ${artifactPath} does not read back as the ${size} bytes sent; it is sent again`);
  }
  return { skipped: false, bytes: size, sha256 };
}

export interface UploadedFile {
  file: string;
  artifactPath: string;
}

/**
 * The files of a run that the server does not hold as they are here, checked together: one listing per
 * folder for the sizes, then a read-back of each file up to READBACK_MAX_BYTES whose size matches. Empty
 * when every copy is right.
 */
export async function checkUploads(http: MlflowHttp, artifactUri: string, files: UploadedFile[]): Promise<UploadedFile[]> {
  const byFolder = new Map<string, Array<UploadedFile & { remote: string }>>();
  for (const f of files) {
    const remote = remotePathOf(http, artifactUri, f.artifactPath);
    const dir = path.posix.dirname(remote);
    if (!byFolder.has(dir)) byFolder.set(dir, []);
    byFolder.get(dir)!.push({ ...f, remote });
  }
  const wrong: UploadedFile[] = [];
  for (const [dir, inFolder] of byFolder) {
    const sizes = await folderSizes(http, dir);
    for (const f of inFolder) {
      const there = sizes.get(path.posix.basename(f.remote)) ?? null;
      if (!(await sameCopy(http, f.remote, there, localSize(f.file), () => sha256File(f.file)))) wrong.push({ file: f.file, artifactPath: f.artifactPath });
    }
  }
  return wrong;
}
