/**
 * The desktop's credential store with a fake of Electron's safeStorage (the real one needs an Electron
 * main process): encrypted at rest in a 0600 file, never the secret in the clear; refusing an unencrypted
 * store unless the user agreed, including Linux's basic_text backend that only pretends to encrypt.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAFE_CREDENTIALS_FILE, safeCredentialStore, type SafeStorageLike } from '../../../src/main/electron/safeCredentialStore';

/** Encrypts by XOR with a key this fake alone knows: the stored bytes never hold the plain text. */
function fakeSafeStorage(opts: { available: boolean; backend?: string }): SafeStorageLike & { available: boolean } {
  const key = 0x5a;
  const xor = (b: Buffer): Buffer => Buffer.from(b.map((x) => x ^ key));
  return {
    available: opts.available,
    isEncryptionAvailable() {
      return this.available;
    },
    encryptString: (s) => Buffer.concat([Buffer.from('FAKE1'), xor(Buffer.from(s, 'utf8'))]),
    decryptString: (b) => {
      if (b.subarray(0, 5).toString() !== 'FAKE1') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return xor(b.subarray(5)).toString('utf8');
    },
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
  };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-safecred-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const SECRET = 'pa55-wörd-secret';
const file = (): string => path.join(dir, SAFE_CREDENTIALS_FILE);

describe('safeCredentialStore', () => {
  it('stores credentials encrypted in a 0600 file and reads them back', () => {
    const store = safeCredentialStore(fakeSafeStorage({ available: true }), dir, 'linux');
    expect(store.read()).toBeNull();
    expect(store.storage()).toMatchObject({ kind: 'safeStorage', encrypted: true, canEncrypt: true });
    store.write({ kind: 'basic', username: 'ana', password: SECRET }, { allowPlainText: false });
    const text = fs.readFileSync(file(), 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('ana');
    expect(JSON.parse(text)).toMatchObject({ format: 'udw-credentials@1', encrypted: true });
    if (process.platform !== 'win32') expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
    expect(store.read()).toEqual({ kind: 'basic', username: 'ana', password: SECRET });
    store.write({ kind: 'bearer', token: 'tok-123' }, { allowPlainText: false });
    expect(store.read()).toEqual({ kind: 'bearer', token: 'tok-123' });
    store.write(null, { allowPlainText: false });
    expect(fs.existsSync(file())).toBe(false);
    expect(store.read()).toBeNull();
  });

  it('refuses to store without a secret store unless the user agrees, and then says it is unencrypted', () => {
    const store = safeCredentialStore(fakeSafeStorage({ available: false }), dir, 'linux');
    expect(store.storage()).toMatchObject({ canEncrypt: false, encrypted: false });
    expect(store.storage().note).toMatch(/no secret store/);
    expect(() => store.write({ kind: 'basic', username: 'ana', password: SECRET }, { allowPlainText: false })).toThrow(/NOT stored.*store unencrypted/);
    expect(fs.existsSync(file())).toBe(false);
    store.write({ kind: 'basic', username: 'ana', password: SECRET }, { allowPlainText: true });
    expect(JSON.parse(fs.readFileSync(file(), 'utf8'))).toMatchObject({ encrypted: false });
    expect(store.storage()).toMatchObject({ encrypted: false, canEncrypt: false });
    expect(store.read()).toEqual({ kind: 'basic', username: 'ana', password: SECRET });
  });

  it("does not take Linux's basic_text backend for encryption", () => {
    const store = safeCredentialStore(fakeSafeStorage({ available: true, backend: 'basic_text' }), dir, 'linux');
    expect(store.storage().canEncrypt).toBe(false);
    expect(() => store.write({ kind: 'bearer', token: 't' }, { allowPlainText: false })).toThrow(/NOT stored/);
    // The same backend name means nothing off Linux.
    expect(safeCredentialStore(fakeSafeStorage({ available: true, backend: 'basic_text' }), dir, 'darwin').storage().canEncrypt).toBe(true);
  });

  it('says clearly when encrypted credentials cannot be read back', () => {
    const safe = fakeSafeStorage({ available: true });
    const store = safeCredentialStore(safe, dir, 'linux');
    store.write({ kind: 'bearer', token: 'tok' }, { allowPlainText: false });
    safe.available = false;
    expect(() => store.read()).toThrow(new RegExp(`${SAFE_CREDENTIALS_FILE}: the credentials are encrypted, and this desktop's secret store is not available`));
    safe.available = true;
    fs.writeFileSync(file(), JSON.stringify({ format: 'udw-credentials@1', encrypted: true, data: Buffer.from('not ours').toString('base64') }));
    expect(() => store.read()).toThrow(/cannot decrypt the credentials.*store them again/);
    fs.writeFileSync(file(), '{"mlflow": {"token": "x"}}');
    expect(() => store.read()).toThrow(/not a credentials file of this app/);
    // The view still opens on a damaged file.
    expect(store.storage().kind).toBe('safeStorage');
  });
});
