import { decodeWireBinary, encodeWireBinary } from '../../src/shared/api/wireBinary';
import { decodeColumn } from '../../src/shared/signals/decodeColumn';
import type { PackedSignals } from '../../src/shared/api/catalog.contract';
/** The catalog channels through the real back end (dispatch with contract validation, events). */
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../src/main/backend/createBackend';
import type { FileDetail, FileRow, ImportProgress, ImportSummary, Signals } from '../../src/shared/api/catalog.contract';
import { sandbox, type Sandbox } from './importFixtures';

let box: Sandbox | null = null;
let backend: Backend | null = null;
afterEach(async () => {
  await backend?.dispose();
  backend = null;
  box?.cleanup();
  box = null;
});

function start(count: number): { box: Sandbox; backend: Backend } {
  box = sandbox(count);
  box.db.close(); // the back end opens its own connection
  backend = createBackend({ host: 'memory', catalogPath: box.dbFile });
  return { box, backend };
}

describe('catalog channels', () => {
  it('import → listFiles → getFile → getSignals, with progress events', async () => {
    const { box, backend } = start(8);
    const events: ImportProgress[] = [];
    backend.events.subscribe((channel, payload) => {
      if (channel === 'catalog.importProgress') events.push(payload as ImportProgress);
    });
    const summary = (await backend.dispatch('catalog.import', { dirs: [box.data], jobId: 'job-1' })) as ImportSummary;
    expect(summary).toMatchObject({ jobId: 'job-1', files: 8, imported: 8, failed: 0 });
    expect(events.at(-1)).toMatchObject({ jobId: 'job-1', phase: 'done', done: 8, total: 8 });

    const rows = (await backend.dispatch('catalog.listFiles', {})) as FileRow[];
    expect(rows).toHaveLength(8);
    expect(rows[0]).toMatchObject({ status: 'unlabelled', verdict: null, labelCount: 0, missing: false, parseError: null });

    const detail = (await backend.dispatch('catalog.getFile', { id: rows[0]!.id })) as FileDetail;
    expect(detail.segments.length).toBeGreaterThan(0);
    expect(detail.columns.map((c) => c.key)).toContain('position');

    const signals = (await backend.dispatch('catalog.getSignals', { id: rows[0]!.id })) as Signals;
    expect(signals.columns[0]!.values).toBeInstanceOf(Float64Array);
    expect(signals.columns[0]!.values.length).toBe(rows[0]!.rowCount);

    // The packed form decodes to exactly the same values, in fewer bytes, also through the binary wire frame.
    const packed = (await backend.dispatch('catalog.getSignalsPacked', { id: rows[0]!.id })) as PackedSignals;
    const viaWire = decodeWireBinary(encodeWireBinary(packed)) as PackedSignals;
    expect(viaWire.columns.map((c) => c.key)).toEqual(signals.columns.map((c) => c.key));
    viaWire.columns.forEach((c, i) => expect(Array.from(decodeColumn(c.dtype, c.scaleExp, c.length, c.data))).toEqual(Array.from(signals.columns[i]!.values)));
    const packedBytes = packed.columns.reduce((n, c) => n + c.data.byteLength, 0);
    expect(packedBytes).toBeLessThan(signals.columns.reduce((n, c) => n + c.values.byteLength, 0) / 2);

    await expect(backend.dispatch('catalog.getFile', { id: 99_999 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(backend.dispatch('catalog.getSignalsPacked', { id: 99_999 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('cancelImport stops a running job by id; a second concurrent import is refused', async () => {
    const { box, backend } = start(80);
    // Cancel at a point the job always reaches before it parses anything: the first 'importing' event, which
    // is sent unthrottled once the scan is done. (A throttled event after some files may never come on a
    // machine fast enough to import all 80 first.) The cancel runs inside the listener, so it lands there.
    const cancel: { at: ImportProgress | null; reply: Promise<unknown> | null } = { at: null, reply: null };
    backend.events.subscribe((channel, payload) => {
      const p = payload as ImportProgress;
      if (channel === 'catalog.importProgress' && p.phase === 'importing' && !cancel.reply) {
        cancel.at = p;
        cancel.reply = backend.dispatch('catalog.cancelImport', { jobId: 'job-2' });
      }
    });
    const job = backend.dispatch('catalog.import', { dirs: [box.data], jobId: 'job-2' }) as Promise<ImportSummary>;
    await expect(backend.dispatch('catalog.import', { dirs: [box.data] })).rejects.toMatchObject({ code: 'conflict' });
    const summary = await job;
    expect(cancel.at).toMatchObject({ jobId: 'job-2', done: 0, total: 80 });
    expect(await cancel.reply).toEqual({ cancelled: true });
    expect(summary).toMatchObject({ jobId: 'job-2', files: 80, cancelled: true, missing: 0 });
    expect(summary.imported).toBeLessThan(80);
    expect(await backend.dispatch('catalog.cancelImport', { jobId: 'job-2' })).toEqual({ cancelled: false });
    // What the cancelled job committed is in the catalog, and a new import does the rest.
    expect((await backend.dispatch('catalog.listFiles', {})) as FileRow[]).toHaveLength(summary.imported);
    const rest = (await backend.dispatch('catalog.import', { dirs: [box.data], jobId: 'job-3' })) as ImportSummary;
    expect(rest).toMatchObject({ files: 80, imported: 80 - summary.imported, skipped: summary.imported, failed: 0, cancelled: false });
  });
});
