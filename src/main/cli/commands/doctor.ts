import { locatePython } from '../../python/locatePython';
import { doctorReport } from '../../services/doctorService';
import { projectRoot } from '../../services/paths';
import { emit, type Command } from '../command';
import { PYTHON_OPTION, pythonFromCommandLine } from './pythonFlag';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Report Node, SQLite, ONNX Runtime, Python and torch status, and what training still needs',
  usage: 'udw doctor [--json] [--python PATH]   (default: $UDW_PYTHON, else the project .venv, else python3 on PATH)',
  options: PYTHON_OPTION,
  async run(ctx) {
    const root = projectRoot();
    const report = await doctorReport({ python: locatePython({ chosen: pythonFromCommandLine(ctx), projectRoot: root }), projectRoot: root });
    emit(ctx, report, () =>
      report.components.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name.padEnd(12)} ${(c.version ?? '-').padEnd(14)} ${c.detail}`).join('\n'),
    );
    return report.ok ? 0 : 1;
  },
};
