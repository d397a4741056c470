import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSIX, writeFakePython, writeMarkerScript } from '../helpers/fakePython';

// The real bin script over the real bundle, as a user runs it after set-up.
beforeAll(() => {
  execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
});

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-cli-python-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function udw(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { UDW_PYTHON: _inherited, ...base } = process.env;
  return spawnSync('node', ['bin/udw.js', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...base, ...env } });
}

interface Report {
  ok: boolean;
  components: Array<{ name: string; ok: boolean; version: string | null; detail: string }>;
}
const pythonOf = (stdout: string) => (JSON.parse(stdout) as Report).components.find((c) => c.name === 'python')!;

describe('udw', () => {
  it('--help lists the commands', () => {
    const res = udw(['--help']);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/Usage: udw <command>/);
    for (const name of ['doctor', 'web']) expect(res.stdout).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
  });

  it('an unknown command exits 2 with the help', () => {
    const res = udw(['frobnicate']);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("unknown command 'frobnicate'");
  });

  it('an unknown option exits 2 with usage', () => {
    const res = udw(['doctor', '--frob']);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('usage: udw doctor');
  });

  it('doctor --json reports Node, SQLite, ONNX Runtime, Python and torch', () => {
    const res = udw(['doctor', '--json']);
    const report = JSON.parse(res.stdout) as Report;
    const byName = Object.fromEntries(report.components.map((c) => [c.name, c]));
    expect(Object.keys(byName)).toEqual(['node', 'sqlite', 'onnxruntime', 'python', 'torch', 'training']);
    expect(byName.node!.version).toBe(process.versions.node);
    expect(byName.sqlite).toMatchObject({ ok: true });
    expect(byName.sqlite!.version).toMatch(/^3\.\d+/);
    expect(byName.onnxruntime).toMatchObject({ ok: true, version: '1.30.0' });
    expect(res.status).toBe(report.ok ? 0 : 1);
  });

  it('doctor says clearly when the Python interpreter does not exist', () => {
    const res = udw(['doctor', '--json', '--python', '/nonexistent/python3']);
    expect(res.status).toBe(1);
    const python = pythonOf(res.stdout);
    expect(python.ok).toBe(false);
    expect(python.detail).toContain('/nonexistent/python3');
  });
});

describe.skipIf(!POSIX)('udw and the Python interpreter', () => {
  const flagged = writeFakePython(path.join(scratch, 'flag'), '3.81.0');
  const fromEnv = writeFakePython(path.join(scratch, 'env'), '3.82.0');

  it('doctor runs the interpreter of --python, over UDW_PYTHON', () => {
    const python = pythonOf(udw(['doctor', '--json', '--python', flagged], { UDW_PYTHON: fromEnv }).stdout);
    expect(python).toMatchObject({ ok: true, version: '3.81.0' });
    expect(python.detail).toContain('(from --python)');
  });

  it('doctor runs UDW_PYTHON when no --python is given', () => {
    const python = pythonOf(udw(['doctor', '--json'], { UDW_PYTHON: fromEnv }).stdout);
    expect(python).toMatchObject({ ok: true, version: '3.82.0' });
    expect(python.detail).toContain('(from UDW_PYTHON)');
  });

  it('web --python fixes the interpreter of the browser host; the page can neither change it nor name a program', async () => {
    const marker = path.join(scratch, 'evil.marker');
    const evil = writeMarkerScript(path.join(scratch, 'downloads'), marker);
    // Another interpreter on PATH, so the back end finds one the page could try to switch to.
    const other = writeFakePython(path.join(scratch, 'on-path'), '3.83.0');
    const { UDW_PYTHON: _inherited, ...base } = process.env;
    const child = spawn(process.execPath, ['bin/udw.js', 'web', '--json', '--db', path.join(scratch, 'web', 'catalog.sqlite'), '--python', flagged], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...base, PATH: [path.dirname(other), base.PATH].join(path.delimiter) },
    });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.once('exit', (code) => reject(new Error(`udw web exited ${code} before printing its URL`)));
      });
      const started = JSON.parse(first) as { url: string; python: { command: string; source: string } };
      expect(started.python).toEqual({ command: flagged, source: '--python' });
      const url = new URL(started.url);
      const token = new URLSearchParams(url.hash.slice(1)).get('token')!;
      const call = async (channel: string, payload: unknown) => {
        const res = await fetch(`${url.origin}/api/${channel}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
      };

      const doctor = await call('doctor.report', {});
      expect(pythonOf(JSON.stringify(doctor.body))).toMatchObject({ ok: true, version: '3.81.0' });

      const named = await call('settings.update', { pythonPath: evil });
      expect(named.status).toBe(400);
      expect(named.body.error).toMatchObject({ code: 'invalid_payload' });

      const candidates = (await call('python.candidates', {})).body as { canSelect: boolean; canBrowse: boolean; candidates: Array<{ id: string; path: string }> };
      expect(candidates).toMatchObject({ canSelect: false, canBrowse: false });
      const found = candidates.candidates.find((c) => c.path === other)!;
      const pick = await call('settings.update', { pythonChoice: found.id });
      expect(pick.status).toBe(403);
      expect(pick.body.error).toMatchObject({ code: 'forbidden' });
      const choose = await call('python.choose', {});
      expect(choose.status).toBe(403);
      expect(choose.body.error!.message).toContain('set by the command line that started this back end (--python');

      const again = await call('doctor.report', {});
      expect(pythonOf(JSON.stringify(again.body))).toMatchObject({ ok: true, version: '3.81.0' });
      expect(fs.existsSync(marker)).toBe(false);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
