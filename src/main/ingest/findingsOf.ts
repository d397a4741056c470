/** File-level findings (DOMAIN §14, V01–V33) of one parsed file, in the catalog's row form. Runs in the workers. */
import type { SetitecFile } from '../../shared/setitec/types';
import { validateFile, type ValidationContext } from '../../shared/validation/index';
import type { FindingRow } from '../catalog/fileRecord';

/** `context`: the file's validation context when the caller built it (to share its segments). */
export function findingsOf(file: SetitecFile, context?: ValidationContext): FindingRow[] {
  return validateFile(file, context ? { context } : {}).map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    section: f.location.section ?? null,
    line: f.location.line ?? null,
    column: f.location.column ?? null,
  }));
}
