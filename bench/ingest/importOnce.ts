/**
 * One measured import in a fresh process (bundled by run.mjs to out/bench/importOnce.js): the import's own
 * time, CPU time, and the process's peak RSS (VmHWM covers the worker threads too: same process).
 *
 *   node out/bench/importOnce.js <catalog.sqlite> <dir...> [--signals]
 * Prints one JSON line.
 */
import fs from 'node:fs';
import { getSignals } from '../../src/main/catalog/fileDetail';
import { openCatalog } from '../../src/main/db/openCatalog';
import { runImport } from '../../src/main/ingest/importJob';

function vmHwmMb(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

const args = process.argv.slice(2);
const withSignals = args.includes('--signals');
const [dbFile, ...dirs] = args.filter((a) => a !== '--signals');
if (!dbFile || dirs.length === 0) throw new Error('usage: importOnce <catalog.sqlite> <dir...> [--signals]');

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const db = openCatalog(dbFile);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const summary = await runImport(db, { dirs, jobId: 'bench' });
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

let signalsMs: { min: number; median: number; rows: number } | null = null;
if (withSignals) {
  const { id, rows } = db.prepare('SELECT id, row_count AS rows FROM files ORDER BY row_count DESC LIMIT 1').get() as { id: number; rows: number };
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    getSignals(db, id);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  signalsMs = { min: times[0]!, median: times[15]!, rows };
}
db.close();
process.stdout.write(
  `${JSON.stringify({
    seconds: summary.seconds,
    wall,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    files: summary.files,
    imported: summary.imported,
    skipped: summary.skipped,
    failed: summary.failed,
    timings: summary.timings,
    peakRssMb: Math.max(vmHwmMb() ?? 0, peakRss / 1048576),
    dbBytes: fs.statSync(dbFile).size,
    signalsMs,
  })}\n`,
);
