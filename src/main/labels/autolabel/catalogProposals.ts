/**
 * The proposal engine over the catalog: a file's input read from what the import stored, the proposals fitted
 * to the catalog's label schema as it is now (so a commit never stores a class the schema lacks).
 */
import { proposeLabels } from '../../../shared/labels/proposals/index';
import type { CatalogDb } from '../../db/openCatalog';
import type { LabelSchemaStore } from '../labelSchemaStore';
import { proposalInputForFile } from '../proposalInput';
import type { ComputeProposals } from './runJob';

export function catalogProposals(db: CatalogDb, schema: LabelSchemaStore): ComputeProposals {
  return (fileId) => proposeLabels(proposalInputForFile(db, fileId), { schema: schema.get() });
}
