import path from 'node:path';
import { validateInput } from '../../../shared/api/dispatch';
import { ApiError } from '../../../shared/api/errors';
import { catalogAgreement, type AgreementRequest } from '../../labels/agreement/catalogAgreement';
import { agreementText } from '../../labels/agreement/agreementText';
import { UsageError, emit, type Command } from '../command';
import { openCliCatalog, resolveFileArg } from '../catalogCli';

export const agreementCommand: Command = {
  name: 'agreement',
  summary: 'How accepted, moved and rejected proposals compare with what was proposed (per class, tier, provenance)',
  usage: [
    'udw agreement [FILE…] [--folder F] [--bin MM] [--db FILE] [--json]',
    '',
    'FILE is a catalog id or path; --folder keeps the files in F and its subfolders; without either, the whole',
    'catalog. --bin sets the width of the offset histogram bins in mm (default 0.1; in --json output only).',
    'Offsets are label − proposal in mm: the mean is signed, the median and 95th percentile are of |offset|.',
  ].join('\n'),
  options: { folder: { type: 'string' }, bin: { type: 'string' } },
  async run(ctx) {
    const { db } = openCliCatalog(ctx, { create: false });
    try {
      const scope: NonNullable<AgreementRequest['scope']> = {};
      if (typeof ctx.values.folder === 'string') scope.folder = path.resolve(ctx.values.folder);
      if (ctx.positionals.length) scope.fileIds = ctx.positionals.map((arg) => resolveFileArg(db, arg));
      const req: AgreementRequest = { scope };
      if (typeof ctx.values.bin === 'string') {
        const bin = Number(ctx.values.bin);
        if (!Number.isFinite(bin)) throw new UsageError(`--bin must be a number of mm such as 0.1, got '${ctx.values.bin}'`);
        req.binMm = bin;
      }
      // The same rules as the GUI's request, so the CLI cannot ask for what the contract refuses.
      try {
        validateInput('labels.agreement', req);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'invalid_payload') throw new UsageError(err.message.replace(/^labels\.agreement: invalid payload: /, ''));
        throw err;
      }
      const report = catalogAgreement(db, req);
      emit(ctx, report, () => agreementText(report));
      return 0;
    } finally {
      db.close();
    }
  },
};
