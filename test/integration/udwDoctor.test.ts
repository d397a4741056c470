import { execFileSync, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';

// The real bin script over the real bundle, as a user runs it after set-up.
beforeAll(() => {
  execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
});

function udw(...args: string[]) {
  return spawnSync('node', ['bin/udw.js', ...args], { encoding: 'utf8', timeout: 120_000 });
}

describe('udw', () => {
  it('--help lists the commands', () => {
    const res = udw('--help');
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/Usage: udw <command>/);
    for (const name of ['doctor', 'web']) expect(res.stdout).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
  });

  it('an unknown command exits 2 with the help', () => {
    const res = udw('frobnicate');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("unknown command 'frobnicate'");
  });

  it('an unknown option exits 2 with usage', () => {
    const res = udw('doctor', '--frob');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('usage: udw doctor');
  });

  it('doctor --json reports Node, SQLite, ONNX Runtime, Python and torch', () => {
    const res = udw('doctor', '--json');
    const report = JSON.parse(res.stdout) as { ok: boolean; components: Array<{ name: string; ok: boolean; version: string | null }> };
    const byName = Object.fromEntries(report.components.map((c) => [c.name, c]));
    expect(Object.keys(byName)).toEqual(['node', 'sqlite', 'onnxruntime', 'python', 'torch']);
    expect(byName.node!.version).toBe(process.versions.node);
    expect(byName.sqlite).toMatchObject({ ok: true });
    expect(byName.sqlite!.version).toMatch(/^3\.\d+/);
    expect(byName.onnxruntime).toMatchObject({ ok: true, version: '1.30.0' });
    expect(res.status).toBe(report.ok ? 0 : 1);
  });

  it('doctor says clearly when the Python interpreter does not exist', () => {
    const res = udw('doctor', '--json', '--python', '/nonexistent/python3');
    expect(res.status).toBe(1);
    const report = JSON.parse(res.stdout) as { components: Array<{ name: string; ok: boolean; detail: string }> };
    const python = report.components.find((c) => c.name === 'python')!;
    expect(python.ok).toBe(false);
    expect(python.detail).toContain('/nonexistent/python3');
  });
});
