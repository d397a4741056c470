import { emit, type Command } from '../command';
import { openCliCatalog } from '../catalogCli';

interface Row {
  id: number;
  path: string;
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  section: string | null;
  line: number | null;
  col: string | null;
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Print the validation findings of the catalog, per file, with totals',
  usage: [
    'udw validate [--db FILE] [--json] [--all]',
    '',
    'Findings come from the import (file checks), from cross-file checks (duplicates, chronology) and',
    'from label checks (V36–V39, kept current with every label edit and re-import).',
    'Lists files with error or warning findings (--all: every file, info findings too).',
    'Exit 1 when any present file has an error finding (like a linter, so scripts can gate on it), else 0.',
  ].join('\n'),
  options: { all: { type: 'boolean' } },
  async run(ctx) {
    const { db } = openCliCatalog(ctx, { create: false });
    try {
      const all = ctx.values.all === true;
      const rows = db
        .prepare(
          `SELECT f.id, f.path, x.rule_id AS ruleId, x.severity, x.message, x.section, x.line, x.column_name AS col
           FROM findings x JOIN files f ON f.id = x.file_id WHERE f.missing = 0 ORDER BY f.path, x.id`,
        )
        .all() as Row[];
      const fileCount = db.prepare('SELECT count(*) FROM files WHERE missing = 0').pluck().get() as number;
      const totals = { error: 0, warning: 0, info: 0 };
      const byFile = new Map<number, { id: number; path: string; findings: Array<Omit<Row, 'id' | 'path'>> }>();
      for (const r of rows) {
        totals[r.severity]++;
        if (!all && r.severity === 'info') continue;
        const entry = byFile.get(r.id) ?? { id: r.id, path: r.path, findings: [] };
        entry.findings.push({ ruleId: r.ruleId, severity: r.severity, message: r.message, section: r.section, line: r.line, col: r.col });
        byFile.set(r.id, entry);
      }
      const files = [...byFile.values()].map((f) => ({
        id: f.id,
        path: f.path,
        findings: f.findings.map((x) => ({ ruleId: x.ruleId, severity: x.severity, message: x.message, location: { section: x.section, line: x.line, column: x.col } })),
      }));
      const filesWithErrors = new Set(rows.filter((r) => r.severity === 'error').map((r) => r.id)).size;
      emit(ctx, { files: fileCount, filesWithErrors, totals, findings: files }, () =>
        [
          ...files.flatMap((f) => [f.path, ...f.findings.map((x) => `  ${x.severity.padEnd(7)} ${x.ruleId}: ${x.message}`)]),
          `${fileCount} files, ${filesWithErrors} with errors; ${totals.error} errors, ${totals.warning} warnings, ${totals.info} info`,
        ].join('\n'),
      );
      return totals.error > 0 ? 1 : 0;
    } finally {
      db.close();
    }
  },
};
