// The findings store behind the first-run banner and the Doctor panel, against a real back end whose
// interpreter does not exist, and the rule that a newer answer is never overwritten by an older one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend/createBackend';
import type { DoctorFindings } from '../../../src/shared/api/app.contract';
import { createMemoryApi } from '../../../src/renderer/api/memoryApi';
import { doctorStore, loadFindings, needsAttention } from '../../../src/renderer/features/settings/doctorStore';

let dir: string;
let backend: Backend;

beforeEach(() => {
  doctorStore.setState({ findings: null, checking: false, error: null, dismissed: false });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-doctor-store-'));
  fs.mkdirSync(path.join(dir, 'project', 'python-bridge'), { recursive: true });
  backend = createBackend({
    host: 'memory',
    catalogPath: path.join(dir, 'data', 'catalog.sqlite'),
    projectRoot: path.join(dir, 'project'),
    python: { env: { UDW_PYTHON: path.join(dir, 'missing', 'python3'), PATH: path.join(dir, 'bin') } },
  });
});

afterEach(async () => {
  await backend.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('doctor store', () => {
  it('loads the quick findings; with no Python the banner is wanted', async () => {
    await loadFindings(createMemoryApi((c, p) => backend.dispatch(c, p)));
    const { findings, checking, error } = doctorStore.getState();
    expect({ checking, error }).toEqual({ checking: false, error: null });
    expect(findings).toMatchObject({ full: false, pythonReady: false });
    expect(needsAttention(findings)).toBe(true);
  });

  it('an older answer that arrives last does not replace a newer one', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const api = createMemoryApi(async (channel, payload) => {
      const answer = (await backend.dispatch(channel, payload)) as DoctorFindings;
      // The first (quick) request is held back until the second (full) one has been answered.
      if (++calls === 1) await held;
      return answer;
    });
    const older = loadFindings(api);
    await loadFindings(api, true);
    release();
    await older;
    expect(doctorStore.getState().findings?.full).toBe(true);
  });

  it('says why when the back end refuses, and keeps no findings', async () => {
    await loadFindings(createMemoryApi(() => Promise.reject(new Error('doctor.findings: the back end is gone'))));
    expect(doctorStore.getState()).toMatchObject({ findings: null, checking: false, error: 'doctor.findings: the back end is gone' });
    expect(needsAttention(null)).toBe(false);
  });
});
