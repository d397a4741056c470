/**
 * `models.importPick`: the desktop app's way to import an .onnx file. The renderer never names a path; the
 * back end asks a port for one, and only the Electron entry lends a port that opens a native file dialog
 * (electron/modelFileDialog.ts). The web host and the CLI have none, and say where the import is done there.
 */
import { ApiError } from '../../shared/api/errors';
import type { ModelInfo } from '../../shared/api/models.contract';
import type { ModelRegistry } from './modelRegistry';
import { modelInfo } from './modelStore';

/** Opens the file dialog; resolves with the picked file's path, or null when the user cancelled. */
export type PickModelFile = () => Promise<string | null>;

export function noModelDialogMessage(host: string): string {
  return `models.importPick: this host (${host}) has no file dialog; import the file with \`udw models import FILE.onnx\` (or open the desktop app)`;
}

export async function importPickedModel(registry: ModelRegistry, pickFile: PickModelFile | null, host: string, name?: string): Promise<{ model: ModelInfo | null }> {
  if (!pickFile) throw new ApiError('forbidden', noModelDialogMessage(host));
  const file = await pickFile();
  if (file === null) return { model: null };
  if (!/\.onnx$/i.test(file)) throw new ApiError('invalid_payload', `${file}: not an .onnx file; expected an ONNX model exported by python-bridge`);
  const { model } = await registry.importFile(file, name ? { name } : {});
  return { model: modelInfo(model) };
}
