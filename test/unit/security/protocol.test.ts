/**
 * The app:// handler against a real renderer folder on disk, through a recording stand-in for Electron's
 * `protocol` (the real one needs the Electron binary). Requests are real fetch `Request`s; the handler's
 * answers are real `Response`s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Protocol } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleAppProtocol, registerAppSchemePrivileges } from '../../../src/main/electron/protocol';

type ProtocolHandler = (request: Request) => Promise<Response>;

function fakeProtocol() {
  const handlers = new Map<string, ProtocolHandler>();
  const privileged: unknown[] = [];
  const protocol = {
    handle: (scheme: string, handler: ProtocolHandler) => handlers.set(scheme, handler),
    registerSchemesAsPrivileged: (schemes: unknown[]) => privileged.push(...schemes),
  };
  return { protocol: protocol as unknown as Protocol, handlers, privileged };
}

const SECRET = 'the content of a file outside the renderer folder';
let root: string;
let rendererDir: string;
let connect: string[];
let serve: ProtocolHandler;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-protocol-'));
  rendererDir = path.join(root, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>udw</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
  fs.writeFileSync(path.join(root, 'secret.txt'), SECRET);
  // A sibling whose name starts like the renderer folder: a prefix check would let it through.
  fs.mkdirSync(path.join(root, 'renderer-private'));
  fs.writeFileSync(path.join(root, 'renderer-private', 'secret.txt'), SECRET);
  const fake = fakeProtocol();
  connect = ['https://mlflow.example'];
  handleAppProtocol(fake.protocol, rendererDir, () => connect);
  expect([...fake.handlers.keys()]).toEqual(['app']);
  serve = fake.handlers.get('app')!;
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

async function get(url: string): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await serve(new Request(url));
  return { status: res.status, body: await res.text(), headers: res.headers };
}

describe('app:// scheme', () => {
  it('is registered as standard and secure before ready', () => {
    const fake = fakeProtocol();
    registerAppSchemePrivileges(fake.protocol);
    expect(fake.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });

  it('serves the renderer files with their type, the CSP and nosniff', async () => {
    const index = await get('app://workstation/index.html');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>udw</title>');
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('content-security-policy')).toContain("connect-src 'self' https://mlflow.example");
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await get('app://workstation/')).body).toBe(index.body);
    const js = await get('app://workstation/assets/app.js');
    expect([js.status, js.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
  });

  it('builds the CSP at each request, so a changed MLflow URL applies at once', async () => {
    connect = ['https://other-mlflow.example'];
    const csp = (await get('app://workstation/index.html')).headers.get('content-security-policy');
    connect = ['https://mlflow.example'];
    expect(csp).toContain('https://other-mlflow.example');
    expect(csp).not.toContain('https://mlflow.example');
  });

  it.each([
    'app://workstation/../secret.txt',
    'app://workstation/assets/../../secret.txt',
    'app://workstation/%2e%2e/secret.txt',
    'app://workstation/..%2fsecret.txt',
    'app://workstation/assets/..%2f..%2fsecret.txt',
    'app://workstation/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://workstation/..%2frenderer-private%2fsecret.txt',
    'app://workstation/%2Ftmp%2Fsecret.txt',
    'app://workstation/index.html%00.js',
    'app://workstation/%E0%A4%A',
  ])('refuses %s', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain(SECRET);
  });

  it('refuses an absolute path, encoded, to a file that exists outside', async () => {
    const outside = path.join(root, 'secret.txt');
    for (const url of [`app://workstation/${encodeURIComponent(outside)}`, `app://workstation/${outside.split('/').map(encodeURIComponent).join('%2f')}`]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(res.body).not.toContain(SECRET);
    }
  });

  it.each(['app://evil/index.html', 'app://workstation.evil.example/index.html', 'app://evil.example/workstation/index.html', 'app://workstation:8080/index.html'])(
    'refuses the foreign host of %s',
    async (url) => {
      const res = await get(url);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('<title>udw</title>');
    },
  );

  it('answers 404 for files that do not exist and for folders', async () => {
    expect((await get('app://workstation/nope.js')).status).toBe(404);
    expect((await get('app://workstation/assets')).status).toBe(404);
  });
});
