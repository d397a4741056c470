/**
 * One auto-label run's state, held in memory until it is committed or discarded: the files of its scope and,
 * per file computed so far, the engine's proposals (all of them: the minimum-confidence filter is applied
 * when the preview is made and when it is committed, so a re-run with another filter needs no recomputing).
 */
import type { AutolabelScope } from '../../../shared/api/autolabel.contract';
import type { FileProposals } from '../../../shared/labels/proposals/index';
import type { ScopeFile } from './scope';

export interface FileResult extends FileProposals {
  fileId: number;
  path: string;
}

export interface FileFailure {
  fileId: number;
  path: string;
  message: string;
}

/** Two scopes are the same run when they name the same files the same way. */
export function scopeKey(scope: AutolabelScope): string {
  switch (scope.kind) {
    case 'all':
      return 'all';
    case 'folder':
      return `folder:${scope.folder}`;
    case 'files':
      return `files:${[...new Set(scope.fileIds)].join(',')}`;
  }
}

export class AutolabelJob {
  public readonly results = new Map<number, FileResult>();
  public readonly failures = new Map<number, FileFailure>();
  /** The filter of the latest run; the commit writes what that run's preview showed. */
  public minConfidence = 0;
  /** Set while a run computes (its cancel) or a commit writes; a job does one thing at a time. */
  public busy: { kind: 'running'; controller: AbortController } | { kind: 'committing' } | null = null;

  public constructor(
    public readonly id: string,
    public readonly scope: AutolabelScope,
    /** Resolved once, when the job starts: a resumed job finishes the files it was started for. */
    public readonly files: readonly ScopeFile[],
  ) {}

  public get done(): number {
    return this.results.size + this.failures.size;
  }

  public get complete(): boolean {
    return this.done === this.files.length;
  }

  public has(fileId: number): boolean {
    return this.results.has(fileId) || this.failures.has(fileId);
  }
}
