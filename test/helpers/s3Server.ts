/**
 * A real S3-compatible object store for the tests: the .venv's `moto_server` (pip `moto[server]`) on a random
 * loopback port, in memory, with one bucket made at start. `env` is what boto3, MLflow and DVC need to talk to
 * it; `object()`/`keys()` read the store back over plain S3 HTTP. moto checks no signature, but serves objects
 * only to a request that names an access key (an anonymous one gets 403), so each read carries a dummy one.
 *
 *   const s3 = await S3Server.start({ bucket: 'mlflow-artifacts' });
 *   spawn('mlflow', [...], { env: { ...process.env, ...s3.env } });
 *   expect(await s3.object('mlflow-artifacts', key)).toEqual(bytes);
 *   await s3.stop();
 */
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './mlflowServer';
import { ServiceProcess } from './serviceProcess';

export const MOTO_SERVER_BIN = path.resolve('.venv', 'bin', 'moto_server');
export const haveMoto = fs.existsSync(MOTO_SERVER_BIN);
/** Why S3 tests skip, or null when they can run. */
export const motoMissing = haveMoto ? null : `${MOTO_SERVER_BIN} missing: run scripts/bootstrap (python-bridge/requirements-dev.txt installs moto[server])`;

export interface S3ServerOptions {
  /** Made at start; default `udw-test`. */
  bucket?: string;
  /** Default 120 s. */
  startTimeoutMs?: number;
}

export class S3Server {
  public readonly accessKeyId = 'udw-test-access-key';
  public readonly secretAccessKey = 'udw-test-secret-key';
  public readonly region = 'us-east-1';

  private constructor(
    public readonly port: number,
    public readonly bucket: string,
    private readonly proc: ServiceProcess,
  ) {}

  public get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Environment for a client of this store: boto3 (and so MLflow's S3 artifact repository) and DVC. */
  public get env(): Record<string, string> {
    return {
      MLFLOW_S3_ENDPOINT_URL: this.url,
      AWS_ENDPOINT_URL: this.url,
      AWS_ACCESS_KEY_ID: this.accessKeyId,
      AWS_SECRET_ACCESS_KEY: this.secretAccessKey,
      AWS_DEFAULT_REGION: this.region,
      // Nothing from the developer's ~/.aws leaks into a test.
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    };
  }

  public static async start(opts: S3ServerOptions = {}): Promise<S3Server> {
    if (motoMissing) throw new Error(motoMissing);
    const port = await freePort();
    const proc = ServiceProcess.spawn('moto_server', MOTO_SERVER_BIN, ['-H', '127.0.0.1', '-p', String(port)], { env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    const server = new S3Server(port, opts.bucket ?? 'udw-test', proc);
    await proc.waitUntil(() => server.answers(), opts.startTimeoutMs ?? 120_000, `it answered on ${server.url}`);
    await server.createBucket(server.bucket);
    return server;
  }

  private async answers(): Promise<boolean> {
    try {
      return (await fetch(`${this.url}/`, { signal: AbortSignal.timeout(3_000) })).ok;
    } catch {
      return false;
    }
  }

  private async s3(method: 'GET' | 'PUT', what: string, urlPath: string): Promise<Response> {
    const authorization = `AWS4-HMAC-SHA256 Credential=${this.accessKeyId}/20260101/${this.region}/s3/aws4_request, SignedHeaders=host, Signature=0`;
    const res = await fetch(`${this.url}/${urlPath}`, { method, headers: { authorization } });
    if (!res.ok) throw new Error(`S3 ${method} ${what} on ${this.url}: ${res.status} ${await res.text()}`);
    return res;
  }

  public async createBucket(name: string): Promise<void> {
    await this.s3('PUT', `bucket ${name}`, encodeURIComponent(name));
  }

  /** Every key in the bucket under `prefix` (moto's pages are 1,000 keys; the tests store far fewer). */
  public async keys(bucket: string, prefix = ''): Promise<string[]> {
    const res = await this.s3('GET', `list of ${bucket}/${prefix}`, `${encodeURIComponent(bucket)}?list-type=2&max-keys=1000&prefix=${encodeURIComponent(prefix)}`);
    const xml = await res.text();
    if (/<IsTruncated>true<\/IsTruncated>/.test(xml)) throw new Error(`S3 list of ${bucket}/${prefix}: more than 1,000 keys; the test helper reads one page`);
    return [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => unescapeXml(m[1]!)).sort();
  }

  /** One object's bytes. */
  public async object(bucket: string, key: string): Promise<Buffer> {
    const res = await this.s3('GET', `object ${bucket}/${key}`, `${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`);
    return Buffer.from(await res.arrayBuffer());
  }

  public output(): string {
    return this.proc.output();
  }

  /** Ends the server; its store was in memory and is gone with it. */
  public async stop(): Promise<void> {
    await this.proc.stop();
  }
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
