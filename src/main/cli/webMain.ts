/** `npm run web`: the web host as its own process (same as `udw web`). */
import { runCli } from './main';
import { installProcessGuard } from '../host/processGuard';

// Any page on this machine can reach the port: an error a handler missed is logged, never fatal.
installProcessGuard();

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());
process.exitCode = await runCli(
  ['web', ...process.argv.slice(2)],
  { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) },
  controller.signal,
);
