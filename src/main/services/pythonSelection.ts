/**
 * Who decides which Python the back end runs. The renderer may only pick among interpreters the back end
 * found itself (by id), or ask the desktop app to open its native file dialog; it never sends a path. Whoever
 * started the back end may fix the interpreter (`--python PATH`, `UDW_PYTHON` for `udw web`); then, and always
 * in the browser host, the page cannot change it.
 */
import path from 'node:path';
import type { HostKind, PythonCandidate, PythonCandidates } from '../../shared/api/app.contract';
import { ApiError } from '../../shared/api/errors';
import { locatePython, type PythonChoice } from '../python/locatePython';
import { findPythons, probePythons, probePythonVersion, pythonCandidateId, type FoundPython } from '../python/pythonCandidates';
import type { SettingsService } from './settingsService';

/** The native "open file" dialog, lent by the Electron entry; resolves to the picked path, or null when cancelled. */
export type ChooseInterpreterFile = () => Promise<string | null>;

export interface PythonSelectionOptions {
  host: HostKind;
  projectRoot: string;
  settings: SettingsService;
  /** Set by the command line that started this back end; the page cannot change it. */
  fixed?: { command: string; source: '--python' | 'UDW_PYTHON' } | null;
  chooseFile?: ChooseInterpreterFile | null;
  env?: NodeJS.ProcessEnv;
}

export interface ActivePython extends PythonChoice {
  /** Set when a stored choice was ignored, saying why. */
  note: string | null;
}

export class PythonSelection {
  public constructor(private readonly opts: PythonSelectionOptions) {}

  /** What the doctor and the bridge run now. Cheap: no interpreter is started. */
  public active(): ActivePython {
    const { fixed, settings, projectRoot, env } = this.opts;
    if (fixed) return { ...fixed, note: null };
    const stored = settings.python();
    let note: string | null = null;
    if (stored) {
      if (stored.origin !== 'legacy' || this.isFound(stored.path)) return { command: stored.path, source: 'settings', note: null };
      note = `${settings.path}: its pythonPath ${stored.path} was ignored: an earlier version let the page set it, and it is none of the interpreters found here; choose one in Settings`;
    }
    return { ...locatePython({ chosen: null, projectRoot, env }), note };
  }

  /** Why this host does not let the page change the interpreter, or null when it does. */
  public lockedBecause(): string | null {
    const { fixed, host } = this.opts;
    if (fixed) return `the Python interpreter is set by the command line that started this back end (${fixed.source} ${fixed.command}); restart it with another --python to change it`;
    if (host === 'web') return 'in the browser host the Python interpreter is set on the command line that started it: udw web --python PATH (or UDW_PYTHON)';
    return null;
  }

  public async candidates(): Promise<PythonCandidates> {
    const found = this.found();
    const stored = this.opts.settings.python();
    // A choice the back end made stays listed even when no search finds it (a dialog pick, a removed .venv).
    if (stored && stored.origin !== 'legacy' && !found.some((f) => f.path === path.resolve(stored.path))) found.unshift({ path: path.resolve(stored.path), source: 'settings' });
    const fixed = this.opts.fixed;
    if (fixed && !found.some((f) => f.path === path.resolve(fixed.command))) found.unshift({ path: fixed.command, source: fixed.source });
    const candidates: PythonCandidate[] = await probePythons(found);
    const active = this.active();
    const activeId = candidates.find((c) => c.path === path.resolve(active.command))?.id ?? null;
    const selected = active.source === 'settings' && stored ? pythonCandidateId(stored.path) : null;
    const locked = this.lockedBecause();
    return {
      active: { path: active.command, source: active.source, id: activeId },
      selected,
      candidates,
      canSelect: locked === null,
      canBrowse: locked === null && Boolean(this.opts.chooseFile),
      note: [locked, active.note].filter(Boolean).join('. ') || null,
    };
  }

  /** `settings.update { pythonChoice }`: an id of a found interpreter, or null for the automatic choice. */
  public select(id: string | null): void {
    const locked = this.lockedBecause();
    if (locked) throw new ApiError('forbidden', `settings.update: pythonChoice refused: ${locked}`);
    if (id === null) {
      this.opts.settings.setPython(null);
      return;
    }
    const stored = this.opts.settings.python();
    if (stored && stored.origin !== 'legacy' && pythonCandidateId(stored.path) === id) return;
    const hit = this.found().find((f) => pythonCandidateId(f.path) === id);
    if (!hit) throw new ApiError('not_found', `settings.update: pythonChoice '${id}' is none of the interpreters found now; ask python.candidates again`);
    this.opts.settings.setPython({ path: hit.path, origin: 'discovered' });
  }

  /** `python.choose`: the native dialog of the desktop app; the picked file must answer like a Python. */
  public async choose(): Promise<{ chosen: PythonCandidate | null }> {
    const locked = this.lockedBecause();
    if (locked) throw new ApiError('forbidden', `python.choose: ${locked}`);
    if (!this.opts.chooseFile) throw new ApiError('forbidden', `python.choose: this host (${this.opts.host}) has no file dialog; pick one of python.candidates with settings.update { pythonChoice }`);
    const picked = await this.opts.chooseFile();
    if (!picked) return { chosen: null };
    const file = path.resolve(picked);
    const version = await probePythonVersion(file);
    if (!version) throw new ApiError('failed', `${file}: not a Python interpreter (expected it to answer --version with "Python x.y")`);
    this.opts.settings.setPython({ path: file, origin: 'dialog' });
    return { chosen: { id: pythonCandidateId(file), path: file, version, source: 'settings' } };
  }

  private found(): FoundPython[] {
    return findPythons({ projectRoot: this.opts.projectRoot, env: this.opts.env });
  }

  private isFound(file: string): boolean {
    return this.found().some((f) => f.path === path.resolve(file));
  }
}
