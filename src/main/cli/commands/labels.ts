/** `udw labels export|import`: label sheets in and out of the catalog (issue 10). */
import { UsageError, type Command } from '../command';
import { labelsExport } from './labelsExport';
import { labelsImport } from './labelsImport';

export const labelsCommand: Command = {
  name: 'labels',
  summary: 'Export the labels as JSON, CSV or .xlsx; import a label sheet (preview, then --apply)',
  usage: [
    'udw labels export --format json|csv|xlsx --out FILE [--db FILE] [--json]',
    'udw labels import FILE [--apply] [--db FILE] [--json]',
    '',
    'export writes one row per file: path, name, head, global counter, status, verdict, grip code, key point',
    'depths (mm), range ends, attribute values, and the source and provenance of each label; JSON also carries',
    'every label in full. Only confirmed labels are exported (proposals are no labels yet).',
    '',
    'import reads a .csv, .xlsx or exported .json that names each file by path, name, or head + global_counter,',
    'with a column per attribute class (its id or name, e.g. stack_thickness); blank cells change nothing.',
    'Without --apply it only prints the preview (matched, unmatched, ambiguous and duplicate rows, problems with',
    'their row and column, and the changes); --apply makes the changes, each a logged, undoable label edit,',
    'all or none. --json prints the preview (with --apply: {preview, applied, files}).',
    'Exit 0 when the sheet was read (and applied), also with unmatched rows or problems; 1 when it could not be.',
  ].join('\n'),
  options: { format: { type: 'string' }, out: { type: 'string' }, apply: { type: 'boolean' } },
  async run(ctx) {
    const sub = ctx.positionals[0];
    if (sub === 'export') return labelsExport(ctx);
    if (sub === 'import') return labelsImport(ctx);
    throw new UsageError(sub ? `unknown sub-command '${sub}'; expected export or import` : 'a sub-command is required: export or import');
  },
};
