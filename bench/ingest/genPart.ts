/** Writes parts of a generated corpus exactly as `udw generate` does (bundled by run.mjs; run in parallel). */
import { writeGeneratedPart } from '../../src/main/cli/commands/generate';

const [out, count, seed, ...parts] = process.argv.slice(2);
if (!out || !count || !seed) throw new Error('usage: genPart <dir> <count> <seed> <part...>');
for (const p of parts) writeGeneratedPart(out, Number(count), Number(seed), Number(p));
