import { getFileDetail } from '../../catalog/fileDetail';
import { emit, type Command } from '../command';
import { openCliCatalog, resolveFileArg } from '../catalogCli';

export const showCommand: Command = {
  name: 'show',
  summary: 'Show one file of the catalog: metadata, program, step segments, findings, signal columns',
  usage: 'udw show <path|id> [--db FILE] [--json]',
  async run(ctx) {
    const { db } = openCliCatalog(ctx, { create: false });
    try {
      const d = getFileDetail(db, resolveFileArg(db, ctx.positionals[0]));
      emit(ctx, d, () => {
        const f = d.file;
        const lines = [
          f.path,
          `  id ${f.id}, version ${f.version ?? '?'}, ${f.date ?? 'no date'}, ${f.rowCount} rows, depth ${f.depthMin ?? '?'}–${f.depthMax ?? '?'} mm`,
          `  head ${f.headName ?? '?'} (${f.headTag ?? '-'}), global ${f.globalCounter ?? '?'}, local ${f.localCounter ?? '?'}`,
        ];
        if (f.parseError) lines.push(`  PARSE ERROR: ${f.parseError}`);
        if (f.duplicateOf) lines.push(`  duplicate of file ${f.duplicateOf}`);
        lines.push('  segments:');
        for (const s of d.segments) lines.push(`    step ${s.step}: rows ${s.startIndex}–${s.endIndex}, depth ${s.startDepth}–${s.endDepth} mm, ${s.stopLabel}`);
        lines.push(`  columns: ${d.columns.map((c) => `${c.raw} [${c.length}]`).join(', ')}`);
        lines.push(`  findings (${d.findings.length}):`);
        for (const x of d.findings) lines.push(`    ${x.severity.padEnd(7)} ${x.ruleId}: ${x.message}`);
        return lines.join('\n');
      });
      return 0;
    } finally {
      db.close();
    }
  },
};
