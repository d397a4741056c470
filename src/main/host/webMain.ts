/** `npm run web`: the web host as its own process (same as `udw web`). */
import { runCli } from '../cli/main';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());
process.exitCode = await runCli(
  ['web', ...process.argv.slice(2)],
  { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) },
  controller.signal,
);
