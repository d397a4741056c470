/**
 * Ids of label events: every event gets a new UUIDv7 (shared/ids/uuidv7.ts) and the id of the installation
 * that made it (installationId.ts). Every writer of label_events stamps both through here; migration 006's
 * trigger refuses an event without them.
 */
import { uuidv7 } from '../../../shared/ids/uuidv7';
import type { CatalogDb } from '../../db/openCatalog';
import { installationIdOf } from './installationId';

export interface EventIds {
  eventId: string;
  installationId: string;
}

/** Ids for an event this installation makes now. */
export function newEventIds(db: CatalogDb): EventIds {
  return { eventId: uuidv7(), installationId: installationIdOf(db) };
}
