/** Label stores over a fresh in-memory catalog, with a clock that ticks one second per call. */
import { openCatalog, type CatalogDb } from '../../../src/main/db/openCatalog';
import { FileReviewStore } from '../../../src/main/labels/fileReview';
import { LabelSchemaStore } from '../../../src/main/labels/labelSchemaStore';
import { LabelStore } from '../../../src/main/labels/labelStore';
import { insertTestFile } from '../../integration/helpers/catalogFile';

export interface StoreFixture {
  db: CatalogDb;
  schema: LabelSchemaStore;
  review: FileReviewStore;
  labels: LabelStore;
  fileId: number;
  otherFileId: number;
}

export function storeFixture(): StoreFixture {
  const db = openCatalog(':memory:');
  let tick = 0;
  const now = (): string => new Date(Date.UTC(2025, 0, 1) + 1000 * tick++).toISOString();
  const schema = new LabelSchemaStore(db);
  const review = new FileReviewStore(db, now);
  const labels = new LabelStore(db, schema, review, now);
  return { db, schema, review, labels, fileId: insertTestFile(db, 'a.xls'), otherFileId: insertTestFile(db, 'b.xls') };
}
