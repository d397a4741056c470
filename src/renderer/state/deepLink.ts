/**
 * Deep links of the browser host: the URL fragment names what the page shows, so an address can be
 * bookmarked or sent to a colleague (who opens it on their own `udw web`, token and all).
 *
 *   #/annotate/<fileId>                    that file in the annotation view
 *   #/annotate/<fileId>?from=<mm>&to=<mm>  … zoomed to that depth range (mm, from < to)
 *   #/catalog, #/settings, …               a section (any of SECTIONS)
 *
 * A `token=` parameter may ride along (`#/annotate/12?from=3&to=9&token=…`, or the host's own `#token=…`):
 * the API reads it (api/httpApi.ts) and it never comes back into the address bar, since the fragment the
 * page writes is made from the view alone (formatDeepLink). Pure: parsing and formatting only.
 */
import { SECTIONS, type Section } from './navStore';

export interface DeepLink {
  section: Section;
  /** Only with section 'annotate'. */
  fileId: number | null;
  /** Depth range in mm, from < to; only with a fileId. */
  range: [number, number] | null;
}

export type ParsedLink = { ok: true; link: DeepLink | null } | { ok: false; error: string };

export const DEEP_LINK_FORMAT = '#/annotate/<file id>?from=<depth mm>&to=<depth mm> (or #/<section>, e.g. #/catalog)';

/** Parameters the page itself does not read from a link (the access token, for the API). */
const IGNORED_PARAMS = new Set(['token']);

/** The fragment as a message may quote it: never with the access token. */
function withoutToken(fragment: string): string {
  return fragment
    .replace(/([?&])token=[^&]*/g, '$1')
    .replace(/&{2,}/g, '&')
    .replace(/\?&/, '?')
    .replace(/[?&]$/, '');
}

function bad(fragment: string, what: string): ParsedLink {
  const clean = withoutToken(fragment);
  const shown = clean.length > 120 ? `${clean.slice(0, 117)}…` : clean;
  return { ok: false, error: `The link '#${shown}' ${what}; expected ${DEEP_LINK_FORMAT}.` };
}

function depthParam(params: URLSearchParams, name: string): number | null | 'bad' {
  const raw = params.get(name);
  if (raw === null) return null;
  if (!/^-?\d+(\.\d+)?$/.test(raw.trim())) return 'bad';
  return Number(raw);
}

/**
 * The link in a fragment (with or without the leading '#'). `link: null` when the fragment names no view
 * (empty, or only `token=…`): the page then starts where it was.
 */
export function parseDeepLink(hash: string): ParsedLink {
  let fragment = hash.replace(/^#/, '');
  // The token reader re-serialises what is left of `#/annotate/4?from=1&to=2&token=…` as URL parameters
  // ('%2Fannotate%2F4%3Ffrom=1&to=2'); a reload before the page rewrites it still finds the link.
  if (/^%2F/i.test(fragment)) {
    try {
      fragment = decodeURIComponent(fragment);
    } catch {
      return bad(fragment, 'has a malformed % escape');
    }
  }
  const q = fragment.indexOf('?');
  const rawPath = q < 0 ? fragment : fragment.slice(0, q);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return bad(fragment, 'has a malformed % escape');
  }
  // The host's own `#token=…` (or any fragment without a path) is no deep link.
  if (!path.startsWith('/')) {
    if (q < 0 && /^[\w-]+=/.test(path)) return { ok: true, link: null };
    return path === '' ? { ok: true, link: null } : bad(fragment, 'does not start with #/');
  }
  const params = new URLSearchParams(q < 0 ? '' : fragment.slice(q + 1));
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 0) return { ok: true, link: null };
  const section = parts[0]! as Section;
  if (!(SECTIONS as readonly string[]).includes(section)) return bad(fragment, `names no section '${parts[0]}' (sections: ${SECTIONS.join(', ')})`);
  const unknown = [...params.keys()].filter((k) => !IGNORED_PARAMS.has(k) && !(section === 'annotate' && (k === 'from' || k === 'to')));
  if (unknown.length) return bad(fragment, `has a parameter it does not know (${unknown.join(', ')})`);
  if (section !== 'annotate') {
    if (parts.length > 1) return bad(fragment, `has more after #/${section}`);
    return { ok: true, link: { section, fileId: null, range: null } };
  }
  if (parts.length > 2) return bad(fragment, 'has more after the file id');
  const from = depthParam(params, 'from');
  const to = depthParam(params, 'to');
  if (parts.length === 1) {
    if (from !== null || to !== null) return bad(fragment, 'has a depth range but no file id');
    return { ok: true, link: { section, fileId: null, range: null } };
  }
  if (!/^\d+$/.test(parts[1]!) || Number(parts[1]) < 1 || !Number.isSafeInteger(Number(parts[1]))) {
    return bad(fragment, `names file '${parts[1]}', which is not a file id (a whole number from 1)`);
  }
  const fileId = Number(parts[1]);
  if (from === 'bad' || to === 'bad') return bad(fragment, 'has a depth that is not a number (from and to are in mm, e.g. from=12.5)');
  if ((from === null) !== (to === null)) return bad(fragment, 'gives only one end of the depth range (give both from and to)');
  if (from !== null && to !== null && !(from < to)) return bad(fragment, `has from=${from} not below to=${to}`);
  return { ok: true, link: { section, fileId, range: from !== null && to !== null ? [from, to] : null } };
}

/** Depths in the fragment: to the micrometre, without trailing zeros (finer when a deep zoom needs it). */
const depthText = (v: number, digits: number): string => String(Number(v.toFixed(digits)));

/** The fragment (with '#') for a view. */
export function formatDeepLink(link: DeepLink): string {
  if (link.section !== 'annotate' || link.fileId === null) return `#/${link.section}`;
  const base = `#/annotate/${link.fileId}`;
  if (!link.range) return base;
  const [a, b] = link.range[0] <= link.range[1] ? link.range : [link.range[1], link.range[0]];
  const digits = depthText(a, 3) === depthText(b, 3) ? 6 : 3;
  return `${base}?from=${depthText(a, digits)}&to=${depthText(b, digits)}`;
}

/**
 * The access token riding in a deep link (`#/annotate/4?token=…`), or null. The page's token reader knows
 * only the host's own `#token=…`, so main.tsx hands it that form and keeps the link for the view.
 */
export function tokenOfDeepLink(hash: string): string | null {
  const fragment = hash.replace(/^#/, '');
  const q = fragment.indexOf('?');
  if (!fragment.startsWith('/') || q < 0) return null;
  return new URLSearchParams(fragment.slice(q + 1)).get('token');
}
