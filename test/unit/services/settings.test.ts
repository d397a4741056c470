import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { locatePython } from '../../../src/main/python/locatePython';
import { resolveCatalogPath, defaultDataDir } from '../../../src/main/services/paths';
import { DEFAULT_SETTINGS, SettingsService } from '../../../src/main/services/settingsService';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-settings-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('settings', () => {
  it('start from defaults and persist beside the catalog', () => {
    const dir = tmp();
    const s = new SettingsService(dir);
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    s.update({ annotator: 'Ada', mlflowUrl: 'http://127.0.0.1:5000', datasetFolders: ['/data/setitec'] });
    const again = new SettingsService(dir);
    expect(again.get()).toMatchObject({ annotator: 'Ada', mlflowUrl: 'http://127.0.0.1:5000', datasetFolders: ['/data/setitec'] });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')).annotator).toBe('Ada');
  });

  it('refuse invalid values and keep what was stored', () => {
    const dir = tmp();
    const s = new SettingsService(dir);
    s.update({ annotator: 'Ada' });
    expect(() => s.update({ mlflowUrl: 'ftp://nope' })).toThrow(/mlflowUrl/);
    expect(() => s.update({ datasetFolders: [''] })).toThrow(/datasetFolders/);
    expect(new SettingsService(dir).get().annotator).toBe('Ada');
    expect(s.get().mlflowUrl).toBeNull();
  });

  it('say which file is broken when settings.json is not JSON', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'settings.json'), '{ half');
    expect(() => new SettingsService(dir)).toThrow(new RegExp(`${path.join(dir, 'settings.json').replace(/[/.]/g, '\\$&')}: not valid JSON`));
  });
});

describe('paths', () => {
  it('put the catalog in the per-user data folder unless --db or UDW_DB says otherwise', () => {
    expect(resolveCatalogPath(null, { XDG_DATA_HOME: '/home/u/.local/share' })).toBe(
      process.platform === 'linux' ? '/home/u/.local/share/uos-drilling-workstation/catalog.sqlite' : path.join(defaultDataDir({}), 'catalog.sqlite'),
    );
    expect(resolveCatalogPath(null, { UDW_DB: '/x/c.sqlite' })).toBe('/x/c.sqlite');
    expect(resolveCatalogPath('/y/d.sqlite', { UDW_DB: '/x/c.sqlite' })).toBe('/y/d.sqlite');
    expect(defaultDataDir({ UDW_DATA_DIR: '/z' })).toBe('/z');
  });
});

describe('the Python interpreter', () => {
  it('comes from settings, then UDW_PYTHON, then the project .venv, then python3', () => {
    const root = tmp();
    expect(locatePython({ settingsPath: '/opt/py', projectRoot: root, env: { UDW_PYTHON: '/env/py' } })).toEqual({ command: '/opt/py', source: 'settings' });
    expect(locatePython({ settingsPath: null, projectRoot: root, env: { UDW_PYTHON: '/env/py' } })).toEqual({ command: '/env/py', source: 'UDW_PYTHON' });
    expect(locatePython({ settingsPath: null, projectRoot: root, env: {} }).source).toBe('PATH');
    fs.mkdirSync(path.join(root, '.venv', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(root, '.venv', 'bin', 'python'), '');
    expect(locatePython({ settingsPath: null, projectRoot: root, env: {} })).toEqual({ command: path.join(root, '.venv', 'bin', 'python'), source: 'project .venv' });
  });
});
