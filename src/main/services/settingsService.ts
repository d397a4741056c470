/**
 * Settings live beside the catalog (settings.json in the catalog's folder), validated on read and write,
 * written atomically (services/privateFile.ts) so a crash never leaves half a file, readable by the user only.
 *
 * The Python interpreter is kept apart from what the renderer may edit, with where the choice came from: a
 * settings.json of an earlier version held a bare `pythonPath` that any page could have set, so such a path is
 * marked `legacy` and used only once the back end finds it among its own candidates (services/pythonSelection.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EditableSettings, type Settings } from '../../shared/api/app.contract';
import { describeIssues } from '../../shared/api/dispatch';
import { ApiError } from '../../shared/api/errors';
import { writePrivateFileAtomic } from './privateFile';

export const StoredPython = z.object({
  path: z.string().min(1),
  /** dialog: picked in the desktop app's native dialog; discovered: one of python.candidates; legacy: an old file's pythonPath. */
  origin: z.enum(['dialog', 'discovered', 'legacy']),
});
export type StoredPython = z.infer<typeof StoredPython>;

const SettingsFile = EditableSettings.extend({ python: StoredPython.nullable() });
type SettingsFile = z.infer<typeof SettingsFile>;
const EditablePatch = EditableSettings.partial().strict();

const DEFAULT_FILE: SettingsFile = {
  datasetFolders: [],
  mlflowUrl: null,
  dvcRemote: null,
  annotator: '',
  keymap: {},
  python: null,
};

export const DEFAULT_SETTINGS: Settings = toSettings(DEFAULT_FILE);

function toSettings(file: SettingsFile): Settings {
  const { python, ...editable } = file;
  return { ...structuredClone(editable), pythonPath: python && python.origin !== 'legacy' ? python.path : null };
}

/** An earlier version's file: `pythonPath` without an origin becomes a legacy choice, to be re-validated. */
function upgrade(raw: Record<string, unknown>): Record<string, unknown> {
  const { pythonPath, ...rest } = raw;
  if ('python' in rest) return rest;
  return { ...rest, python: typeof pythonPath === 'string' && pythonPath ? { path: pythonPath, origin: 'legacy' } : null };
}

export class SettingsService {
  private current: SettingsFile;
  private readonly file: string;

  public constructor(catalogDir: string) {
    this.file = path.join(catalogDir, 'settings.json');
    this.current = this.load();
  }

  public get path(): string {
    return this.file;
  }

  public get(): Settings {
    return toSettings(this.current);
  }

  public update(patch: Partial<EditableSettings>): Settings {
    // Only the editable fields: a `python` or `pythonPath` smuggled into a patch is refused, not stored.
    const checked = EditablePatch.safeParse(patch);
    if (!checked.success) throw new ApiError('invalid_payload', `settings: ${describeIssues(checked.error.issues)}`);
    this.save({ ...this.current, ...checked.data });
    return this.get();
  }

  /** The stored interpreter choice. Set only by the back end (services/pythonSelection.ts), never from a payload. */
  public python(): StoredPython | null {
    return this.current.python ? { ...this.current.python } : null;
  }

  public setPython(choice: StoredPython | null): Settings {
    this.save({ ...this.current, python: choice ? StoredPython.parse(choice) : null });
    return this.get();
  }

  public dispose(): void {}

  private save(next: SettingsFile): void {
    writePrivateFileAtomic(this.file, JSON.stringify(next, null, 2));
    this.current = next;
  }

  private load(): SettingsFile {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return structuredClone(DEFAULT_FILE);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ApiError('failed', `${this.file}: not valid JSON (${(err as Error).message}); fix or delete it`);
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ApiError('failed', `${this.file}: expected a JSON object of settings; fix or delete it`);
    const parsed = SettingsFile.safeParse({ ...DEFAULT_FILE, ...upgrade(raw as Record<string, unknown>) });
    if (!parsed.success) throw new ApiError('failed', `${this.file}: ${describeIssues(parsed.error.issues)}`);
    return parsed.data;
  }
}
