#!/usr/bin/env node
/**
 * `npm run dist [-- electron-builder flags, e.g. --linux | --win | --mac]`: the desktop packages, on a machine
 * with internet (electron-builder downloads the Electron zip; better-sqlite3 is rebuilt against Electron's
 * headers). The app is packaged from a staged copy in dist/stage/ with its own production node_modules, so the
 * rebuild for Electron's ABI never touches the repository's node_modules, which the tests load with Node.
 * Packages land in dist/packages/.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAGE_MARKER } from './beforeBuild.mjs';

/** What the stage needs: electron-builder.yml's files, extraResources, icons and hook, and the lockfile. */
export const STAGED_PATHS = ['package.json', 'package-lock.json', 'electron-builder.yml', 'out/electron', 'python-bridge', 'resources/icons', 'deploy/desktop'];

/** Copies the app into `stageDir` (emptied first) and marks it as a stage for beforeBuild.mjs. */
export function stageApp(repoDir, stageDir) {
  const missing = STAGED_PATHS.filter((p) => !existsSync(path.join(repoDir, p)));
  if (missing.length > 0) throw new Error(`dist: ${missing.map((p) => path.join(repoDir, p)).join(', ')} missing; expected a built checkout (npm run build:electron)`);
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  const skip = (src) => !/[\\/](__pycache__|\.pytest_cache|node_modules)([\\/]|$)/.test(src);
  for (const p of STAGED_PATHS) cpSync(path.join(repoDir, p), path.join(stageDir, p), { recursive: true, filter: skip });
  writeFileSync(path.join(stageDir, STAGE_MARKER), 'staged by deploy/desktop/dist.mjs\n');
}

function run(cmd, args, cwd, env = {}) {
  console.log(`--- ${cmd} ${args.join(' ')}  (in ${cwd})`);
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`dist: ${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function main() {
  const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const stageDir = path.join(repoDir, 'dist', 'stage');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(npm, ['run', 'build:electron'], repoDir);
  stageApp(repoDir, stageDir);
  // Production dependencies only; onnxruntime-node's postinstall would fetch CUDA add-ons the app does not use.
  run(npm, ['ci', '--omit=dev', '--no-audit', '--no-fund'], stageDir, { ONNXRUNTIME_NODE_INSTALL: 'skip' });
  const builder = path.join(repoDir, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder');
  run(builder, ['--projectDir', stageDir, `-c.directories.output=${path.join(repoDir, 'dist', 'packages')}`, ...process.argv.slice(2)], stageDir);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
