/** Process entry of the `udw` CLI (bundled to out/cli/udw.js, started by bin/udw.js). */
import { installProcessGuard } from '../host/processGuard';
import { runCli } from './main';

// `udw web` serves a port any page on this machine can reach: an error a handler missed is logged, never
// fatal (the other commands are short-lived and should fail loudly).
if (process.argv[2] === 'web') installProcessGuard();

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

const code = await runCli(
  process.argv.slice(2),
  { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) },
  controller.signal,
);
process.exitCode = code;
