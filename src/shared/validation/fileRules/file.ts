/**
 * File rules of group `file` (DOMAIN §14), V01–V05: the file decodes, its General Infos are sane, no converted-file signature.
 * Pure TypeScript; `rules.ts` runs the groups in id order.
 */
import { EXPECTED_SAMPLE_RATE_HZ, KNOWN_VERSIONS } from '../thresholds';
import { E, W, fieldLocation, rule, sectionLocation, sectionOf } from './kit';
import type { FileRule } from '../types';

export const FILE_RULES: readonly FileRule[] = [
  rule(
    {
      id: 'V01',
      slug: 'file.sections',
      group: 'file',
      severity: E,
      title: 'File decodes as Latin-1 with General Infos and Datas sections',
      threshold: 'a parse failure is reported through findingFromParseError',
    },
    ({ file }, emit) => {
      if (!sectionOf(file, 'General Infos')) emit("no '*** General Infos ***' section", { line: 1 });
      if (file.data.columns.length === 0) emit("'*** Datas ***' has no columns", sectionLocation(file, 'Datas'));
      else if (file.data.rowCount === 0) emit("'*** Datas ***' has no data rows", sectionLocation(file, 'Datas'));
    },
  ),
  rule(
    { id: 'V02', slug: 'general.version', group: 'file', severity: W, title: 'Version is one of 4, 7, 8, 9, 11' },
    ({ file }, emit) => {
      if (file.version === null) emit('General Infos has no Version', fieldLocation(file, 'General Infos', 'Version'));
      else if (!KNOWN_VERSIONS.includes(file.version))
        emit(`unknown format version ${file.version} (known: 4, 7, 8, 9, 11)`, fieldLocation(file, 'General Infos', 'Version'));
    },
  ),
  rule(
    { id: 'V03', slug: 'general.sample-rate', group: 'file', severity: W, title: 'Sample Rate (Hz) is 100' },
    ({ file }, emit) => {
      const loc = fieldLocation(file, 'General Infos', 'Sample Rate (Hz)');
      if (file.sampleRateHz === null) emit('General Infos has no Sample Rate (Hz)', loc);
      else if (file.sampleRateHz !== EXPECTED_SAMPLE_RATE_HZ)
        emit(`sample rate ${file.sampleRateHz} Hz, every known file has ${EXPECTED_SAMPLE_RATE_HZ} Hz`, loc);
    },
  ),
  rule(
    { id: 'V04', slug: 'general.date', group: 'file', severity: W, title: 'Date parses, is not 1970 and not in the future' },
    ({ file, now }, emit) => {
      const loc = fieldLocation(file, 'General Infos', 'Date');
      const d = file.date;
      if (!d) return emit('General Infos has no Date', loc);
      if (!d.iso) return emit(`Date '${d.raw}' cannot be parsed`, loc);
      const year = Number(d.iso.slice(0, 4));
      if (d.clockUnset || year === 1970) return emit(`Date ${d.raw} is in 1970: the controller clock was never set`, loc);
      const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(d.iso) ? d.iso : `${d.iso}Z`);
      // Controller dates are local time without a zone: allow a day of slack before calling one "future".
      if (Number.isFinite(t) && t > now.getTime() + 86_400_000) emit(`Date ${d.raw} is in the future`, loc);
    },
  ),
  rule(
    {
      id: 'V05',
      slug: 'file.converted-signature',
      group: 'file',
      severity: W,
      title: 'Converted-file signature (metadata not trustworthy)',
      threshold: "';' separator, dot decimals in Datas, ISO date, or an MQTT_to_XLS_ file name",
    },
    ({ file, fileName }, emit) => {
      const signs: string[] = [];
      if (file.separator === ';') signs.push("';' separator");
      if (file.data.decimal === 'dot' || file.data.decimal === 'mixed') signs.push(`${file.data.decimal} decimals in Datas`);
      if (file.date && /^\d{4}-\d\d-\d\dT/.test(file.date.raw.trim())) signs.push(`ISO date '${file.date.raw}'`);
      if (fileName?.kind === 'converted') signs.push(`converted file name '${fileName.base}'`);
      if (signs.length > 0)
        emit(`looks rebuilt from MQTT messages (${signs.join(', ')}): do not trust its metadata`, { section: 'General Infos', line: 1 });
    },
  ),
];
