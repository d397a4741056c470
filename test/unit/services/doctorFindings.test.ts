// `doctor.findings` through the real dispatch: the doctor's own checks on real child processes (small shell
// programs standing in for interpreters), what each finding tells the user to do, the quick check of the
// first-run banner and the full doctor.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend, type BackendOptions } from '../../../src/main/backend/createBackend';
import { DoctorFindings } from '../../../src/shared/api/app.contract';
import { POSIX, writeFakePython } from '../../helpers/fakePython';

const made: Array<{ dir: string; backend: Backend }> = [];
afterEach(async () => {
  for (const m of made.splice(0)) {
    await m.backend.dispose();
    fs.rmSync(m.dir, { recursive: true, force: true });
  }
});

/** A stand-in that has everything training imports: answers --version, the module probe and the bridge's doctor. */
function writeTrainingPython(dir: string, version: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'python3');
  const names = ['torch', 'onnx', 'onnxruntime', 'numpy', 'tqdm'];
  const modules = JSON.stringify({ 'udw-training-modules': Object.fromEntries(names.map((n) => [n, '9.9.0'])) });
  const quick = JSON.stringify({ 'udw-python-readiness': { version, executable: file, modules: Object.fromEntries(names.map((n) => [n, true])) } });
  const doctor = JSON.stringify({ python: { version, executable: file }, torch: { installed: true, version: '9.9.0', detail: '', cuda: false, cuda_devices: [], mps: false } });
  const script = [
    '#!/bin/sh',
    `if [ "$1" = "--version" ]; then echo "Python ${version}"; exit 0; fi`,
    // The quick check asks where the modules are (find_spec); the full doctor imports them.
    `if [ "$1" = "-c" ]; then case "$2" in *find_spec*) echo '${quick}' ;; *) echo '${modules}' ;; esac; exit 0; fi`,
    `echo '${doctor}'`,
    '',
  ];
  fs.writeFileSync(file, script.join('\n'), { mode: 0o755 });
  return file;
}

function backendWith(python: string, host: BackendOptions['host'] = 'memory'): { dir: string; call: (payload: object) => Promise<DoctorFindings> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-findings-'));
  fs.mkdirSync(path.join(dir, 'project', 'python-bridge'), { recursive: true });
  const backend = createBackend({
    host,
    catalogPath: path.join(dir, 'data', 'catalog.sqlite'),
    projectRoot: path.join(dir, 'project'),
    python: { env: { UDW_PYTHON: python.replace('{dir}', dir), PATH: path.join(dir, 'bin') } },
  });
  made.push({ dir, backend });
  return { dir, call: async (payload) => DoctorFindings.parse(await backend.dispatch('doctor.findings', payload)) };
}

const finding = (f: DoctorFindings, component: string) => f.findings.find((x) => x.component === component)!;

describe('doctor.findings', () => {
  it('with an interpreter that does not exist: Python is not ready, and the finding says to set it up or pick one', async () => {
    const b = backendWith('{dir}/nowhere/python3');
    const f = await b.call({});
    expect(f.pythonReady).toBe(false);
    expect(f.ok).toBe(false);
    expect(f.python).toEqual({ path: path.join(b.dir, 'nowhere', 'python3'), source: 'UDW_PYTHON' });
    expect(finding(f, 'python')).toMatchObject({ severity: 'error', fix: expect.stringContaining('Set up Python') });
    expect(finding(f, 'python').fix).toContain('Use an interpreter…');
    expect(finding(f, 'training')).toMatchObject({ severity: 'error', fix: expect.stringContaining('requirements.txt') });
    // What works needs nothing done.
    expect(finding(f, 'node')).toMatchObject({ severity: 'ok', fix: null });
    // The full doctor says the same of Python, and checks the rest of the stack too.
    const full = await b.call({ full: true });
    expect(full).toMatchObject({ full: true, pythonReady: false });
    expect(finding(full, 'python').fix).toContain('Set up Python');
    expect(finding(full, 'sqlite')).toMatchObject({ severity: 'ok', fix: null });
  });

  it('in the browser host the fix names the command line, since the page cannot change the interpreter', async () => {
    const f = await backendWith('{dir}/nowhere/python3', 'web').call({ full: true });
    expect(finding(f, 'python').fix).toContain('udw web --python PATH');
    expect(finding(f, 'python').fix).not.toContain('Use an interpreter…');
  });

  describe.skipIf(!POSIX)('with stand-in interpreters (POSIX shell scripts)', () => {
    it('an interpreter without torch runs, but is not ready to train', async () => {
      const b = backendWith('{dir}/bin/python3');
      writeFakePython(path.join(b.dir, 'bin'), '3.61.0');
      const quick = await b.call({});
      expect(finding(quick, 'python')).toMatchObject({ severity: 'ok', version: '3.61.0' });
      expect(finding(quick, 'training')).toMatchObject({ severity: 'error', fix: expect.stringContaining('Set up Python') });
      expect(quick.pythonReady).toBe(false);
      const full = await b.call({ full: true });
      expect(finding(full, 'torch').severity).toBe('error');
      expect(full.pythonReady).toBe(false);
    });

    it('an interpreter with everything training imports is ready, by the quick check and by the full doctor', async () => {
      const b = backendWith('{dir}/bin/python3');
      writeTrainingPython(path.join(b.dir, 'bin'), '3.62.0');
      const quick = await b.call({});
      expect(quick).toMatchObject({ full: false, pythonReady: true, ok: true });
      expect(quick.findings.map((f) => f.component)).toEqual(['node', 'python', 'training']);
      expect(finding(quick, 'python').version).toBe('3.62.0');
      const full = await b.call({ full: true });
      expect(full).toMatchObject({ full: true, pythonReady: true });
      expect(full.findings.map((f) => f.component)).toEqual(['node', 'sqlite', 'onnxruntime', 'python', 'torch', 'training']);
      expect(finding(full, 'torch').version).toBe('9.9.0');
    });

    it('the quick check runs again each time: another interpreter at the same path is seen at once', async () => {
      const b = backendWith('{dir}/bin/python3');
      writeFakePython(path.join(b.dir, 'bin'), '3.64.0');
      expect((await b.call({})).pythonReady).toBe(false);
      writeTrainingPython(path.join(b.dir, 'bin'), '3.65.0');
      const again = await b.call({});
      expect(again.pythonReady).toBe(true);
      expect(finding(again, 'python').version).toBe('3.65.0');
    });
  });

  it('refuses a payload with an unknown field, naming it', async () => {
    const b = backendWith('{dir}/nowhere/python3');
    await expect(b.call({ python: '/bin/sh' })).rejects.toThrow(/python/);
  });
});
