// `npm run sample`: the workstation on the bundled sample catalog. Imports the synthetic Setitec files in
// resources/sample-setitec/ (incrementally: a second start imports nothing) and serves the app on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const db = path.resolve('.udw-data/sample/catalog.sqlite');
if (!fs.existsSync('out/cli/udw.js') || !fs.existsSync('out/renderer/index.html')) {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const imported = spawnSync('node', ['bin/udw.js', 'import', 'resources/sample-setitec', '--db', db], { stdio: 'inherit' });
if (imported.status !== 0) process.exit(imported.status ?? 1);
const web = spawn('node', ['bin/udw.js', 'web', '--db', db, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => web.kill(sig));
web.on('exit', (code) => process.exit(code ?? 0));
