/**
 * The desktop app's file dialog for models.importPick (models/modelFilePick.ts): the user, not the page, picks
 * the .onnx file, and the back end reads only what was picked. Electron is reached through what the entry
 * hands in, so the options are plain data a test can read without an Electron binary.
 */
import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import type { PickModelFile } from '../models/modelFilePick';

export const MODEL_DIALOG_OPTIONS: OpenDialogOptions = {
  title: 'Import an ONNX model',
  buttonLabel: 'Import',
  properties: ['openFile', 'dontAddToRecent'],
  filters: [{ name: 'ONNX model', extensions: ['onnx'] }],
};

/** `owner`: the window the dialog belongs to (the focused one), or none for a free-standing dialog. */
export function modelFileDialog(dialog: Pick<Dialog, 'showOpenDialog'>, owner: () => BrowserWindow | undefined): PickModelFile {
  return async () => {
    const window = owner();
    const result = window ? await dialog.showOpenDialog(window, MODEL_DIALOG_OPTIONS) : await dialog.showOpenDialog(MODEL_DIALOG_OPTIONS);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
