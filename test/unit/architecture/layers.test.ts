// The direction check of src/main (scripts/check-layers.mjs): the real tree follows it, and the rule itself
// catches a wrong import, an unknown folder and a stray `electron` import in a fixture tree.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers as check } from '../../../scripts/check-layers.mjs';

const made: string[] = [];

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-layers-'));
  made.push(root);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

afterEach(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('layers of src/main', () => {
  it('the project tree has no import against the written order', () => {
    expect(check(path.resolve(import.meta.dirname, '../../..'))).toEqual([]);
  });

  it('accepts imports downwards, within a folder and into src/shared', () => {
    const root = tree({
      'src/main/db/open.ts': "import { x } from '../../shared/api/errors';\nexport const db = x;\n",
      'src/main/catalog/write.ts': "import { db } from '../db/open';\nimport { y } from './rows';\nexport const w = [db, y];\n",
      'src/main/catalog/rows.ts': 'export const y = 1;\n',
      'src/main/backend/create.ts': "import { w } from '../catalog/write';\nexport const b = w;\n",
    });
    expect(check(root)).toEqual([]);
  });

  it('names the file, the line and the layers of an upward import', () => {
    const root = tree({
      'src/main/db/migrations/002.ts': "// seeds\n\nimport { DEFAULT } from '../../labels/defaultSchema';\nexport const m = DEFAULT;\n",
      'src/main/labels/defaultSchema.ts': 'export const DEFAULT = 1;\n',
    });
    const problems = check(root);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^src\/main\/db\/migrations\/002\.ts:3: imports '\.\.\/\.\.\/labels\/defaultSchema': db \(layer \d\) may not depend on labels/);
  });

  it('refuses imports between siblings of one layer, and re-exports and dynamic imports count', () => {
    const root = tree({
      'src/main/electron/window.ts': "export * from '../cli/main';\n",
      'src/main/ingest/job.ts': "export async function f() { return import('../labels/store'); }\n",
      'src/main/cli/main.ts': 'export const c = 1;\n',
      'src/main/labels/store.ts': 'export const s = 1;\n',
    });
    const problems = check(root);
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toContain('electron and cli are siblings');
    expect(problems.join('\n')).toContain('ingest and labels are siblings');
  });

  it('allows electron only in the Electron entry files and the preload', () => {
    const root = tree({
      'src/main/services/doctor.ts': "import { app } from 'electron';\nexport const a = app;\n",
      'src/main/electron/window.ts': "import { BrowserWindow } from 'electron';\nexport const w = BrowserWindow;\n",
      'src/main/index.ts': "import { app } from 'electron';\nimport { w } from './electron/window';\nexport const i = [app, w];\n",
      'src/preload/index.ts': "import { contextBridge } from 'electron';\nexport const p = contextBridge;\n",
    });
    const problems = check(root);
    expect(problems).toEqual([expect.stringMatching(/^src\/main\/services\/doctor\.ts:1: imports 'electron'/)]);
  });

  it('flags a folder that is in no layer, and main reaching into the renderer', () => {
    const root = tree({
      'src/main/misc/thing.ts': "import { db } from '../db/open';\nexport const t = db;\n",
      'src/main/db/open.ts': 'export const db = 1;\n',
      'src/main/catalog/view.ts': "import { App } from '../../renderer/app/App';\nexport const v = App;\n",
      'src/renderer/app/App.tsx': 'export const App = 1;\n',
    });
    const problems = check(root).join('\n');
    expect(problems).toContain('src/main/misc is in no layer');
    expect(problems).toContain('src/main may import only src/main and src/shared');
  });
});
