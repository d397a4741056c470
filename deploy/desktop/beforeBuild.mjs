/**
 * electron-builder's beforeBuild hook: runs before it installs or rebuilds the app's native dependencies for
 * Electron. That rebuild must happen only in a copy staged by deploy/desktop/dist.mjs (marked by STAGE_MARKER):
 * run in the repository it would rebuild better-sqlite3 for Electron's ABI inside the node_modules the tests
 * load with Node, and every test touching the catalog would then fail to load it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const STAGE_MARKER = '.udw-dist-stage';

/** @param {{ appDir: string }} context electron-builder's BeforeBuildContext */
export async function beforeBuild(context) {
  const marker = path.join(context.appDir, STAGE_MARKER);
  if (!existsSync(marker)) {
    throw new Error(
      `electron-builder: ${context.appDir} is not a staged copy (no ${STAGE_MARKER}); packaging rebuilds native ` +
        'modules for Electron in place, so run `npm run dist` (deploy/desktop/dist.mjs) instead of electron-builder itself',
    );
  }
  // true: electron-builder goes on to rebuild the staged node_modules for Electron (npmRebuild).
  return true;
}

export default beforeBuild;
