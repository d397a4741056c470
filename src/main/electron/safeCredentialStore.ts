/**
 * The desktop app's credential store: the MLflow credentials encrypted with Electron's safeStorage (the
 * OS keychain, DPAPI, or the Linux secret service) into `credentials.safe.json` beside the catalog, 0600.
 * Where this desktop has no secret store (isEncryptionAvailable() false, or Linux's `basic_text` backend,
 * whose key is a constant), storing is refused unless the user agreed to an unencrypted file; such a file
 * says `"encrypted": false` and the view says so. The safeStorage object is passed in (index.ts lends the
 * real one), so this file never imports electron and is tested with a fake of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CredentialStorage } from '../../shared/api/sync.contract';
import { writePrivateFileAtomic } from '../services/privateFile';
import { CredentialStoreRefused, type CredentialStore } from '../sync/credentialStore';
import type { MlflowAuth } from '../sync/mlflow/mlflowHttp';

export const SAFE_CREDENTIALS_FILE = 'credentials.safe.json';

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

const Auth = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('basic'), username: z.string().min(1), password: z.string() }).strict(),
  z.object({ kind: z.literal('bearer'), token: z.string().min(1) }).strict(),
]);
const StoredFile = z.discriminatedUnion('encrypted', [
  z.object({ format: z.literal('udw-credentials@1'), encrypted: z.literal(true), data: z.string().min(1) }).strict(),
  z.object({ format: z.literal('udw-credentials@1'), encrypted: z.literal(false), mlflow: Auth }).strict(),
]);

export function safeCredentialStore(safe: SafeStorageLike, catalogDir: string, platform: NodeJS.Platform = process.platform): CredentialStore {
  const file = path.join(catalogDir, SAFE_CREDENTIALS_FILE);

  const canEncrypt = (): boolean => {
    if (!safe.isEncryptionAvailable()) return false;
    // basic_text "encrypts" with a key every Chromium knows: no better than plain text, and it must not pass for encrypted.
    return !(platform === 'linux' && safe.getSelectedStorageBackend?.() === 'basic_text');
  };

  const readFile = (): z.infer<typeof StoredFile> | null => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new Error(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new Error(`${file}: not valid JSON; expected {"format":"udw-credentials@1","encrypted":…}: store the credentials again under Sync`);
    }
    const parsed = StoredFile.safeParse(raw);
    if (!parsed.success) throw new Error(`${file}: not a credentials file of this app (expected {"format":"udw-credentials@1","encrypted":…}): store the credentials again under Sync`);
    return parsed.data;
  };

  return {
    storage(): CredentialStorage {
      let stored: z.infer<typeof StoredFile> | null = null;
      try {
        stored = readFile();
      } catch {
        // A damaged file: read() says what is wrong with it when the credentials are needed.
      }
      const encrypted = stored?.encrypted ?? canEncrypt();
      const note = canEncrypt()
        ? `encrypted with this desktop's secret store (safeStorage) in ${file}`
        : `this desktop has no secret store (safeStorage cannot encrypt here): credentials are stored only if you agree to keep them unencrypted in ${file} (mode 0600)`;
      return { kind: 'safeStorage', encrypted, canEncrypt: canEncrypt(), note };
    },
    read(): MlflowAuth | null {
      const stored = readFile();
      if (!stored) return null;
      if (!stored.encrypted) return stored.mlflow;
      if (!safe.isEncryptionAvailable()) throw new Error(`${file}: the credentials are encrypted, and this desktop's secret store is not available now: unlock it (or sign in to the desktop session) and try again`);
      let text: string;
      try {
        text = safe.decryptString(Buffer.from(stored.data, 'base64'));
      } catch (err) {
        throw new Error(`${file}: the secret store cannot decrypt the credentials (${(err as Error).message}; made by another user or machine?): store them again under Sync`, { cause: err });
      }
      const auth = Auth.safeParse(JSON.parse(text));
      if (!auth.success) throw new Error(`${file}: the decrypted credentials are not {"kind":"basic"|"bearer",…}: store them again under Sync`);
      return auth.data;
    },
    write(auth, { allowPlainText }) {
      if (!auth) {
        fs.rmSync(file, { force: true });
        return;
      }
      if (canEncrypt()) {
        const data = safe.encryptString(JSON.stringify(auth)).toString('base64');
        writePrivateFileAtomic(file, JSON.stringify({ format: 'udw-credentials@1', encrypted: true, data }));
        return;
      }
      if (!allowPlainText) {
        throw new CredentialStoreRefused(
          "this desktop has no secret store (Electron safeStorage cannot encrypt here: no keychain, or Linux without gnome-keyring/KWallet), so the credentials were NOT stored. Tick 'store unencrypted' to keep them in a file only your user can read, or give them in UDW_MLFLOW_USERNAME/UDW_MLFLOW_PASSWORD (UDW_MLFLOW_TOKEN) instead",
        );
      }
      writePrivateFileAtomic(file, JSON.stringify({ format: 'udw-credentials@1', encrypted: false, mlflow: auth }));
    },
  };
}
