/**
 * Label travel over one catalog handle: export, import (merge), conflicts and their resolution, as the
 * handlers (labelSyncHandlers.ts) and `udw events` use them.
 */
import { ApiError } from '../../../shared/api/errors';
import { EVENTS_FORMAT, EVENTS_FORMAT_VERSION, type ImportEventsResult, type LabelConflict } from '../../../shared/api/labelSync.contract';
import type { CatalogDb } from '../../db/openCatalog';
import { FileReviewStore } from '../fileReview';
import { LabelSchemaStore } from '../labelSchemaStore';
import { LabelStore } from '../labelStore';
import { requireFile } from '../requireFile';
import { ConflictStore } from './conflictStore';
import { formatEventLines } from './eventLines';
import { newestSeq, travellingEvents } from './eventRows';
import { EventImporter } from './importEvents';
import { installationIdOf, knownInstallationId } from './installationId';
import { resolveConflict, type Resolved } from './resolveConflict';

export interface ExportedEvents {
  jsonl: string;
  events: number;
  files: number;
}

export class LabelTravel {
  private readonly labels: LabelStore;
  private readonly conflicts: ConflictStore;
  private readonly importer: EventImporter;

  public constructor(
    private readonly db: CatalogDb,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {
    const schema = new LabelSchemaStore(db);
    const review = new FileReviewStore(db, now);
    this.labels = new LabelStore(db, schema, review, now);
    this.conflicts = new ConflictStore(db, this.labels);
    this.importer = new EventImporter({ db, schema, review, labels: this.labels, conflicts: this.conflicts, now });
  }

  public installationId(): string {
    return installationIdOf(this.db);
  }

  /** The events of the given files (every file when null) as an events file. One read transaction. */
  public exportEvents(fileIds: readonly number[] | null): ExportedEvents {
    return this.db.transaction((): ExportedEvents => {
      if (fileIds) for (const id of fileIds) requireFile(this.db, id);
      const events = [...travellingEvents(this.db, fileIds)];
      const header = { format: EVENTS_FORMAT, version: EVENTS_FORMAT_VERSION, exportedAt: this.now(), installationId: knownInstallationId(this.db), events: events.length } as const;
      return { jsonl: formatEventLines(header, events), events: events.length, files: new Set(events.map((e) => e.file.hash)).size };
    })();
  }

  public importEvents(text: string, name: string, apply: boolean): ImportEventsResult {
    return this.importer.run(text, name, apply);
  }

  public listConflicts(opts: { fileId?: number; resolved?: boolean } = {}): LabelConflict[] {
    if (opts.fileId !== undefined) requireFile(this.db, opts.fileId);
    return this.conflicts.list(opts);
  }

  public resolve(id: number, keep: 'local' | 'theirs', who: string): Resolved {
    if (!who.trim()) throw new ApiError('invalid_payload', `label conflict ${id}: resolving needs a name to stamp the choice with (the annotator)`);
    return resolveConflict({ db: this.db, labels: this.labels, conflicts: this.conflicts, now: this.now }, id, keep, who);
  }

  /** The revision a file's labels are at, for `labels.changed`. */
  public seqOf(fileId: number): number {
    return newestSeq(this.db, fileId);
  }
}
