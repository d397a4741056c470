import { doctorReport } from '../../services/doctorService';
import { projectRoot } from '../../services/paths';
import { emit, type Command } from '../command';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Report Node, SQLite, ONNX Runtime, Python and torch status',
  usage: 'udw doctor [--json] [--python PATH]',
  options: { python: { type: 'string' } },
  async run(ctx) {
    const report = await doctorReport({ pythonPath: (ctx.values.python as string | undefined) ?? null, projectRoot: projectRoot() });
    emit(ctx, report, () =>
      report.components.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name.padEnd(12)} ${(c.version ?? '-').padEnd(14)} ${c.detail}`).join('\n'),
    );
    return report.ok ? 0 : 1;
  },
};
