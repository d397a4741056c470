import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../../src/main/backend/createBackend';
import { locatePython } from '../../../src/main/python/locatePython';
import { resolveCatalogPath, defaultDataDir } from '../../../src/main/services/paths';
import { randomTempName, writePrivateFileAtomic } from '../../../src/main/services/privateFile';
import { DEFAULT_SETTINGS, SettingsService } from '../../../src/main/services/settingsService';
import { POSIX } from '../../helpers/fakePython';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-settings-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const modeOf = (p: string): number => fs.statSync(p).mode & 0o777;

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

  it('never take an interpreter path through update(), whatever the caller smuggles in', () => {
    const dir = tmp();
    const s = new SettingsService(dir);
    for (const sneaky of [{ pythonPath: '/tmp/evil.sh' }, { python: { path: '/tmp/evil.sh', origin: 'dialog' } }]) {
      expect(() => s.update(sneaky as never)).toThrow(/settings: .*Unrecognized key/);
    }
    expect(s.python()).toBeNull();
    expect(fs.existsSync(path.join(dir, 'settings.json'))).toBe(false);
  });

  it('keep the interpreter chosen by the back end with its origin, and mark an old file’s bare pythonPath as legacy', () => {
    const dir = tmp();
    const s = new SettingsService(dir);
    s.setPython({ path: '/opt/py/bin/python3', origin: 'dialog' });
    expect(new SettingsService(dir).python()).toEqual({ path: '/opt/py/bin/python3', origin: 'dialog' });
    expect(new SettingsService(dir).get().pythonPath).toBe('/opt/py/bin/python3');

    const old = tmp();
    fs.writeFileSync(path.join(old, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, annotator: 'Bo', pythonPath: '/tmp/evil.sh' }));
    const legacy = new SettingsService(old);
    expect(legacy.python()).toEqual({ path: '/tmp/evil.sh', origin: 'legacy' });
    // Not shown as the interpreter in use: it is not, until the back end finds it among its own.
    expect(legacy.get()).toMatchObject({ annotator: 'Bo', pythonPath: null });
    legacy.update({ annotator: 'Cy' });
    expect(JSON.parse(fs.readFileSync(path.join(old, 'settings.json'), 'utf8'))).not.toHaveProperty('pythonPath');
  });
});

describe.skipIf(!POSIX)('settings files on disk', () => {
  it('a new data folder (and its new parents) is 0700 and settings.json 0600', async () => {
    const root = tmp();
    const dataDir = path.join(root, 'fresh', 'data');
    const backend = createBackend({ host: 'memory', catalogPath: path.join(dataDir, 'catalog.sqlite'), projectRoot: root });
    try {
      backend.context.settings.update({ annotator: 'Ada' });
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(path.dirname(dataDir))).toBe(0o700);
      expect(modeOf(path.join(dataDir, 'settings.json'))).toBe(0o600);
    } finally {
      await backend.dispose();
    }
  });

  it('a settings.json that an earlier version left world-readable becomes 0600 on the next write', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(DEFAULT_SETTINGS), { mode: 0o644 });
    new SettingsService(dir).update({ annotator: 'Ada' });
    expect(modeOf(path.join(dir, 'settings.json'))).toBe(0o600);
  });

  it('a link planted at the target is replaced, never written through', () => {
    const dir = tmp();
    const victim = path.join(tmp(), 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    const s = new SettingsService(dir);
    fs.symlinkSync(victim, path.join(dir, 'settings.json'));
    s.update({ annotator: 'Ada' });
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(fs.lstatSync(path.join(dir, 'settings.json')).isSymbolicLink()).toBe(false);
    expect(new SettingsService(dir).get().annotator).toBe('Ada');
  });

  it('a link planted at the temp name an earlier version used (settings.json.<pid>.tmp) is not followed', () => {
    const dir = tmp();
    const victim = path.join(tmp(), 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    fs.symlinkSync(victim, path.join(dir, `settings.json.${process.pid}.tmp`));
    new SettingsService(dir).update({ annotator: 'Ada' });
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(new SettingsService(dir).get().annotator).toBe('Ada');
  });

  it('a link planted at the very temp name the writer draws is refused (created exclusively), and another name is drawn', () => {
    const dir = tmp();
    const victim = path.join(tmp(), 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    fs.symlinkSync(victim, path.join(dir, '.planted.tmp'));
    const names = ['.planted.tmp', '.second.tmp'];
    writePrivateFileAtomic(path.join(dir, 'settings.json'), '{"annotator":"Ada"}', () => names.shift()!);
    expect(names).toEqual([]);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')).toBe('{"annotator":"Ada"}');
    expect(fs.lstatSync(path.join(dir, '.planted.tmp')).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(path.join(dir, '.second.tmp'))).toBe(false);
  });

  it('gives up with the file named when every drawn temp name is taken, leaving the target as it was', () => {
    const dir = tmp();
    const target = path.join(dir, 'settings.json');
    fs.writeFileSync(target, 'old');
    fs.writeFileSync(path.join(dir, '.taken.tmp'), 'x');
    expect(() => writePrivateFileAtomic(target, 'new', () => '.taken.tmp')).toThrow(`${target}: cannot create a temporary file beside it`);
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
  });

  it('draws a fresh random temp name each time and leaves no temp file behind', () => {
    const names = new Set(Array.from({ length: 50 }, () => randomTempName('settings.json')));
    expect(names.size).toBe(50);
    for (const name of names) expect(name).toMatch(/^\.settings\.json\.[0-9a-f]{24}\.tmp$/);
    const dir = tmp();
    const s = new SettingsService(dir);
    for (const annotator of ['a', 'b', 'c']) s.update({ annotator });
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
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
  it('comes from the back end’s choice, then UDW_PYTHON, then the project .venv, then python3', () => {
    const root = tmp();
    expect(locatePython({ chosen: { command: '/opt/py', source: 'settings' }, projectRoot: root, env: { UDW_PYTHON: '/env/py' } })).toEqual({ command: '/opt/py', source: 'settings' });
    expect(locatePython({ chosen: null, projectRoot: root, env: { UDW_PYTHON: '/env/py' } })).toEqual({ command: '/env/py', source: 'UDW_PYTHON' });
    expect(locatePython({ chosen: null, projectRoot: root, env: {} }).source).toBe('PATH');
    fs.mkdirSync(path.join(root, '.venv', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(root, '.venv', 'bin', 'python'), '');
    expect(locatePython({ chosen: null, projectRoot: root, env: {} })).toEqual({ command: path.join(root, '.venv', 'bin', 'python'), source: 'project .venv' });
  });
});
