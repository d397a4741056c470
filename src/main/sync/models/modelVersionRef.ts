/**
 * What `udw models pull` is asked for: `NAME@ALIAS` (the version an alias points at now), `NAME@latest` (the
 * highest version), or one version as `NAME/VERSION` or `NAME@vVERSION` (MLflow reserves v<digits> as
 * aliases for exactly this). A leading `models:/`, as in MLflow's model URIs, is accepted.
 */

export type ModelVersionRef = { name: string; kind: 'alias'; alias: string } | { name: string; kind: 'latest' } | { name: string; kind: 'version'; version: string };

const EXPECTED = 'expected NAME@ALIAS, NAME@latest, NAME/VERSION or NAME@vVERSION (e.g. udw-drill@champion or udw-drill/3)';

export function parseModelVersionRef(text: string): ModelVersionRef {
  const ref = text.trim().replace(/^models:\/+/, '');
  const at = ref.lastIndexOf('@');
  if (at >= 0) {
    const name = ref.slice(0, at).trim();
    const alias = ref.slice(at + 1).trim();
    if (!name || !alias) throw new Error(`model '${text}': ${EXPECTED}`);
    if (alias.toLowerCase() === 'latest') return { name, kind: 'latest' };
    const v = /^[vV](\d+)$/.exec(alias);
    if (v) return { name, kind: 'version', version: String(Number(v[1])) };
    if (!/^[\w-]{1,255}$/.test(alias)) throw new Error(`model '${text}': alias '${alias}' has characters MLflow does not allow in an alias (letters, digits, _ and - only); ${EXPECTED}`);
    return { name, kind: 'alias', alias };
  }
  const m = /^(.+)\/(\d+)$/.exec(ref);
  if (m && m[1]!.trim()) return { name: m[1]!.trim(), kind: 'version', version: String(Number(m[2])) };
  throw new Error(`model '${text}': no alias or version given; ${EXPECTED}`);
}

/** The reference as the user would write it again. */
export function formatModelVersionRef(ref: ModelVersionRef): string {
  return ref.kind === 'alias' ? `${ref.name}@${ref.alias}` : ref.kind === 'latest' ? `${ref.name}@latest` : `${ref.name}/${ref.version}`;
}
