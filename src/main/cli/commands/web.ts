import path from 'node:path';
import { createBackend } from '../../backend/createBackend';
import { startHttpHost } from '../../host/httpHost';
import { projectRoot, resolveCatalogPath } from '../../services/paths';
import { UsageError, type Command } from '../command';
import { PYTHON_OPTION, pythonFromCommandLine } from './pythonFlag';

export const webCommand: Command = {
  name: 'web',
  summary: 'Serve the workstation to a browser on 127.0.0.1 (prints the URL with its token)',
  usage: [
    'udw web [--db FILE] [--port N] [--python PATH] [--auto-sync SECONDS]',
    '',
    'The Python interpreter is fixed by --python (else $UDW_PYTHON; else the one chosen in the desktop app,',
    'the project .venv, python3 on PATH); the page in the browser cannot change it.',
    '--auto-sync SECONDS: look this often for queued sync work that is due and send it unasked (default: only',
    'when "Sync now" or `udw sync` is asked; the desktop app looks every 60 s).',
  ].join('\n'),
  options: { port: { type: 'string' }, 'auto-sync': { type: 'string' }, ...PYTHON_OPTION },
  async run(ctx) {
    const root = projectRoot();
    const autoSync = ctx.values['auto-sync'];
    const autoSyncSeconds = autoSync === undefined ? 0 : Number(autoSync);
    if (!Number.isFinite(autoSyncSeconds) || autoSyncSeconds < 0) throw new UsageError(`--auto-sync: expected a number of seconds ≥ 0, got '${String(autoSync)}'`);
    const backend = createBackend({ host: 'web', catalogPath: resolveCatalogPath(ctx.db), projectRoot: root, python: { fixed: pythonFromCommandLine(ctx) }, autoSyncMs: autoSyncSeconds * 1000 });
    const port = ctx.values.port ? Number(ctx.values.port) : 0;
    const host = await startHttpHost({ backend, staticDir: path.join(root, 'out', 'renderer'), port });
    const python = backend.context.python.active();
    ctx.io.out(
      ctx.json
        ? JSON.stringify({ url: host.openUrl, catalog: backend.context.catalogPath, python: { command: python.command, source: python.source } })
        : `UOS Drilling Workstation: ${host.openUrl}\ncatalog: ${backend.context.catalogPath}\npython: ${python.command} (from ${python.source})`,
    );
    await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
    await host.close();
    await backend.dispose();
    return 0;
  },
};
