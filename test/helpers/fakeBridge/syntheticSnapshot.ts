/**
 * A small real snapshot for the training tests, made the way a user makes one: generated MDB-MQL files
 * (short ones, so a real training step is quick), `udw import`, `udw autolabel --commit --accept-above 0.8`
 * (stop-code exit and transition become confirmed labels), `udw dataset create --sources stepcode`.
 * Uses the built CLI (bin/udw.js): build with scripts/build-node.mjs first.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { encodeLatin1, generateSetitec } from '../../../src/shared/setitec/generator/index';

export interface SyntheticSnapshot {
  catalog: string;
  snapshot: string;
  snapshotId: string;
}

export function udwCli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync('node', ['bin/udw.js', ...args], { encoding: 'utf8', timeout: 600_000, env, maxBuffer: 64 * 1024 * 1024 });
}

function must(res: ReturnType<typeof udwCli>, what: string): string {
  if (res.status !== 0) throw new Error(`${what} failed (exit ${res.status}): ${res.stderr}`);
  return res.stdout;
}

export function makeSyntheticSnapshot(root: string, files = 10): SyntheticSnapshot {
  const data = path.join(root, 'data');
  fs.mkdirSync(data, { recursive: true });
  for (let i = 0; i < files; i++) {
    const g = generateSetitec({ seed: 700 + i, version: 9, family: 'mdbmql', rows: 600, globalCounter: 2000 + 7 * i });
    fs.writeFileSync(path.join(data, g.expected.fileName), encodeLatin1(g.text));
  }
  const catalog = path.join(root, 'catalog.sqlite');
  must(udwCli(['import', data, '--db', catalog, '--json']), 'udw import');
  must(udwCli(['autolabel', '--commit', '--accept-above', '0.8', '--db', catalog, '--json']), 'udw autolabel --commit');
  const snapshot = path.join(root, 'snapshot');
  const summary = JSON.parse(must(udwCli(['dataset', 'create', '--out', snapshot, '--sources', 'stepcode', '--val-fraction', '0.3', '--db', catalog, '--json']), 'udw dataset create')) as { snapshotId: string };
  return { catalog, snapshot, snapshotId: summary.snapshotId };
}
