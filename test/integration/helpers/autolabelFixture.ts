/**
 * Generated Setitec files for the auto-label tests: families whose programs end steps on sensing triggers
 * (MDB-MQL, MDB 4-step, HAM) and ones that end every step on distance (TUHH), in folders `a`, `a/deep` and
 * `ab` (so a folder scope for `a` must not take `ab`), plus one file that does not parse.
 */
import fs from 'node:fs';
import path from 'node:path';
import { encodeLatin1, generateSetitec, type Family, type SetitecVersion } from '../../../src/shared/setitec/generator/index';

export interface FixtureFile {
  folder: string;
  family: Family;
  version: SetitecVersion;
  anomaly?: boolean;
}

export const FIXTURE_FILES: readonly FixtureFile[] = [
  { folder: 'a', family: 'mdbmql', version: 9 },
  { folder: 'a', family: 'mdb4', version: 8 },
  { folder: 'a', family: 'tuhh', version: 4 },
  { folder: path.join('a', 'deep'), family: 'mdbmql', version: 9, anomaly: true },
  { folder: 'ab', family: 'ham', version: 7 },
  { folder: 'ab', family: 'tuhh', version: 4 },
];

/** Writes the files under `data` (returns their paths) and a broken one at `data/ab/broken.xls`. */
export function writeAutolabelFixture(data: string, rows = 400): { files: string[]; broken: string } {
  const files = FIXTURE_FILES.map((f, i) => {
    const gen = generateSetitec({ seed: 100 + i, version: f.version, family: f.family, rows, anomaly: f.anomaly === true });
    const dir = path.join(data, f.folder);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, gen.expected.fileName);
    fs.writeFileSync(file, encodeLatin1(gen.text));
    return file;
  });
  const broken = path.join(data, 'ab', 'broken.xls');
  fs.writeFileSync(broken, 'garbage\n');
  return { files, broken };
}
