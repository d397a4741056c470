/**
 * models.pull and models.remoteLineage through the back end's dispatch, where no MLflow server is needed: the
 * refusals. The pull itself, against a real server, is test/e2e/modelsPull.spec.ts (the Models page) and
 * test/integration/modelsPull.test.ts (`udw models pull`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/mlflowServer';
import { tempBackend, type TempBackend } from '../helpers/tempBackend';

let t: TempBackend | null = null;
afterEach(async () => {
  await t?.cleanup();
  t = null;
});

describe('models.pull refusals', () => {
  it('says to set a server first, refuses an empty or malformed reference, names an unreachable server; nothing is registered', async () => {
    t = tempBackend('web');
    const call = (channel: string, payload: unknown): Promise<unknown> => t!.backend.dispatch(channel, payload);
    expect(await call('models.remoteLineage', {})).toEqual({});
    await expect(call('models.pull', { ref: 'udw-drill@champion' })).rejects.toThrow('models.pull udw-drill@champion: no MLflow server set for this catalog: enter its tracking URI under Sync first');
    await expect(call('models.pull', { ref: '   ' })).rejects.toMatchObject({ code: 'invalid_payload', message: expect.stringContaining('a registered model: NAME@ALIAS or NAME/VERSION') });
    await expect(call('models.pull', { ref: 'udw-drill', extra: 1 })).rejects.toMatchObject({ code: 'invalid_payload' });

    const nobody = `http://127.0.0.1:${await freePort()}`;
    await call('remote.set', { mlflowUrl: nobody });
    await expect(call('models.pull', { ref: 'no-alias-given' })).rejects.toThrow('expected NAME@ALIAS');
    await expect(call('models.pull', { ref: 'udw-drill@champion' })).rejects.toThrow(`MLflow server ${nobody} is unreachable`);
    expect(await call('models.list', {})).toEqual([]);
    expect(await call('models.remoteLineage', {})).toEqual({});
  });
});
