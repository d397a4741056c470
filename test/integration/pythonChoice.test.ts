// Who may make the back end run a program: never the renderer. Driven through the real dispatch (the same
// validation every transport uses), with real child processes standing in for interpreters.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend, type BackendOptions } from '../../src/main/backend/createBackend';
import type { DoctorReport, PythonCandidates } from '../../src/shared/api/app.contract';
import { ApiError } from '../../src/shared/api/errors';
import { POSIX, writeFakePython, writeMarkerScript } from '../helpers/fakePython';

const made: Array<{ dir: string; backend: Backend }> = [];
afterEach(async () => {
  for (const m of made.splice(0)) {
    await m.backend.dispose();
    fs.rmSync(m.dir, { recursive: true, force: true });
  }
});

interface Rig {
  dir: string;
  backend: Backend;
  marker: string;
  evil: string;
  bin: string;
  call<T>(channel: string, payload: unknown): Promise<T>;
}

/** A back end on a fresh folder whose interpreter search sees only `bin/` (on PATH) and a project root without .venv. */
function rig(opts: { host?: BackendOptions['host']; settingsFile?: (r: { evil: string }) => object; python?: BackendOptions['python']; env?: NodeJS.ProcessEnv } = {}): Rig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-python-'));
  const bin = path.join(dir, 'bin');
  const marker = path.join(dir, 'ran.marker');
  const evil = writeMarkerScript(path.join(dir, 'downloads'), marker);
  const data = path.join(dir, 'data');
  // The bridge runs with python-bridge/ as its working folder; the fakes need nothing in it.
  fs.mkdirSync(path.join(dir, 'project', 'python-bridge'), { recursive: true });
  if (opts.settingsFile) {
    fs.mkdirSync(data, { recursive: true });
    fs.writeFileSync(path.join(data, 'settings.json'), JSON.stringify(opts.settingsFile({ evil })));
  }
  const backend = createBackend({
    host: opts.host ?? 'memory',
    catalogPath: path.join(data, 'catalog.sqlite'),
    projectRoot: path.join(dir, 'project'),
    python: { ...opts.python, env: { PATH: bin, ...opts.env } },
  });
  made.push({ dir, backend });
  return { dir, backend, marker, evil, bin, call: (channel, payload) => backend.dispatch(channel, payload) as never };
}

const pythonOf = (r: DoctorReport) => r.components.find((c) => c.name === 'python')!;
/** The candidates this test made (the machine's own /usr/bin/python3 and the like are found too). */
const ours = (c: PythonCandidates, r: Rig) => c.candidates.filter((x) => x.path.startsWith(r.dir));

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe.skipIf(!POSIX)('choosing the Python interpreter', () => {
  it('a settings payload naming an executable is refused by the contract and never run', async () => {
    const r = rig();
    for (const payload of [{ pythonPath: r.evil }, { annotator: 'x', pythonPath: r.evil }, { pythonChoice: r.evil }, { python: { path: r.evil, origin: 'dialog' } }]) {
      expect((await refusal(r.call('settings.update', payload))).code).toBe('invalid_payload');
    }
    const report = await r.call<DoctorReport>('doctor.report', {});
    expect(pythonOf(report).detail).not.toContain(r.evil);
    expect(fs.existsSync(r.marker)).toBe(false);
    expect(r.backend.context.settings.get()).toMatchObject({ annotator: '', pythonPath: null });
  });

  it('an old settings.json naming an executable the back end did not find is ignored, said so, and never run', async () => {
    const r = rig({ settingsFile: ({ evil }) => ({ annotator: 'Bo', pythonPath: evil }) });
    const report = await r.call<DoctorReport>('doctor.report', {});
    expect(fs.existsSync(r.marker)).toBe(false);
    expect(pythonOf(report).detail).toMatch(/pythonPath .*evil\.sh was ignored/);
    const c = await r.call<PythonCandidates>('python.candidates', {});
    expect(c.candidates.map((x) => x.path)).not.toContain(r.evil);
    expect(fs.existsSync(r.marker)).toBe(false);
    expect(c.note).toContain('was ignored');
  });

  it('an old settings.json naming an interpreter the back end finds itself keeps working', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-python-found-'));
    const py = writeFakePython(path.join(dir, 'bin'), '3.77.1');
    const r = rig({ settingsFile: () => ({ pythonPath: py }), env: { PATH: path.dirname(py) } });
    made.push({ dir, backend: r.backend });
    const report = await r.call<DoctorReport>('doctor.report', {});
    expect(pythonOf(report)).toMatchObject({ ok: true, version: '3.77.1' });
    expect(pythonOf(report).detail).toContain('(from settings)');
  });

  it('the renderer picks among the interpreters the back end found, by id, and the doctor runs that one', async () => {
    const r = rig();
    const first = writeFakePython(r.bin, '3.91.0', 'python3');
    const second = writeFakePython(r.bin, '3.92.0', 'python');
    fs.writeFileSync(path.join(r.bin, 'not-executable'), '');
    const before = await r.call<PythonCandidates>('python.candidates', {});
    expect(ours(before, r).map((c) => [c.path, c.version, c.source])).toEqual([
      [first, '3.91.0', 'PATH'],
      [second, '3.92.0', 'PATH'],
    ]);
    expect(before).toMatchObject({ selected: null, canSelect: true, canBrowse: false, active: { path: 'python3', source: 'PATH' } });
    const pick = ours(before, r)[1]!;
    const settings = await r.call<{ pythonPath: string | null; annotator: string }>('settings.update', { pythonChoice: pick.id, annotator: 'Ada' });
    expect(settings).toMatchObject({ pythonPath: second, annotator: 'Ada' });
    const after = await r.call<PythonCandidates>('python.candidates', {});
    expect(after).toMatchObject({ selected: pick.id, active: { path: second, source: 'settings', id: pick.id } });
    expect(pythonOf(await r.call<DoctorReport>('doctor.report', {}))).toMatchObject({ ok: true, version: '3.92.0' });
    // Back to automatic.
    expect((await r.call<{ pythonPath: string | null }>('settings.update', { pythonChoice: null })).pythonPath).toBeNull();
    expect((await r.call<PythonCandidates>('python.candidates', {})).selected).toBeNull();
  });

  it('an id of no interpreter found now is refused, naming it, and nothing of the patch is stored', async () => {
    const r = rig();
    const err = await refusal(r.call('settings.update', { pythonChoice: 'py-000000000000', annotator: 'Ada' }));
    expect(err.code).toBe('not_found');
    expect(err.message).toContain("pythonChoice 'py-000000000000'");
    expect(r.backend.context.settings.get().annotator).toBe('');
  });

  it('the native dialog (lent by the desktop entry) stores a pick that answers like a Python, and refuses one that does not', async () => {
    const picks: Array<string | null> = [];
    const r = rig({ host: 'electron', python: { chooseFile: () => Promise.resolve(picks.shift() ?? null) } });
    const py = writeFakePython(path.join(r.dir, 'elsewhere'), '3.93.0');
    const notPython = path.join(r.dir, 'elsewhere', 'notes.sh');
    fs.writeFileSync(notPython, '#!/bin/sh\necho hello\n', { mode: 0o755 });
    expect((await r.call<PythonCandidates>('python.candidates', {})).canBrowse).toBe(true);

    picks.push(null);
    expect(await r.call('python.choose', {})).toEqual({ chosen: null });

    picks.push(notPython);
    const err = await refusal(r.call('python.choose', {}));
    expect(err).toMatchObject({ code: 'failed' });
    expect(err.message).toContain(`${notPython}: not a Python interpreter`);
    expect(r.backend.context.settings.python()).toBeNull();

    picks.push(py);
    const chosen = await r.call<{ chosen: { id: string; path: string; version: string } }>('python.choose', {});
    expect(chosen.chosen).toMatchObject({ path: py, version: '3.93.0' });
    expect(r.backend.context.settings.python()).toEqual({ path: py, origin: 'dialog' });
    const c = await r.call<PythonCandidates>('python.candidates', {});
    expect(c).toMatchObject({ selected: chosen.chosen.id, active: { path: py, source: 'settings' } });
    expect(c.candidates.map((x) => x.path)).toContain(py);
    expect(pythonOf(await r.call<DoctorReport>('doctor.report', {}))).toMatchObject({ ok: true, version: '3.93.0' });
  });

  it('without a dialog (tests, the browser host) python.choose says what to do instead', async () => {
    const mem = rig();
    const err = await refusal(mem.call('python.choose', {}));
    expect(err.code).toBe('forbidden');
    expect(err.message).toMatch(/no file dialog; pick one of python\.candidates/);
  });

  it('in the browser host the interpreter is the command line’s: the page can neither pick nor browse', async () => {
    const r = rig({ host: 'web', python: { chooseFile: () => Promise.reject(new Error('must not open')) } });
    const found = writeFakePython(r.bin, '3.94.0');
    const c = await r.call<PythonCandidates>('python.candidates', {});
    expect(c).toMatchObject({ canSelect: false, canBrowse: false });
    expect(c.note).toContain('udw web --python PATH');
    const pick = await refusal(r.call('settings.update', { pythonChoice: c.candidates.find((x) => x.path === found)!.id }));
    expect(pick.code).toBe('forbidden');
    expect(pick.message).toContain('udw web --python PATH');
    const choose = await refusal(r.call('python.choose', {}));
    expect(choose.code).toBe('forbidden');
    expect(choose.message).toMatch(/^python\.choose: in the browser host the Python interpreter is set on the command line/);
    expect(r.backend.context.settings.python()).toBeNull();
  });

  it('an interpreter fixed by the command line is the one the doctor runs, and the page cannot change it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-python-fixed-'));
    const fixed = writeFakePython(dir, '3.95.0');
    const r = rig({ host: 'web', python: { fixed: { command: fixed, source: '--python' } } });
    made.push({ dir, backend: r.backend });
    const other = writeFakePython(r.bin, '3.96.0');
    const c = await r.call<PythonCandidates>('python.candidates', {});
    expect(c.active).toMatchObject({ path: fixed, source: '--python' });
    expect(c.note).toContain(`--python ${fixed}`);
    const err = await refusal(r.call('settings.update', { pythonChoice: c.candidates.find((x) => x.path === other)!.id }));
    expect(err.code).toBe('forbidden');
    const report = await r.call<DoctorReport>('doctor.report', {});
    expect(pythonOf(report)).toMatchObject({ ok: true, version: '3.95.0' });
    expect(pythonOf(report).detail).toContain('(from --python)');
  });
});
