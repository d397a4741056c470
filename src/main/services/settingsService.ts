/**
 * Settings live beside the catalog (settings.json in the catalog's folder), validated on read and write,
 * written atomically so a crash never leaves half a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Settings } from '../../shared/api/app.contract';
import { describeIssues } from '../../shared/api/dispatch';
import { ApiError } from '../../shared/api/errors';

export const DEFAULT_SETTINGS: Settings = {
  datasetFolders: [],
  pythonPath: null,
  mlflowUrl: null,
  dvcRemote: null,
  annotator: '',
  keymap: {},
};

export class SettingsService {
  private current: Settings;
  private readonly file: string;

  public constructor(catalogDir: string) {
    this.file = path.join(catalogDir, 'settings.json');
    this.current = this.load();
  }

  public get(): Settings {
    return structuredClone(this.current);
  }

  public update(patch: Partial<Settings>): Settings {
    const next = Settings.safeParse({ ...this.current, ...patch });
    if (!next.success) throw new ApiError('invalid_payload', `settings: ${describeIssues(next.error.issues)}`);
    this.current = next.data;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.current, null, 2));
    fs.renameSync(tmp, this.file);
    return this.get();
  }

  public dispose(): void {}

  private load(): Settings {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return structuredClone(DEFAULT_SETTINGS);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ApiError('failed', `${this.file}: not valid JSON (${(err as Error).message}); fix or delete it`);
    }
    const parsed = Settings.safeParse({ ...DEFAULT_SETTINGS, ...(raw as object) });
    if (!parsed.success) throw new ApiError('failed', `${this.file}: ${describeIssues(parsed.error.issues)}`);
    return parsed.data;
  }
}
