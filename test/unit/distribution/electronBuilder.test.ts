/**
 * electron-builder.yml, checked with electron-builder's own loader, schema validation and file matchers (the
 * code that packs the asar archive), against the files really present: native modules in node_modules, the
 * Python bridge, the icons. Packaging itself needs the Electron zip (internet), so it is not run here.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import type { Configuration } from 'app-builder-lib';
import { getFileMatchers } from 'app-builder-lib/out/fileMatcher';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGE_MARKER, beforeBuild } from '../../../deploy/desktop/beforeBuild.mjs';
import { STAGED_PATHS } from '../../../deploy/desktop/dist.mjs';
import { renderIcon } from '../../../scripts/make-icons.mjs';
import { readIcns, readIco, readPng } from './iconFiles';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

let config: Configuration;
beforeAll(async () => {
  config = await getConfig(ROOT, null, null);
});

function matcherFilter(name: 'asarUnpack' | 'extraResources', patterns?: string[]) {
  const cfg: Configuration = patterns ? { ...config, [name]: patterns } : config;
  const matchers = getFileMatchers(cfg, name, '/app', { macroExpander: (p) => p, customBuildOptions: {}, globalOutDir: path.join(ROOT, 'dist'), defaultSrc: ROOT });
  if (!matchers) throw new Error(`electron-builder.yml: expected ${name} patterns`);
  return matchers;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

/** Files a native module loads or executes at run time (not its sources, object files or test binaries). */
function runtimeNativeFiles(pkg: string): string[] {
  const native = /(\.node|\.so(\.\d+)*|\.dylib|\.dll|\.exe|[\\/]spawn-helper)$/;
  const notRuntime = /(^|[\\/])(obj|obj\.target|\.deps|deps|src|third_party)[\\/]|test_extension\.node$/;
  return filesUnder(path.join(ROOT, 'node_modules', pkg)).filter((f) => native.test(f) && !notRuntime.test(path.relative(path.join(ROOT, 'node_modules', pkg), f)));
}

const NATIVE_PACKAGES = ['better-sqlite3', 'onnxruntime-node', 'node-pty'];

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The validator is real: a misspelt fuse is refused.
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNod: false } } as unknown as Configuration, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('names the app and builds AppImage + deb, NSIS and dmg', () => {
    expect(config.appId).toBe('uk.ac.sheffield.uos-drilling-workstation');
    expect(config.productName).toBe('UOS Drilling Workstation');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toBe('nsis');
    expect(config.mac?.target).toBe('dmg');
  });

  it('sets the production fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // electron-builder flips them through @electron/fuses: each option must exist in the installed version.
    for (const fuse of ['RunAsNode', 'EnableNodeOptionsEnvironmentVariable', 'EnableNodeCliInspectArguments', 'EnableEmbeddedAsarIntegrityValidation', 'OnlyLoadAppFromAsar', 'GrantFileProtocolExtraPrivileges'] as const) {
      expect(FuseV1Options[fuse], fuse).toBeTypeOf('number');
    }
  });

  it.each(NATIVE_PACKAGES)('unpacks every run-time native file of %s from the asar archive', (pkg) => {
    const files = runtimeNativeFiles(pkg);
    expect(files.length, `node_modules/${pkg}: expected native files (is it installed and built?)`).toBeGreaterThan(0);
    const unpack = matcherFilter('asarUnpack')[0]!.createFilter();
    const packed = files.filter((f) => !unpack(f, statSync(f)));
    expect(packed.map((f) => path.relative(ROOT, f)), 'native files left inside app.asar').toEqual([]);
  });

  it('has no asarUnpack pattern that matches no native file present in node_modules', () => {
    const natives = NATIVE_PACKAGES.flatMap(runtimeNativeFiles);
    for (const pattern of config.asarUnpack as string[]) {
      const filter = matcherFilter('asarUnpack', [pattern])[0]!.createFilter();
      expect(natives.some((f) => filter(f, statSync(f))), `asarUnpack '${pattern}' matches no native file`).toBe(true);
    }
    // The files the platforms load are among them: the binding and its shared library, next to each other.
    const rel = natives.map((f) => path.relative(path.join(ROOT, 'node_modules'), f).split(path.sep).join('/'));
    expect(rel).toContain('better-sqlite3/build/Release/better_sqlite3.node');
    expect(rel).toContain('onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node');
    expect(rel).toContain('onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1');
    expect(rel).toContain('onnxruntime-node/bin/napi-v6/win32/x64/onnxruntime.dll');
    expect(rel).toContain('onnxruntime-node/bin/napi-v6/darwin/arm64/libonnxruntime.1.dylib');
  });

  it('ships python-bridge as an extra resource, without tests and __pycache__', () => {
    const [bridge] = matcherFilter('extraResources');
    expect(bridge!.from).toBe(path.join(ROOT, 'python-bridge'));
    expect(existsSync(path.join(bridge!.from, 'udw_bridge', '__main__.py'))).toBe(true);
    const filter = bridge!.createFilter();
    const fileStat = statSync(path.join(ROOT, 'python-bridge', 'udw_bridge', '__main__.py'));
    expect(filter(path.join(ROOT, 'python-bridge', 'udw_bridge', '__main__.py'), fileStat)).toBe(true);
    expect(filter(path.join(ROOT, 'python-bridge', 'tests', 'test_doctor.py'), fileStat)).toBe(false);
    expect(filter(path.join(ROOT, 'python-bridge', 'udw_bridge', '__pycache__', 'x.cpython-311.pyc'), fileStat)).toBe(false);
  });

  it('points at icons that exist and are valid images of the stated size', () => {
    const main = readPng(readFileSync(path.join(ROOT, config.icon!)), config.icon!);
    expect([main.width, main.height]).toEqual([512, 512]);
    const linuxDir = path.join(ROOT, config.linux!.icon!);
    const named = readdirSync(linuxDir).filter((n) => /^\d+x\d+\.png$/.test(n));
    expect(named).toEqual(expect.arrayContaining(['256x256.png', '512x512.png']));
    for (const name of named) {
      const png = readPng(readFileSync(path.join(linuxDir, name)), name);
      expect(`${png.width}x${png.height}.png`).toBe(name);
    }
    const ico = readIco(readFileSync(path.join(ROOT, config.win!.icon!)), config.win!.icon!);
    expect(ico.map((e) => e.size)).toContain(256);
    for (const e of ico) expect(e.png.width).toBe(e.size);
    const icns = readIcns(readFileSync(path.join(ROOT, config.mac!.icon!)), config.mac!.icon!);
    const sizes: Record<string, number> = { ic07: 128, ic08: 256, ic09: 512, ic10: 1024 };
    expect(icns.map((e) => e.type)).toEqual(expect.arrayContaining(['ic08', 'ic09']));
    for (const e of icns) expect(e.png.width, e.type).toBe(sizes[e.type]);
  });

  it('has committed icons that match what scripts/make-icons.mjs draws', () => {
    const rgba = renderIcon(256);
    const expected = Buffer.alloc(256 * (256 * 4 + 1));
    for (let y = 0; y < 256; y += 1) rgba.copy(expected, y * 1025 + 1, y * 1024, (y + 1) * 1024);
    const onDisk = readPng(readFileSync(path.join(ROOT, 'resources', 'icons', '256x256.png')), '256x256.png');
    expect(onDisk.raw.equals(expected), 'resources/icons is stale: run node scripts/make-icons.mjs').toBe(true);
  });
});

describe('packaging from a staged copy (deploy/desktop)', () => {

  it("refuses to rebuild native modules in the repository's own node_modules", async () => {
    expect(path.resolve(ROOT, config.beforeBuild as string)).toBe(path.join(ROOT, 'deploy', 'desktop', 'beforeBuild.mjs'));
    await expect(beforeBuild({ appDir: ROOT })).rejects.toThrow(/not a staged copy.*npm run dist/);
  });

  it('lets electron-builder rebuild inside a staged copy', async () => {
    const stage = mkdtempSync(path.join(tmpdir(), 'udw-stage-'));
    try {
      writeFileSync(path.join(stage, STAGE_MARKER), '');
      await expect(beforeBuild({ appDir: stage })).resolves.toBe(true);
    } finally {
      rmSync(stage, { recursive: true, force: true });
    }
  });

  it('stages everything electron-builder.yml refers to', () => {
    const referenced = ['out/electron', 'package.json', 'python-bridge', path.dirname(config.icon!), config.linux!.icon!, path.dirname(config.beforeBuild as string)];
    for (const p of referenced) expect(STAGED_PATHS.some((s) => path.normalize(p) === path.normalize(s) || path.normalize(p).startsWith(path.normalize(s) + path.sep)), p).toBe(true);
    expect(config.npmRebuild).toBe(true);
  });
});
