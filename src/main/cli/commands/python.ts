/**
 * `udw python setup`: a Python that can train (training/pythonSetup.ts), and the interpreter the training
 * commands run: `--python PATH`, else `UDW_PYTHON`, else the one chosen in the app or made by `udw python
 * setup` (the catalog folder's settings), else the project .venv, else python3 on PATH — the same choice the
 * app makes (services/pythonSelection.ts).
 */
import path from 'node:path';
import { projectRoot } from '../../services/paths';
import { PythonSelection, type ActivePython } from '../../services/pythonSelection';
import { resolveCatalogPath } from '../../services/paths';
import { SettingsService } from '../../services/settingsService';
import { pythonSetup } from '../../training/pythonSetup';
import { UsageError, emit, type Command, type CommandContext } from '../command';
import { PYTHON_OPTION, pythonFromCommandLine } from './pythonFlag';

export function cliPythonSelection(ctx: CommandContext, catalogFile: string): PythonSelection {
  return new PythonSelection({ host: 'memory', projectRoot: projectRoot(), settings: new SettingsService(path.dirname(catalogFile)), fixed: pythonFromCommandLine(ctx) });
}

export function cliPython(ctx: CommandContext, catalogFile: string): ActivePython {
  return cliPythonSelection(ctx, catalogFile).active();
}

export const pythonCommand: Command = {
  name: 'python',
  summary: 'Set up a Python environment that can train (a venv from python-bridge/requirements.txt)',
  usage: [
    'udw python setup [--python PATH] [--db FILE] [--json]',
    '',
    'When the interpreter in use (--python, $UDW_PYTHON, the app\'s choice, the project .venv, python3) already has',
    'torch, onnx and numpy, says so and changes nothing. Otherwise creates python-venv in the catalog\'s folder',
    'with it, runs pip install -r python-bridge/requirements.txt there (its output on stderr), and makes that',
    'venv the interpreter of the app and of `udw train` (unless --python or $UDW_PYTHON names one).',
    'Prints {"python","venv","installed":[…],"ok","message"}. Exit 0 when a usable interpreter is there, 1 otherwise.',
  ].join('\n'),
  options: PYTHON_OPTION,
  async run(ctx) {
    const [sub, ...extra] = ctx.positionals;
    if (sub !== 'setup' || extra.length > 0) throw new UsageError(`expected \`udw python setup\`, got \`udw python ${ctx.positionals.join(' ')}\``);
    const catalogFile = resolveCatalogPath(ctx.db);
    const selection = cliPythonSelection(ctx, catalogFile);
    const settings = new SettingsService(path.dirname(catalogFile));
    const result = await pythonSetup({
      python: selection.active().command,
      dataDir: path.dirname(catalogFile),
      projectRoot: projectRoot(),
      onLine: (line) => {
        if (!ctx.json) ctx.io.err(line);
      },
      adopt: (venvPython) => {
        const fixed = pythonFromCommandLine(ctx);
        if (fixed) return `the interpreter is given by ${fixed.source}; pass --python ${venvPython} to use the venv`;
        settings.setPython({ path: venvPython, origin: 'discovered' });
        return null;
      },
      signal: ctx.signal,
    });
    emit(ctx, result, () => result.message);
    return result.ok ? 0 : 1;
  },
};
