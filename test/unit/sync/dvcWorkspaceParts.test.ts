/** The small parts of the DVC data workspace: where it is, how a remote is written, what a .dvc file says. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normaliseRemote } from '../../../src/main/sync/dvc/dataWorkspace';
import { readDvcFile } from '../../../src/main/sync/dvc/snapshotFiles';
import { parseToolJson } from '../../../src/main/sync/dvc/toolCommand';
import { POINTER_FILE, rememberWorkspace, workspaceDirFor } from '../../../src/main/sync/dvc/workspaceLocation';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-ws-parts-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('workspaceDirFor', () => {
  it('is data-workspace beside the catalog, the remembered folder, or the one given', () => {
    expect(workspaceDirFor(dir, null)).toBe(path.join(dir, 'data-workspace'));
    rememberWorkspace(dir, path.join(dir, 'elsewhere'));
    expect(workspaceDirFor(dir, null)).toBe(path.join(dir, 'elsewhere'));
    expect((fs.statSync(path.join(dir, POINTER_FILE)).mode & 0o777).toString(8)).toBe('600');
    expect(workspaceDirFor(dir, 'given')).toBe(path.resolve('given'));
    rememberWorkspace(dir, path.join(dir, 'data-workspace'));
    expect(fs.existsSync(path.join(dir, POINTER_FILE))).toBe(false);
  });

  it('names the pointer file and what it should hold when it is damaged', () => {
    fs.writeFileSync(path.join(dir, POINTER_FILE), '{"path": 3}');
    expect(() => workspaceDirFor(dir, null)).toThrow(`${path.join(dir, POINTER_FILE)}: expected {"path": "<data workspace folder>"}`);
    fs.writeFileSync(path.join(dir, POINTER_FILE), 'not json');
    expect(() => workspaceDirFor(dir, null)).toThrow(/not JSON/);
  });
});

describe('normaliseRemote', () => {
  it('keeps URLs as they are and makes a local folder absolute', () => {
    for (const url of ['s3://bucket/dvc', 'ssh://me@nas/srv/dvc', 'https://dav.example.org/dvc', 'webdavs://h/x']) expect(normaliseRemote(url)).toBe(url);
    expect(normaliseRemote('rel/remote')).toBe(path.resolve('rel/remote'));
    expect(() => normaliseRemote('  ')).toThrow(/expected a local folder, ssh:\/\/, s3:\/\//);
  });
});

describe('readDvcFile', () => {
  it('reads the hash, size and file count of a tracked folder', () => {
    const f = path.join(dir, 'x.dvc');
    fs.writeFileSync(f, 'outs:\n- md5: c1cd245350207978654ed937bdc5fa6d.dir\n  size: 5\n  nfiles: 2\n  hash: md5\n  path: abc\n');
    expect(readDvcFile(f)).toEqual({ md5: 'c1cd245350207978654ed937bdc5fa6d.dir', size: 5, nfiles: 2 });
  });
});

describe('parseToolJson', () => {
  it('reads JSON, treats empty output as {} and {"error": …} as a failure naming the command', () => {
    expect(parseToolJson('dvc status --json', '{"a": "new"}')).toEqual({ a: 'new' });
    expect(parseToolJson('dvc status --json', '')).toEqual({});
    expect(() => parseToolJson('dvc status --json', '{"error": "boom"}')).toThrow('dvc status --json: "boom"');
    expect(() => parseToolJson('dvc status --json', 'Everything is up to date.')).toThrow("dvc status --json: expected JSON output, got 'Everything is up to date.'");
  });
});
