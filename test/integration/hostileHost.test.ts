/**
 * The real web host process (out/web/host.js, what `npm run web` starts) under hostile input: request
 * targets Node's URL parser rejects, broken upgrades, every class of malformed WebSocket frame written as
 * raw bytes after a valid upgrade, over-limit bodies, malformed escapes and JSON nested too deep. After
 * each, the same process still answers a normal request, an honest WebSocket opened beforehand is still
 * connected, and stderr has no line from the process guard (which would mean a handler let an error out).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EVENTS_MAX_PAYLOAD_BYTES } from '../../src/main/host/eventSocket';
import { MAX_BODY_BYTES, MAX_BODY_DEPTH } from '../../src/main/host/httpHost';
import { GUARD_MARK } from '../../src/main/host/processGuard';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let dir: string;
let host: ChildProcess;
let stderr = '';
let port = 0;
let token = '';
let honest: WebSocket;

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`the web host exited (${code}) before printing its URL; stderr:\n${stderr}`)));
  });
}

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { cwd: ROOT, stdio: 'pipe' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-hostile-'));
  host = spawn(process.execPath, ['out/web/host.js', '--db', path.join(dir, 'catalog.sqlite'), '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  host.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const { url } = JSON.parse(await firstLine(host)) as { url: string };
  const parsed = new URL(url);
  port = Number(parsed.port);
  token = new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '';
  expect(token).not.toBe('');
  honest = new WebSocket(`ws://127.0.0.1:${port}/events?token=${token}`);
  await new Promise((resolve, reject) => {
    honest.once('open', resolve);
    honest.once('error', reject);
  });
});

afterAll(async () => {
  honest?.terminate();
  if (host && host.exitCode === null && host.signalCode === null) {
    const exited = new Promise((resolve) => host.once('exit', resolve));
    host.kill('SIGTERM');
    await exited;
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: string;
}

function post(urlPath: string, body: string, opts: { auth?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = opts.auth === false ? {} : { authorization: `Bearer ${token}` };
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Write raw bytes on a fresh connection and collect everything until the host closes it. */
function rawExchange(data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = '';
    socket.setEncoding('latin1');
    socket.on('data', (c: string) => (got += c));
    socket.on('error', reject);
    socket.on('close', () => resolve(got));
    socket.write(data);
  });
}

const statusOf = (raw: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);

function upgradeRequest(target: string): string {
  const key = crypto.randomBytes(16).toString('base64');
  return `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
}

async function expectHostAlive(): Promise<void> {
  expect(host.exitCode, `the web host exited; stderr:\n${stderr}`).toBeNull();
  const res = await post('/api/app.info', '{}');
  expect(res.status).toBe(200);
  expect(JSON.parse(res.body)).toMatchObject({ name: 'UOS Drilling Workstation', host: 'web' });
  expect(honest.readyState).toBe(WebSocket.OPEN);
  await new Promise<void>((resolve) => {
    honest.once('pong', () => resolve());
    honest.ping();
  });
  expect(stderr).not.toContain(GUARD_MARK);
}

// --- raw WebSocket frames -------------------------------------------------------------------------------

interface FrameOptions {
  fin?: boolean;
  rsv1?: boolean;
  opcode: number;
  masked?: boolean;
  /** The length written in the header, when it should differ from the bytes that follow. */
  declaredLength?: bigint;
}

function frame(payload: Buffer, opts: FrameOptions): Buffer {
  const masked = opts.masked ?? true;
  const length = opts.declaredLength ?? BigInt(payload.length);
  const first = ((opts.fin ?? true) ? 0x80 : 0) | (opts.rsv1 ? 0x40 : 0) | opts.opcode;
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, (masked ? 0x80 : 0) | Number(length)]);
  else if (length < 65536n) {
    header = Buffer.alloc(4);
    header.writeUInt16BE(Number(length), 2);
    header[1] = (masked ? 0x80 : 0) | 126;
  } else {
    header = Buffer.alloc(10);
    header.writeBigUInt64BE(length, 2);
    header[1] = (masked ? 0x80 : 0) | 127;
  }
  header[0] = first;
  if (!masked) return Buffer.concat([header, payload]);
  const mask = crypto.randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([header, mask, body]);
}

/** Upgrade with the token on a raw socket; resolves with the socket once the host answered 101. */
function rawWebSocket(): Promise<{ socket: net.Socket; afterHandshake: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = Buffer.alloc(0);
    const onData = (c: Buffer): void => {
      got = Buffer.concat([got, c]);
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const head = got.subarray(0, end).toString('latin1');
      if (!head.startsWith('HTTP/1.1 101')) reject(new Error(`upgrade refused: ${head}`));
      else resolve({ socket, afterHandshake: got.subarray(end + 4) });
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(upgradeRequest(`/events?token=${token}`));
  });
}

/** Send the bytes, then read the host's close frame: its status code, and that the connection then ends. */
async function closeCodeAfter(bytes: Buffer[]): Promise<number> {
  const { socket, afterHandshake } = await rawWebSocket();
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const code = new Promise<number>((resolve, reject) => {
    let got = afterHandshake;
    const check = (): void => {
      // The host sends nothing else first: no events are emitted during these tests.
      if (got.length < 4) return;
      if ((got[0]! & 0x0f) !== 0x08) reject(new Error(`expected a close frame, got opcode ${got[0]! & 0x0f}`));
      resolve(got.readUInt16BE(2));
      socket.end();
    };
    socket.on('data', (c: Buffer) => {
      got = Buffer.concat([got, c]);
      check();
    });
    socket.once('error', reject);
    check();
  });
  for (const b of bytes) socket.write(b);
  const result = await code;
  await closed;
  return result;
}

describe('the real web host process under hostile input', () => {
  it('answers request targets that URL parsing rejects with 400, for every method', async () => {
    for (const target of ['//[', '//[::1', '//a:b@[', '//[/api/app.info']) {
      for (const method of ['GET', 'HEAD', 'POST']) {
        const raw = await rawExchange(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
        expect(statusOf(raw), `${method} ${target}`).toBe(400);
        if (method !== 'HEAD') expect(raw).toContain('is not a valid path');
      }
    }
    await expectHostAlive();
  });

  it('refuses upgrades to malformed or unauthorised targets and survives clients that reset mid-handshake', async () => {
    expect(statusOf(await rawExchange(upgradeRequest('//[')))).toBe(400);
    expect(statusOf(await rawExchange(upgradeRequest(`//[/events?token=${token}`)))).toBe(400);
    expect(statusOf(await rawExchange(upgradeRequest('/events?token=%E0%A4%A')))).toBe(403);
    expect(statusOf(await rawExchange(upgradeRequest('/events')))).toBe(403);
    for (const target of [`/events?token=${token}`, '/events', '//[']) {
      await new Promise<void>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.write(upgradeRequest(target), () => socket.resetAndDestroy());
        });
        socket.on('close', () => resolve());
        socket.on('error', () => undefined);
      });
    }
    await expectHostAlive();
  });

  it('closes a socket that declares a 2^40-byte frame with 1009, and only that socket', async () => {
    expect(await closeCodeAfter([frame(Buffer.alloc(0), { opcode: 0x2, declaredLength: 2n ** 40n })])).toBe(1009);
    await expectHostAlive();
  });

  it('closes a socket that sends an unmasked client frame with 1002', async () => {
    expect(await closeCodeAfter([frame(Buffer.from('hello'), { opcode: 0x1, masked: false })])).toBe(1002);
    await expectHostAlive();
  });

  it('closes a socket that uses a reserved opcode with 1002', async () => {
    for (const opcode of [0x3, 0x7, 0xb, 0xf]) expect(await closeCodeAfter([frame(Buffer.from('x'), { opcode })]), `opcode ${opcode}`).toBe(1002);
    await expectHostAlive();
  });

  it('closes a socket that sets RSV1 without a negotiated extension with 1002', async () => {
    expect(await closeCodeAfter([frame(Buffer.from('hello'), { opcode: 0x1, rsv1: true })])).toBe(1002);
    await expectHostAlive();
  });

  it('closes a socket that sends a text frame of bad UTF-8 with 1007', async () => {
    expect(await closeCodeAfter([frame(Buffer.from([0x68, 0xff, 0xfe, 0xc3]), { opcode: 0x1 })])).toBe(1007);
    await expectHostAlive();
  });

  it('closes a socket whose message is over the payload cap with 1009, in one frame or in fragments', async () => {
    expect(await closeCodeAfter([frame(Buffer.alloc(0), { opcode: 0x2, declaredLength: BigInt(EVENTS_MAX_PAYLOAD_BYTES + 1) })])).toBe(1009);
    const half = Buffer.alloc(Math.ceil((EVENTS_MAX_PAYLOAD_BYTES + 1) / 2), 0x61);
    expect(await closeCodeAfter([frame(half, { opcode: 0x1, fin: false }), frame(half, { opcode: 0x0 })])).toBe(1009);
    // A control frame may carry at most 125 bytes.
    expect(await closeCodeAfter([frame(Buffer.alloc(126), { opcode: 0x9 })])).toBe(1002);
    await expectHostAlive();
  });

  it('reads and drops an over-limit body, then answers 413 on the same connection, which goes on serving', async () => {
    const over = MAX_BODY_BYTES + 3 * 1024 * 1024;
    const head = (framing: string): string => `POST /api/app.info HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n${framing}\r\n`;
    const CHUNK = 1024 * 1024;
    const chunked = Array.from({ length: Math.ceil(over / CHUNK) }, () => `${CHUNK.toString(16)}\r\n${' '.repeat(CHUNK)}\r\n`).join('') + '0\r\n\r\n';
    const bodies = { 'content-length': head(`Content-Length: ${over}\r\n`) + ' '.repeat(over), chunked: head('Transfer-Encoding: chunked\r\n') + chunked };
    for (const [framing, first] of Object.entries(bodies)) {
      // The next request follows on the same connection: it is answered only if the host kept reading.
      const raw = await rawExchange(first + `${head('Content-Length: 2\r\nConnection: close\r\n')}{}`);
      const answers = raw.split(/(?=HTTP\/1\.1 \d{3})/);
      expect(answers.map(statusOf), framing).toEqual([413, 200]);
      expect(answers[0]).toContain(`over the limit of ${MAX_BODY_BYTES} bytes`);
      expect(answers[1]).toContain('UOS Drilling Workstation');
    }
    await expectHostAlive();
  });

  it('answers a malformed % escape in the channel name with 400 naming the path', async () => {
    for (const target of ['/api/%E0%A4%A', '/api/%', '/api/app%2.info', '/api/%FF']) {
      const res = await post(target, '{}');
      expect(res.status, target).toBe(400);
      const { error } = JSON.parse(res.body) as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_payload');
      expect(error.message).toContain('malformed % escape');
      expect(error.message).toContain(target);
    }
    await expectHostAlive();
  });

  it('answers JSON nested too deep with 400 saying so, and still checks shallow JSON against the contract', async () => {
    const bodies = ['['.repeat(1_000_000) + ']'.repeat(1_000_000), '{"a":'.repeat(200_000) + '1' + '}'.repeat(200_000), '['.repeat(MAX_BODY_DEPTH + 1)];
    for (const body of bodies) {
      const res = await post('/api/app.info', body);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error.message).toMatch(/too deep/);
    }
    const atLimit = await post('/api/app.info', '['.repeat(MAX_BODY_DEPTH) + ']'.repeat(MAX_BODY_DEPTH));
    expect(atLimit.status).toBe(400);
    expect(JSON.parse(atLimit.body).error.message).toMatch(/^app\.info: invalid payload/);
    // Brackets inside strings are text, not nesting.
    const inString = await post('/api/app.info', JSON.stringify({ note: '['.repeat(10_000) }));
    expect(JSON.parse(inString.body).error.message).not.toMatch(/too deep/);
    await expectHostAlive();
  });

  it('still refuses the same attacks without the token before reading anything', async () => {
    const res = await post('/api/%E0%A4%A', '['.repeat(100_000), { auth: false });
    expect(res.status).toBe(403);
    await expectHostAlive();
  });
});

describe('the process guard of the web-host entry', () => {
  it('logs an error no handler caught, with the guard mark, and the process keeps running', () => {
    const guard = path.join(ROOT, 'src/main/host/processGuard.ts');
    const script = [
      `import { installProcessGuard } from ${JSON.stringify(guard)};`,
      'installProcessGuard();',
      "setTimeout(() => { throw new Error('thrown in a timer'); }, 0);",
      "void Promise.reject(new Error('rejected nowhere'));",
      "setTimeout(() => process.stdout.write('still running'), 0);",
    ].join('\n');
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toBe('still running');
    expect(res.stderr).toContain(`${GUARD_MARK}: uncaughtException: Error: thrown in a timer`);
    expect(res.stderr).toContain(`${GUARD_MARK}: unhandledRejection: Error: rejected nowhere`);
  });
});
