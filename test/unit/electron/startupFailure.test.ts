// What the desktop app shows when it cannot start (index.ts puts it in dialog.showErrorBox and exits with the
// code). The Electron binary cannot run in these tests; the decision is a plain function, fed real errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { CatalogOpenError } from '../../../src/main/db/catalogOpenError';
import { openCatalog } from '../../../src/main/db/openCatalog';
import { describeStartupFailure } from '../../../src/main/electron/startupFailure';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** What openCatalog really throws for a catalog whose header was zeroed (a damaged disk, a bad copy). */
function damagedCatalogError(): { file: string; err: unknown } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-startup-'));
  dirs.push(dir);
  const file = path.join(dir, 'catalog.sqlite');
  fs.writeFileSync(file, Buffer.alloc(8192));
  try {
    openCatalog(file).close();
  } catch (err) {
    return { file, err };
  }
  throw new Error(`openCatalog(${file}) opened 8 KiB of zeros; expected a CatalogOpenError`);
}

it('a catalog that cannot be opened: the error box names the catalog file and how to recover, and the exit is non-zero', () => {
  const { file, err } = damagedCatalogError();
  expect(err).toBeInstanceOf(CatalogOpenError);
  const failure = describeStartupFailure(err);
  expect(failure.title).toBe('The catalog cannot be opened');
  expect(failure.message).toBe((err as Error).message);
  expect(failure.message).toContain(`catalog ${file}: `);
  expect(failure.message).toMatch(/To recover: restore the catalog from a backup/);
  expect(failure.exitCode).not.toBe(0);
});

it('any other error: a general title, the error itself (message and where it came from), what to do, and a non-zero exit', () => {
  const err = new TypeError('backend.context is undefined');
  const failure = describeStartupFailure(err);
  expect(failure.title).toBe('UOS Drilling Workstation could not start');
  expect(failure.title).not.toMatch(/catalog/i);
  expect(failure.message).toContain('TypeError: backend.context is undefined');
  expect(failure.message).toContain(err.stack);
  expect(failure.message).toContain('udw doctor');
  expect(failure.exitCode).not.toBe(0);
});

it('a thrown non-Error is shown as what it was, not as "[object Object]"', () => {
  expect(describeStartupFailure({ code: 'EBOOT' }).message).toContain('a non-Error value was thrown: {"code":"EBOOT"}');
  expect(describeStartupFailure('no display').message).toContain('a non-Error value was thrown: no display');
  expect(describeStartupFailure(undefined).message).toContain('a non-Error value was thrown: undefined');
});
