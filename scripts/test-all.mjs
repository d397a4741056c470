// `npm test`: build, then every test runner (vitest, Playwright, pytest), then one summary line
// `N passed, N failed, N skipped` summed over all of them. Exits non-zero on any failure or when no test ran.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const results = 'test-results';
fs.mkdirSync(results, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (res.error) problems.push(`${label}: ${res.error.message}`);
  return res.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

if (!process.env.UDW_SKIP_BUILD) {
  if (run('build', 'npm', ['run', '--silent', 'build']) !== 0) {
    console.log('\n0 passed, 1 failed (the build failed)');
    process.exit(1);
  }
}

const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

if (want('vitest')) {
  const file = path.join(results, 'vitest.json');
  fs.rmSync(file, { force: true });
  const code = run('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${file}`]);
  const report = readJson(file);
  if (report) {
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    if (code !== 0 && report.numFailedTests === 0) problems.push(`vitest exited ${code} (a suite failed to load?)`);
  } else problems.push('vitest wrote no report');
}

if (want('playwright')) {
  const file = path.join(results, 'playwright.json');
  fs.rmSync(file, { force: true });
  const code = run('playwright', 'npx', ['playwright', 'test']);
  const report = readJson(file);
  if (report) {
    totals.passed += report.stats.expected + report.stats.flaky;
    totals.failed += report.stats.unexpected;
    totals.skipped += report.stats.skipped;
    if (code !== 0 && report.stats.unexpected === 0) problems.push(`playwright exited ${code}`);
  } else problems.push('playwright wrote no report');
}

if (want('pytest')) {
  const python = fs.existsSync('.venv/bin/python') ? '.venv/bin/python' : (process.env.UDW_PYTHON ?? 'python3');
  const file = path.join(results, 'pytest.xml');
  fs.rmSync(file, { force: true });
  const code = run('pytest', python, ['-m', 'pytest', '-q', 'python-bridge/tests', `--junitxml=${file}`]);
  const xml = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const suite = /<testsuite\b[^>]*>/.exec(xml)?.[0] ?? '';
  const attr = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite)?.[1] ?? 0);
  if (suite) {
    const failed = attr('failures') + attr('errors');
    const skipped = attr('skipped');
    totals.passed += attr('tests') - failed - skipped;
    totals.failed += failed;
    totals.skipped += skipped;
    if (code !== 0 && failed === 0) problems.push(`pytest exited ${code}`);
  } else problems.push('pytest wrote no report');
}

for (const p of problems) console.log(`problem: ${p}`);
const failed = totals.failed + problems.length;
console.log(`\n${totals.passed} passed, ${failed} failed, ${totals.skipped} skipped`);
process.exit(failed > 0 || totals.passed === 0 ? 1 : 0);
