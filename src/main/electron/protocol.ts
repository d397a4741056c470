/**
 * Serve the renderer build on app://workstation/ with the CSP as a response header. Paths are resolved
 * inside the renderer folder only (resolveStatic refuses traversal).
 */
import fs from 'node:fs/promises';
import type { Protocol } from 'electron';
import { contentType, resolveStatic } from '../security/staticPath';
import { APP_HOST, APP_SCHEME } from '../security/appOrigin';
import { buildCsp } from '../security/csp';

/** Must run before app 'ready': marks app:// as a secure, standard scheme. */
export function registerAppSchemePrivileges(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function handleAppProtocol(protocol: Protocol, rendererDir: string, connect: () => string[]): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveStatic(rendererDir, url.pathname) : null;
    if (!file) return new Response('not found', { status: 404 });
    return new Response(await fs.readFile(file), {
      headers: { 'content-type': contentType(file), 'content-security-policy': buildCsp({ connect: connect() }), 'x-content-type-options': 'nosniff' },
    });
  });
}
