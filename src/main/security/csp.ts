/**
 * The Content-Security-Policy, built from a record so each directive's reason sits beside it.
 * Served as a response header by the app:// protocol and the web host, and mirrored in index.html.
 */
export interface CspOptions {
  /** Extra origins the page may connect to (the web host's WebSocket, the configured MLflow server). */
  connect?: string[];
}

export function buildCsp(opts: CspOptions = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // No eval and no inline scripts: plotly's strict bundle needs neither.
    'script-src': ["'self'"],
    // Web Workers (downsampling) are bundled files; blob: covers plotly's worker-free fallbacks.
    'worker-src': ["'self'", 'blob:'],
    // plotly writes inline style attributes (plotly.js#7543), so inline styles stay allowed.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(opts.connect ?? [])],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
