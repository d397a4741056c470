/** File-level findings (DOMAIN §14, V01–V33) of one parsed file, in the catalog's row form. Runs in the workers. */
import type { SetitecFile } from '../../shared/setitec/types';
import { validateFile } from '../../shared/validation/index';
import type { FindingRow } from './fileRecord';

export function findingsOf(file: SetitecFile): FindingRow[] {
  return validateFile(file).map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    section: f.location.section ?? null,
    line: f.location.line ?? null,
    column: f.location.column ?? null,
  }));
}
