import path from 'node:path';
import { createBackend } from '../../backend/createBackend';
import { startHttpHost } from '../../host/httpHost';
import { projectRoot, resolveCatalogPath } from '../../services/paths';
import { type Command } from '../command';

export const webCommand: Command = {
  name: 'web',
  summary: 'Serve the workstation to a browser on 127.0.0.1 (prints the URL with its token)',
  usage: 'udw web [--db FILE] [--port N]',
  options: { port: { type: 'string' } },
  async run(ctx) {
    const root = projectRoot();
    const backend = createBackend({ host: 'web', catalogPath: resolveCatalogPath(ctx.db), projectRoot: root });
    const port = ctx.values.port ? Number(ctx.values.port) : 0;
    const host = await startHttpHost({ backend, staticDir: path.join(root, 'out', 'renderer'), port });
    ctx.io.out(ctx.json ? JSON.stringify({ url: host.openUrl, catalog: backend.context.catalogPath }) : `UOS Drilling Workstation: ${host.openUrl}\ncatalog: ${backend.context.catalogPath}`);
    await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
    await host.close();
    await backend.dispose();
    return 0;
  },
};
