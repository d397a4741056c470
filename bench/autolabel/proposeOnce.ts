/**
 * Proposals for every file of a catalog, in a fresh process (bundled by run.mjs to
 * out/bench/autolabelOnce.js), the way `udw autolabel` makes them: each file's input read from the catalog
 * (proposalInputForFile), then proposeLabels fitted to the catalog's schema. Several rounds: the first is
 * what a fresh process pays (JIT warm-up included), the rest what a long-lived back end pays.
 *
 *   node out/bench/autolabelOnce.js <catalog.sqlite> [--rounds 5]
 * Prints one JSON line.
 */
import { openCatalog } from '../../src/main/db/openCatalog';
import { LabelSchemaStore } from '../../src/main/labels/labelSchemaStore';
import { proposalInputForFile } from '../../src/main/labels/proposalInput';
import { proposeLabels } from '../../src/shared/labels/proposals/index';

const args = process.argv.slice(2);
const file = args[0];
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 5;
if (!file || !(rounds >= 1)) throw new Error('usage: autolabelOnce <catalog.sqlite> [--rounds N]');

const t0 = performance.now();
const db = openCatalog(file, { verify: false });
const schema = new LabelSchemaStore(db).get();
const ids = db.prepare('SELECT id FROM files ORDER BY id').pluck().all() as number[];
const openMs = performance.now() - t0;

const out: Array<{ totalMs: number; readMs: number; proposeMs: number; cpuMs: number }> = [];
let proposals = 0;
let attributes = 0;
let stepcode = 0;
for (let r = 0; r < rounds; r++) {
  let readMs = 0;
  let proposeMs = 0;
  proposals = 0;
  attributes = 0;
  stepcode = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (const id of ids) {
    const a = performance.now();
    const input = proposalInputForFile(db, id);
    const b = performance.now();
    const res = proposeLabels(input, { schema });
    readMs += b - a;
    proposeMs += performance.now() - b;
    proposals += res.proposals.length;
    attributes += res.attributes.length;
    for (const p of res.proposals) if (p.source === 'stepcode') stepcode++;
  }
  const cpu = process.cpuUsage(cpu0);
  out.push({ totalMs: performance.now() - start, readMs, proposeMs, cpuMs: (cpu.user + cpu.system) / 1000 });
}
db.close();
process.stdout.write(`${JSON.stringify({ files: ids.length, openMs, rounds: out, proposals, attributes, stepcode })}\n`);
