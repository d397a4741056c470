/**
 * models.importPick through the back end's dispatch: the file comes from the port the host lends (the desktop
 * app's native dialog, electron/modelFileDialog.ts), never from the page; a host with no dialog says where
 * the import is done instead. The registry and the inference child that checks the model are the real ones.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dialog, OpenDialogOptions } from 'electron';
import { createBackend, type Backend } from '../../src/main/backend/createBackend';
import { MODEL_DIALOG_OPTIONS, modelFileDialog } from '../../src/main/electron/modelFileDialog';
import type { PickModelFile } from '../../src/main/models/modelFilePick';
import { MISMATCHED, TINY } from '../fixtures/models/modelsFixture';

let backend: Backend | null = null;
let dir: string | null = null;

afterEach(async () => {
  await backend?.dispose();
  backend = null;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function open(pickModelFile?: PickModelFile, host: 'memory' | 'web' = 'memory'): Backend {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-import-pick-'));
  backend = createBackend({ host, catalogPath: path.join(dir, 'catalog.sqlite'), pickModelFile });
  return backend;
}

describe('models.importPick', () => {
  it('imports the picked .onnx file into the registry', async () => {
    const b = open(async () => TINY);
    const { model } = (await b.dispatch('models.importPick', { name: 'picked tiny' })) as { model: { id: string; name: string; classes: string[] } | null };
    expect(model).toMatchObject({ name: 'picked tiny', classes: ['entry', 'cfrp_ti_transition', 'exit'] });
    expect(fs.existsSync(path.join(dir!, 'models', `${model!.id}.onnx`))).toBe(true);
    expect(await b.dispatch('models.list', {})).toEqual([expect.objectContaining({ id: model!.id })]);
  }, 60_000);

  it('does nothing when the dialog is cancelled', async () => {
    const b = open(async () => null);
    expect(await b.dispatch('models.importPick', {})).toEqual({ model: null });
    expect(await b.dispatch('models.list', {})).toEqual([]);
  });

  it('refuses a picked file that is not a model the app can run, and names it', async () => {
    const notOnnx = open(async () => '/etc/hostname');
    await expect(notOnnx.dispatch('models.importPick', {})).rejects.toThrow(/\/etc\/hostname: not an \.onnx file/);
    await backend!.dispose();
    fs.rmSync(dir!, { recursive: true, force: true });
    const mismatched = open(async () => MISMATCHED);
    await expect(mismatched.dispatch('models.importPick', {})).rejects.toThrow(new RegExp(MISMATCHED.replace(/[.]/g, '\\.')));
    expect(await mismatched.dispatch('models.list', {})).toEqual([]);
  }, 60_000);

  it('says where to import on a host with no file dialog', async () => {
    const b = open(undefined, 'web');
    await expect(b.dispatch('models.importPick', {})).rejects.toThrow('models.importPick: this host (web) has no file dialog; import the file with `udw models import FILE.onnx`');
  });
});

describe('the desktop dialog port', () => {
  it('asks for one .onnx file, owned by the focused window when there is one, and answers null on cancel', async () => {
    const calls: Array<{ owner: unknown; options: OpenDialogOptions }> = [];
    let answer = { canceled: false, filePaths: ['/models/a.onnx'] };
    const dialog = {
      showOpenDialog: async (...args: unknown[]) => {
        const [owner, options] = args.length === 2 ? args : [null, args[0]];
        calls.push({ owner, options: options as OpenDialogOptions });
        return answer;
      },
    } as unknown as Pick<Dialog, 'showOpenDialog'>;
    const win = { id: 1 } as never;
    expect(await modelFileDialog(dialog, () => win)()).toBe('/models/a.onnx');
    answer = { canceled: true, filePaths: [] };
    expect(await modelFileDialog(dialog, () => undefined)()).toBeNull();
    expect(calls).toEqual([
      { owner: win, options: MODEL_DIALOG_OPTIONS },
      { owner: null, options: MODEL_DIALOG_OPTIONS },
    ]);
    expect(MODEL_DIALOG_OPTIONS.filters).toEqual([{ name: 'ONNX model', extensions: ['onnx'] }]);
    expect(MODEL_DIALOG_OPTIONS.properties).toContain('openFile');
  });
});
