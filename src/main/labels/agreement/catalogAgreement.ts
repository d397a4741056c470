/** The agreement report of a catalog (or part of it), for the back end and the CLI alike. */
import type { AgreementReport, AgreementScope } from '../../../shared/api/agreement.contract';
import { agreementReport } from '../../../shared/labels/agreement';
import type { CatalogDb } from '../../db/openCatalog';
import { LabelSchemaStore } from '../labelSchemaStore';
import { checkScope, normalisedFolder, readAgreementLabels } from './agreementLabels';

export interface AgreementRequest {
  scope?: AgreementScope;
  binMm?: number;
}

export function catalogAgreement(db: CatalogDb, req: AgreementRequest = {}, schema = new LabelSchemaStore(db)): AgreementReport {
  const scope = req.scope ?? {};
  // One read transaction: the labels and the schema describe the same moment while others write.
  return db.transaction(() => {
    checkScope(db, scope);
    return agreementReport(readAgreementLabels(db, scope), {
      classes: schema.get().classes,
      binMm: req.binMm,
      scope: { folder: scope.folder === undefined ? null : normalisedFolder(scope.folder), fileIds: scope.fileIds ?? null },
    });
  })();
}
