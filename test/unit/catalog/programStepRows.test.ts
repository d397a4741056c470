/**
 * Program steps through the real catalog: parsed file → worker record → `steps` rows (SQLite) → FileDetail.
 * The columns are named once (programSettings.ts); this proves the write and the read side use them alike.
 */
import { describe, expect, it } from 'vitest';
import { FileDetail } from '../../../src/shared/api/catalog.contract';
import { FileWriter } from '../../../src/main/catalog/fileWriter';
import { getFileDetail } from '../../../src/main/catalog/fileDetail';
import { openCatalog } from '../../../src/main/db/openCatalog';
import { recordFromParse } from '../../../src/main/ingest/recordFromParse';
import { generateSetitec } from '../../../src/shared/setitec/generator';
import { parseSetitecText } from '../../../src/shared/setitec/parse';
import { programStepView } from '../../../src/shared/setitec/programSettings';

describe('program steps in the catalog', () => {
  it.each([
    [4, 'tuhh'],
    [9, 'mdbmql'],
    [11, 'ham'],
  ] as const)('v%s %s: getFile returns the parsed steps’ views (Inf as null), and program_json holds the same', (version, family) => {
    const gen = generateSetitec({ seed: 31, version, family, rows: 300 });
    const r = parseSetitecText(gen.text, gen.expected.fileName);
    if (!r.ok) throw new Error(r.error.message);
    const db = openCatalog(':memory:');
    try {
      const path = `/synthetic/${gen.expected.fileName}`;
      const rec = recordFromParse(path, 'hash', gen.text.length, r.file, []);
      const id = new FileWriter(db).writeParsed(null, { path, size: gen.text.length, mtimeMs: 1 }, rec, '2025-01-01T00:00:00Z');
      const detail = FileDetail.parse(getFileDetail(db, id));
      const views = r.file.program.map(programStepView);
      expect(detail.program).toEqual(views);
      expect(detail.program.some((p) => p.feedMmRev === null)).toBe(true);
      const stored = db.prepare('SELECT program_json FROM files WHERE id = ?').pluck().get(id) as string;
      expect(stored).toBe(JSON.stringify(views));
    } finally {
      db.close();
    }
  });
});
