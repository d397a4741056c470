/** Process entry of the `udw` CLI (bundled to out/cli/udw.js, started by bin/udw.js). */
import { runCli } from './main';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

const code = await runCli(
  process.argv.slice(2),
  { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) },
  controller.signal,
);
process.exitCode = code;
