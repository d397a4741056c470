/** The per-folder queue every git/DVC call of a data workspace runs through (sync/dvc/serialQueue.ts). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { busyFolders, enqueue } from '../../../src/main/sync/dvc/serialQueue';

/** A job that records when it starts and ends, and finishes when `release` is called. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const opened = new Promise<void>((r) => (release = r));
  return {
    release: () => release(),
    job: async () => {
      log.push(`start ${name}`);
      await opened;
      log.push(`end ${name}`);
      return name;
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('enqueue', () => {
  it('runs the jobs of one folder one at a time, in order, whichever finishes its wait first', async () => {
    const log: string[] = [];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-queue-'));
    const gates = ['a', 'b', 'c'].map((n) => gate(log, n));
    const done = gates.map((g) => enqueue(dir, g.job));
    await tick();
    expect(log).toEqual(['start a']);
    gates[2]!.release();
    gates[1]!.release();
    await tick();
    expect(log).toEqual(['start a']);
    gates[0]!.release();
    expect(await Promise.all(done)).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    fs.rmSync(dir, { recursive: true });
  });

  it('shares the queue between spellings of one folder (relative, through a symlink)', async () => {
    const log: string[] = [];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-queue-'));
    const link = `${dir}-link`;
    fs.symlinkSync(dir, link);
    const first = gate(log, 'real');
    const p1 = enqueue(dir, first.job);
    const p2 = enqueue(path.relative(process.cwd(), link), async () => (log.push('via link'), 'link'));
    await tick();
    expect(log).toEqual(['start real']);
    first.release();
    await Promise.all([p1, p2]);
    expect(log).toEqual(['start real', 'end real', 'via link']);
    fs.rmSync(link);
    fs.rmSync(dir, { recursive: true });
  });

  it('goes on after a failed job, and the failure reaches only its own caller', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-queue-'));
    const failed = enqueue(dir, () => Promise.reject(new Error('dvc push: remote unreachable')));
    const next = enqueue(dir, () => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('remote unreachable');
    expect(await next).toBe('next');
    await tick();
    expect(busyFolders()).toBe(0);
    fs.rmSync(dir, { recursive: true });
  });

  it('lets two folders run at the same time', async () => {
    const log: string[] = [];
    const one = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-queue-'));
    const two = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-queue-'));
    const g1 = gate(log, 'one');
    const g2 = gate(log, 'two');
    const p = [enqueue(one, g1.job), enqueue(two, g2.job)];
    await tick();
    expect(log.sort()).toEqual(['start one', 'start two']);
    g2.release();
    g1.release();
    await Promise.all(p);
    fs.rmSync(one, { recursive: true });
    fs.rmSync(two, { recursive: true });
  });
});
