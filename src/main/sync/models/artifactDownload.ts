/**
 * Reading a model version's files back through the tracking server's artifact proxy (`mlflow-artifacts`):
 * the folder listed (recursively), each wanted file streamed into a temp file beside its target while its
 * SHA-256 is taken, then checked against the size the proxy listed before it counts. The proxy gives no
 * checksums; a version tagged with `udw.onnx_sha256` (udw sync registers them so) is checked against it by
 * the caller.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { proxiedRoot } from '../mlflow/artifactUpload';
import { MlflowError } from '../mlflow/mlflowError';
import type { MlflowHttp } from '../mlflow/mlflowHttp';

const ARTIFACTS = 'api/2.0/mlflow-artifacts/artifacts';
/** A model version is a handful of files; a listing deeper than this is not one. */
const MAX_DEPTH = 8;

export interface RemoteFile {
  /** Path under the listed root, `/`-separated. */
  path: string;
  size: number;
}

const encodePath = (p: string): string => p.split('/').filter(Boolean).map(encodeURIComponent).join('/');

/** Every file under `artifactUri` (an `mlflow-artifacts:` URI), with its size. */
export async function listArtifactFiles(http: MlflowHttp, artifactUri: string): Promise<RemoteFile[]> {
  const root = proxiedRoot(http.server, artifactUri);
  const out: RemoteFile[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    const dir = rel ? `${root}/${rel}` : root;
    const res = await http.json<{ files?: Array<{ path: string; is_dir: boolean; file_size?: number | string }> }>('GET', ARTIFACTS, { query: { path: dir } });
    for (const f of res.files ?? []) {
      const name = path.posix.basename(f.path);
      const child = rel ? `${rel}/${name}` : name;
      if (f.is_dir) {
        if (depth < MAX_DEPTH) await walk(child, depth + 1);
      } else out.push({ path: child, size: Number(f.file_size ?? -1) });
    }
  };
  await walk('', 0);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Downloads one listed file to `target` (through a temp file renamed into place); returns its SHA-256. */
export async function downloadArtifactFile(http: MlflowHttp, artifactUri: string, file: RemoteFile, target: string): Promise<string> {
  const remote = `${proxiedRoot(http.server, artifactUri)}/${file.path}`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.part`;
  const hash = createHash('sha256');
  const out = fs.createWriteStream(temp, { mode: 0o600 });
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      out.write(chunk, done);
    },
    final(done) {
      out.end(done);
    },
  });
  try {
    await http.getInto(`${ARTIFACTS}/${encodePath(remote)}`, sink);
    if (file.size >= 0 && bytes !== file.size) {
      throw new MlflowError('uncertain', `MLflow server ${http.server}: ${file.path} came back as ${bytes} bytes, the server lists ${file.size}; pull again`);
    }
    fs.renameSync(temp, target);
  } catch (err) {
    out.destroy();
    fs.rmSync(temp, { force: true });
    throw err;
  }
  return hash.digest('hex');
}
