/**
 * The id of the installation that makes a label event.
 *
 * What an installation is, for label travel: one catalog, in one place, on one machine. Merging needs to
 * tell apart copies that can diverge, and that is exactly what a catalog at a place is; two catalogs on one
 * laptop are two independent lines of edits just as two laptops are.
 *
 * Where the id is kept, and why there: in the catalog's own catalog_state (key 'installation'), together with
 * the place it was made for (host name and the catalog file's real path). Not in the per-user data folder:
 * settings live beside the catalog (services/settingsService.ts), the CLI, the web host and the desktop app
 * may open catalogs anywhere (--db, UDW_DB), and a data folder copied to a new laptop would carry a file-based
 * id along just the same. Keeping the place with the id handles the copy: a catalog copied to another machine
 * or another folder finds a place that is not its own, and mints a new id (the old one is kept as `previous`)
 * before its first new event. So a copy never writes new events under the id of the catalog it came from,
 * while every process on the same catalog (app, web host, `udw`) agrees on one id. A catalog moved within
 * one machine also gets a new id; nothing depends on ids staying the same, only on no two places sharing one.
 *
 * The id is minted under the write lock (IMMEDIATE, or the caller's transaction), so two processes opening
 * a copied catalog at once still settle on one id.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { isUuidv7, uuidv7 } from '../../../shared/ids/uuidv7';
import type { CatalogDb } from '../../db/openCatalog';

const STATE_KEY = 'installation';

const Stored = z.object({
  id: z.string().refine(isUuidv7, 'a UUIDv7'),
  host: z.string(),
  catalog: z.string(),
  createdAt: z.string(),
  previous: z.string().nullable().optional(),
});
type Stored = z.infer<typeof Stored>;

/** The place a catalog connection stands for: this host and the catalog file's real path. */
export function catalogPlace(db: CatalogDb): { host: string; catalog: string } {
  const file = db.name;
  let catalog = file;
  if (file !== ':memory:' && file !== '') {
    try {
      catalog = fs.realpathSync(file);
    } catch {
      catalog = path.resolve(file);
    }
  }
  return { host: os.hostname(), catalog };
}

/** Per connection: the place (a realpath per event would be wasteful) and the last stored value read. */
const places = new WeakMap<CatalogDb, { host: string; catalog: string }>();
const confirmed = new WeakMap<CatalogDb, { raw: string; id: string }>();

function readRaw(db: CatalogDb): string | undefined {
  return db.prepare('SELECT value FROM catalog_state WHERE key = ?').pluck().get(STATE_KEY) as string | undefined;
}

function parse(raw: string | undefined): Stored | null {
  if (raw === undefined) return null;
  try {
    const parsed = Stored.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    // Unreadable: treated like none, and replaced; the events already written keep the id they carry.
    return null;
  }
}

/**
 * This catalog's installation id, minted for this place on first use (see the module comment). The stored
 * row is read every time (one primary-key lookup): an id minted in a transaction that then rolled back was
 * never stored, and must not be handed out again as if it had been.
 */
export function installationIdOf(db: CatalogDb): string {
  let place = places.get(db);
  if (!place) {
    place = catalogPlace(db);
    places.set(db, place);
  }
  const here = place;
  return db.transaction((): string => {
    const raw = readRaw(db);
    const seen = confirmed.get(db);
    if (seen && raw === seen.raw) return seen.id;
    const stored = parse(raw);
    if (stored && stored.host === here.host && stored.catalog === here.catalog) {
      confirmed.set(db, { raw: raw!, id: stored.id });
      return stored.id;
    }
    const fresh: Stored = { id: uuidv7(), ...here, createdAt: new Date().toISOString(), previous: stored?.id ?? null };
    const value = JSON.stringify(fresh);
    db.prepare('INSERT INTO catalog_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(STATE_KEY, value);
    confirmed.set(db, { raw: value, id: fresh.id });
    return fresh.id;
  }).immediate();
}

/** The id without minting one: null when this place has none yet (a read-only look, for export headers). */
export function knownInstallationId(db: CatalogDb): string | null {
  const stored = parse(readRaw(db));
  const place = places.get(db) ?? catalogPlace(db);
  return stored && stored.host === place.host && stored.catalog === place.catalog ? stored.id : null;
}
