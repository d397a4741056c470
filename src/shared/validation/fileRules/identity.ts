/**
 * File rules of group `identity` (DOMAIN §14), V33: the file name against the metadata.
 * Pure TypeScript; `rules.ts` runs the groups in id order.
 */
import { W, fieldLocation, rule } from './kit';
import type { FileRule } from '../types';

export const IDENTITY_RULES: readonly FileRule[] = [
  rule(
    {
      id: 'V33',
      slug: 'identity.file-name',
      group: 'identity',
      severity: W,
      title: 'File name tokens match the metadata',
      threshold: '<TAG or id>_<Head Name>_ST_<Head Global Counter>_<Head Local Counter 1>.xls',
    },
    ({ file, fileName }, emit) => {
      if (!fileName || fileName.kind !== 'controller') return;
      const problems: string[] = [];
      const same = (a: string | null | undefined, b: string | null | undefined): boolean =>
        !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
      const tagOk =
        (file.head.tagUid && file.head.tagUid.toLowerCase() !== 'light' && same(fileName.tag, file.head.tagUid)) ||
        same(fileName.tag, file.head.name) ||
        same(fileName.tag, file.motor.sn);
      if (!tagOk)
        problems.push(`first token '${fileName.tag}' is neither the Head TAG UID (${file.head.tagUid ?? '–'}), the Head Name (${file.head.name ?? '–'}) nor the Motor SN (${file.motor.sn ?? '–'})`);
      if (!same(fileName.headName, file.head.name)) problems.push(`head '${fileName.headName}' but Head Name is '${file.head.name ?? ''}'`);
      if (fileName.globalCounter !== file.head.globalCounter)
        problems.push(`global counter ${fileName.globalCounter} but Head Global Counter is ${file.head.globalCounter ?? '–'}`);
      if (fileName.localCounter !== file.head.localCounter)
        problems.push(`local counter ${fileName.localCounter} but Head Local Counter is ${file.head.localCounter ?? '–'}`);
      if (problems.length > 0) emit(`file name '${fileName.base}' disagrees with the metadata: ${problems.join('; ')}`, fieldLocation(file, 'Head Datas', 'Head Global Counter'));
    },
  ),
];
