/**
 * The reference and strip holes' signals and labels. Signals take the plot's own path: fetched in the
 * catalog's compact form (catalog.getSignalsPacked) and handed to the one downsampling worker
 * (plot/downsampleClient.ts), which decodes them off the UI thread and holds them under the set id
 * `ref:<file id>`, beside the open file's own set. Every later window (overlay, thumbnail) is cut there.
 * A hole no longer wanted is handed back to the worker at once.
 *
 * Like the plot, a hole comes in two parts when `columns` names the drawn ones: those first (the overlay's
 * first frame waits for nothing else, and competes less with the open file's own signals), the rest only
 * when a window first asks for one of its columns (an extra panel turned on), which then waits for it
 * (downsampleClient.expectColumns): most holes (the strip's) never need it.
 */
import type { AppApi } from '../../../shared/api/contract';
import type { TraceData } from '../../workers/downsampleImpl';
import { downsampleClient, type DownsampleClient } from '../plot/downsampleClient';
import { keepHoles, patchHole, type CompareStore } from './compareStore';

export const refSetId = (fileId: number): string => `ref:${fileId}`;

/** Points per strip thumbnail (min/max per bucket: twice this many at most). */
export const THUMB_BUCKETS = 90;
const THUMB_COLUMN = 'i_torque';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function thumbOf(trace: TraceData | undefined): { x: number[]; y: number[] } | null {
  return trace && trace.x.length > 1 ? { x: Array.from(trace.x), y: Array.from(trace.y) } : null;
}

export class ReferenceSets {
  /** File id → the token of its current load (a hole released and wanted again gets a new one). */
  readonly #held = new Map<number, object>();
  readonly #api: AppApi;
  readonly #store: CompareStore;
  readonly #client: DownsampleClient;
  readonly #columns: (() => string[]) | null;

  /** `columns`: the columns to load first (what the plot draws now); null loads every column at once. */
  public constructor(api: AppApi, store: CompareStore, client: DownsampleClient = downsampleClient(), columns: (() => string[]) | null = null) {
    this.#api = api;
    this.#store = store;
    this.#client = client;
    this.#columns = columns;
  }

  /** Hold exactly these holes: load the new ones in the order given, hand back the rest. */
  public sync(ids: readonly number[]): void {
    const want = new Set(ids);
    for (const id of [...this.#held.keys()]) {
      if (want.has(id)) continue;
      this.#held.delete(id);
      void this.#client.dispose(refSetId(id)).catch(() => undefined);
    }
    keepHoles(this.#store, want);
    this.add(ids);
  }

  /** Load these holes too (in the order given), keeping every other one held. */
  public add(ids: readonly number[]): void {
    for (const id of ids) {
      if (this.#held.has(id)) continue;
      const token = {};
      this.#held.set(id, token);
      void this.#load(id, token);
    }
  }

  public holds(id: number): boolean {
    return this.#held.has(id);
  }

  /** Labels edited elsewhere (another window, the CLI) or while the hole was open: read them again. */
  public async refreshLabels(id: number): Promise<void> {
    const token = this.#held.get(id);
    if (!token) return;
    try {
      const labels = await this.#api.invoke('labels.list', { fileId: id });
      if (this.#held.get(id) === token) patchHole(this.#store, id, { labels });
    } catch {
      // The labels drawn stay as they were; the next open reads them again.
    }
  }

  public dispose(): void {
    this.sync([]);
  }

  async #load(id: number, token: object): Promise<void> {
    const current = (): boolean => this.#held.get(id) === token;
    patchHole(this.#store, id, { ready: false, loaded: false, error: null });
    try {
      const keys = this.#columns ? [...new Set([...this.#columns(), THUMB_COLUMN])] : null;
      const [packed, labels] = await Promise.all([this.#api.invoke('catalog.getSignalsPacked', keys ? { id, keys } : { id }), this.#api.invoke('labels.list', { fileId: id })]);
      if (!current()) return;
      patchHole(this.#store, id, { labels });
      await this.#client.loadPacked(refSetId(id), packed.columns);
      if (keys) {
        const have = packed.columns.map((c) => c.key);
        this.#client.expectColumns(refSetId(id), have, () => this.#loadRest(id, have, current));
      }
      if (!current()) {
        // Released while the worker was decoding it.
        if (!this.#held.has(id)) void this.#client.dispose(refSetId(id)).catch(() => undefined);
        return;
      }
      patchHole(this.#store, id, { loaded: true });
      const res = await this.#client.window({ setId: refSetId(id), xMode: 'depth', x0: null, x1: null, buckets: THUMB_BUCKETS, keys: [THUMB_COLUMN] });
      if (current()) patchHole(this.#store, id, { ready: true, thumb: thumbOf(res.traces[THUMB_COLUMN]) });
    } catch (err) {
      if (current()) patchHole(this.#store, id, { ready: false, loaded: false, error: `file ${id}: ${errorText(err)}` });
    }
  }

  /** Every other column of a hole loaded in two parts; a failure leaves those panels empty. */
  async #loadRest(id: number, have: readonly string[], current: () => boolean): Promise<void> {
    if (!current()) return;
    try {
      const rest = await this.#api.invoke('catalog.getSignalsPacked', { id });
      const more = rest.columns.filter((c) => !have.includes(c.key));
      if (current() && more.length > 0) await this.#client.addPacked(refSetId(id), more);
    } catch {
      // The reference's other panels stay empty; the next load of the hole tries again.
    }
  }
}

/** The open file's own thumbnail, from the set the plot loaded (named by the file id alone). */
export async function currentThumb(fileId: number, client: DownsampleClient = downsampleClient()): Promise<{ x: number[]; y: number[] } | null> {
  const res = await client.window({ setId: String(fileId), xMode: 'depth', x0: null, x1: null, buckets: THUMB_BUCKETS, keys: [THUMB_COLUMN] });
  return thumbOf(res.traces[THUMB_COLUMN]);
}
