/**
 * A seeded synthetic corpus: many generated exports with controller-style file names
 * (`<TAG>_<head>_ST_<global>_<local>.xls`), spread over versions and program families roughly as the real
 * corpus is (DOMAIN §1), with per-head global counters that increase with the date (DOMAIN §7).
 *
 * Pure TypeScript.
 */
import { controllerDate } from './format';
import { identityFor, type Family, type SetitecVersion } from './families';
import { generateSetitec } from './generate';
import { createRng } from './prng';

export interface CorpusFile {
  name: string;
  text: string;
  version: SetitecVersion;
  family: Family;
}

export interface CorpusOptions {
  /** Approximate rows per file (see `GenerateOptions.rows`); default: natural lengths (570–9,000 rows). */
  rows?: number;
  /** Probability that a file's final step ends with the 131074 anomaly. Default 0.01. */
  anomalyRate?: number;
}

interface Group {
  key: string;
  family: Family;
  version: SetitecVersion;
  weight: number;
  /** Alternative family drawn inside the group (TUHH V9/V10 single-step series). */
  alt?: { family: Family; p: number };
}

/**
 * `count` files from `seed`. The same arguments always give the same names and texts.
 * Names are unique within one corpus.
 */
export function generateCorpus(count: number, seed: number, opts: CorpusOptions = {}): CorpusFile[] {
  const rng = createRng(seed);
  const mdb4Version = rng.pick([8, 9, 11] as const);
  const hamVersion = rng.pick([7, 9] as const);
  const groups: Group[] = [
    { key: 'tuhh', family: 'tuhh', version: 4, weight: 0.55, alt: { family: 'single', p: 0.15 } },
    { key: 'mdbmql', family: 'mdbmql', version: 9, weight: 0.2 },
    { key: 'mdb4', family: 'mdb4', version: mdb4Version, weight: 0.15 },
    { key: 'ham', family: 'ham', version: hamVersion, weight: 0.1 },
  ];
  const totalWeight = groups.reduce((s, g) => s + g.weight, 0);
  const state = new Map<string, { global: number; local: number; time: number }>();
  const anomalyRate = opts.anomalyRate ?? 0.01;
  const files: CorpusFile[] = [];
  for (let i = 0; i < count; i++) {
    let r = rng.next() * totalWeight;
    let group = groups[groups.length - 1] as Group;
    for (const g of groups) {
      r -= g.weight;
      if (r < 0) {
        group = g;
        break;
      }
    }
    const family = group.alt && rng.chance(group.alt.p) ? group.alt.family : group.family;
    const id = identityFor(group.family);
    let st = state.get(group.key);
    if (!st) {
      const [lo, hi] = id.globalCounterRange;
      const global = lo + rng.int(0, Math.max(0, Math.floor((hi - lo) / 4)));
      st = {
        global,
        local: id.localOffset !== null ? global - id.localOffset : rng.int(1, 40),
        time: Date.parse(startDate(group.version)) + rng.int(0, 10) * 86_400_000,
      };
      state.set(group.key, st);
    } else {
      const step = rng.chance(0.9) ? 1 : rng.int(2, 4);
      st.global += step;
      st.local = id.localOffset !== null ? st.global - id.localOffset : st.local + step;
      st.time += rng.chance(0.95) ? rng.int(60, 2400) * 1000 : rng.int(1, 5) * 86_400_000;
    }
    const fileSeed = Math.floor(rng.next() * 4294967296);
    const gen = generateSetitec({
      seed: fileSeed,
      version: group.version,
      family,
      ...(opts.rows !== undefined ? { rows: opts.rows } : {}),
      date: controllerDate(new Date(st.time)),
      globalCounter: st.global,
      localCounter: st.local,
      anomaly: rng.chance(anomalyRate),
    });
    files.push({ name: gen.expected.fileName, text: gen.text, version: group.version, family });
  }
  return files;
}

function startDate(version: SetitecVersion): string {
  switch (version) {
    case 4:
      return '2021-11-11T08:00:00Z';
    case 7:
      return '2024-02-12T08:00:00Z';
    case 8:
      return '2023-12-06T08:00:00Z';
    case 9:
      return '2024-05-08T08:00:00Z';
    case 11:
      return '2024-12-11T08:00:00Z';
  }
}
