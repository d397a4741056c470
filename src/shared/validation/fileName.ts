/**
 * Controller file names (DOMAIN §7): `[prefix_]<A>_<HeadName>_ST_<HeadGlobalCounter>_<HeadLocalCounter1>.xls`,
 * `<A>` being the Head TAG UID, or for `Light` heads a numeric id equal to the Head Name or the Motor SN.
 * Names with three trailing numbers (`…_ST_21_22_1.xls`) are flagged as air cycles, as upstream does.
 * Converted files are `MQTT_to_XLS_<head>_<global>[a|b].xls`. Pure TypeScript.
 */

export interface ParsedFileName {
  /** The base name (directory stripped). */
  base: string;
  kind: 'controller' | 'converted' | 'other';
  prefix: string | null;
  /** First token before the head name: TAG, head id or motor SN. */
  tag: string | null;
  headName: string | null;
  globalCounter: number | null;
  localCounter: number | null;
  /** Three trailing numbers: an air cycle per the upstream convention. */
  air: boolean;
}

/** The last path component, for `/` and `\` separators alike. */
export function baseName(source: string): string {
  const i = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
  return i >= 0 ? source.slice(i + 1) : source;
}

export function parseSetitecFileName(source: string): ParsedFileName {
  const base = baseName(source);
  const empty: ParsedFileName = {
    base,
    kind: 'other',
    prefix: null,
    tag: null,
    headName: null,
    globalCounter: null,
    localCounter: null,
    air: false,
  };
  const stem = base.replace(/\.xlsx?$/i, '');
  const conv = /^MQTT_to_XLS_([^_]+)_(\d+)([a-z]?)$/i.exec(stem);
  if (conv) {
    return { ...empty, kind: 'converted', headName: conv[1] ?? null, globalCounter: Number(conv[2]) };
  }
  if (/^MQTT_to_XLS_/i.test(stem)) return { ...empty, kind: 'converted' };
  const tokens = stem.split('_');
  const st = tokens.lastIndexOf('ST');
  if (st < 2) return empty;
  const numbers = tokens.slice(st + 1);
  if ((numbers.length !== 2 && numbers.length !== 3) || !numbers.every((t) => /^\d+$/.test(t))) return empty;
  const tag = tokens[st - 2] ?? '';
  const headName = tokens[st - 1] ?? '';
  if (tag === '' || headName === '') return empty;
  const prefix = st > 2 ? tokens.slice(0, st - 2).join('_') : null;
  return {
    base,
    kind: 'controller',
    prefix,
    tag,
    headName,
    globalCounter: Number(numbers[0]),
    localCounter: Number(numbers[1]),
    air: numbers.length === 3,
  };
}
