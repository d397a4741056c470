/**
 * `udw import --wait SECONDS` against an import lock held by another real process: with --wait it waits and
 * then imports once the holder is done (it finished and released, or it died); without it, or when the wait
 * runs out, it refuses naming the holder and saying how to wait. The real CLI from the sources (tsx); the
 * waits are handshakes (udw says on stderr that it is waiting), never sleeps.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../src/main/db/openCatalog';
import { encodeLatin1, generateCorpus } from '../../src/shared/setitec/generator/index';
import { killAll, startReadyChild, udw } from './helpers/childProcesses';

const FILES = 6;
let root: string;
let data: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-import-wait-'));
  data = path.join(root, 'data');
  fs.mkdirSync(data);
  for (const f of generateCorpus(FILES, 5)) fs.writeFileSync(path.join(data, f.name), encodeLatin1(f.text));
});
afterEach(() => killAll());
afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

let n = 0;
/** A new, empty catalog for one test. */
function newCatalog(): string {
  n += 1;
  const file = path.join(root, `catalog-${n}.sqlite`);
  openCatalog(file).close();
  return file;
}

function countFiles(catalog: string): number {
  const db = new Database(catalog, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM files').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Resolves once the child's stderr has printed text matching `pattern`; rejects if it exits first. */
function stderrShows(run: ReturnType<typeof udw>, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    run.child.stderr!.on('data', (c: Buffer) => {
      seen += c.toString();
      if (pattern.test(seen)) resolve(seen);
    });
    void run.done.then((r) => reject(new Error(`udw exited (${r.status}) before printing ${pattern}:\n${r.stderr}`)));
  });
}

const holderPattern = (pid: number) => new RegExp(`another import holds the catalog \\(job \\S+, pid ${pid} on `);

describe('udw import --wait', () => {
  it('waits while another process imports, then imports once that one finishes and releases the lock', async () => {
    const catalog = newCatalog();
    const holder = await startReadyChild<{ pid: number; jobId: string }>('importLockReleaser.ts', [catalog]);
    const run = udw(['import', data, '--db', catalog, '--json', '--wait', '600']);
    const said = await stderrShows(run, /waiting up to 600 s for it to finish/);
    expect(said).toMatch(holderPattern(holder.ready.pid));
    expect(countFiles(catalog)).toBe(0);

    holder.child.kill('SIGTERM');
    expect((await holder.exited).status).toBe(0);
    const done = await run.done;
    expect(done.status, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ catalog, files: FILES, imported: FILES, failed: 0 });
    expect(countFiles(catalog)).toBe(FILES);
  }, 120_000);

  it('waits for a holder that dies holding the lock, then takes the lock over and imports', async () => {
    const catalog = newCatalog();
    const holder = await startReadyChild<{ pid: number; jobId: string }>('importLockChild.ts', [catalog]);
    const run = udw(['import', data, '--db', catalog, '--wait', '600']);
    expect(await stderrShows(run, /waiting up to 600 s/)).toMatch(holderPattern(holder.ready.pid));

    holder.child.kill('SIGKILL');
    expect((await holder.exited).signal).toBe('SIGKILL');
    const done = await run.done;
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain(`${FILES} files: ${FILES} imported`);
    expect(countFiles(catalog)).toBe(FILES);
  }, 120_000);

  it('without --wait it refuses at once, naming the holder and saying how to wait; nothing is imported', async () => {
    const catalog = newCatalog();
    const holder = await startReadyChild<{ pid: number; jobId: string }>('importLockChild.ts', [catalog]);
    const refused = await udw(['import', data, '--db', catalog, '--json']).done;
    expect(refused.status, refused.stderr).toBe(1);
    // The JSON keeps its shape ({error: {code, message}}); the hint is added beside the message.
    const { error } = JSON.parse(refused.stdout) as { error: { code: string; message: string; hint: string } };
    expect(error.code).toBe('failed');
    expect(error.message).toContain(`catalog ${catalog}: another import is running (job lock-holder, pid ${holder.ready.pid} on `);
    expect(error.hint).toContain('--wait SECONDS');
    expect(refused.stderr).toContain(`udw import: catalog ${catalog}: another import is running`);
    expect(refused.stderr).toMatch(/run again with --wait SECONDS/);
    expect(refused.stderr).not.toContain('waiting up to');
    expect(countFiles(catalog)).toBe(0);
    expect(holder.child.exitCode).toBeNull();
  }, 120_000);

  it('when the wait runs out with the holder still there, it refuses saying it waited, and how to wait longer', async () => {
    const catalog = newCatalog();
    await startReadyChild<{ pid: number; jobId: string }>('importLockChild.ts', [catalog]);
    const refused = await udw(['import', data, '--db', catalog, '--wait', '0.5']).done;
    expect(refused.status, refused.stderr).toBe(1);
    expect(refused.stderr).toContain('waiting up to 0.5 s for it to finish');
    expect(refused.stderr).toMatch(/another import is running \(.*\) \(waited \d+ s\)/);
    expect(refused.stderr).toContain('it was still running after --wait 0.5; run again with a longer --wait SECONDS');
    expect(countFiles(catalog)).toBe(0);
  }, 120_000);

  it('a --wait that is not a number of seconds is a usage error, before the catalog is touched', async () => {
    for (const bad of ['soon', '-5', '']) {
      const res = await udw(['import', data, '--db', path.join(root, 'never-made.sqlite'), `--wait=${bad}`]).done;
      expect(res.status, res.stderr).toBe(2);
      expect(res.stderr).toContain(`udw import: --wait: expected a number of seconds (0 or more), got '${bad}'`);
      expect(res.stderr).toContain('usage: udw import <dir...> [--db FILE] [--json] [--wait SECONDS]');
    }
    expect(fs.existsSync(path.join(root, 'never-made.sqlite'))).toBe(false);
  }, 120_000);
});
