/**
 * Who ran the cycle and what it reported: the head, box and motor identity of the family, counters, the
 * date, the drilling cycle id and the `Results` values (cycle time, distance, consumption, Cycle OK).
 * Pure TypeScript.
 */
import { identityFor, type Family, type Identity, type SetitecVersion } from './families';
import { controllerDate, printComma, type Printed } from './format';
import type { GenerateOptions } from './generate';
import type { Rng } from './prng';

export const FIRMWARE: Record<SetitecVersion, string> = {
  4: 'V 3.1.2',
  7: 'V 3.1.5.3',
  8: 'V 3.2.0',
  9: 'V 3.2.2.1',
  11: 'V 3.2.5',
};
const DATE_RANGE: Record<SetitecVersion, [string, string]> = {
  4: ['2021-11-11T08:00:00Z', '2022-05-17T18:00:00Z'],
  7: ['2024-02-01T07:00:00Z', '2024-05-30T18:00:00Z'],
  8: ['2023-12-01T07:00:00Z', '2024-05-30T18:00:00Z'],
  9: ['2023-11-20T07:00:00Z', '2024-05-30T18:00:00Z'],
  11: ['2024-12-11T07:00:00Z', '2025-06-25T18:00:00Z'],
};

export interface CycleMeta {
  id: Identity;
  globalCounter: number;
  localCounter: number;
  localCounter2: number;
  /** The raw `Date` cell. */
  date: string;
  cycleId: number | null;
  cycleTimeP: Printed;
  distanceP: Printed;
  consumption: Printed | null;
  cycleOk: boolean | null;
  headType: string;
  motorName: string;
  boxOperation: number;
  motorOperation: number;
}

/** What the Datas gave: the Step Results durations and the first and last Position (mm). */
export interface DatasTotals {
  totalDuration: number;
  firstPos: number;
  lastPos: number;
}

/**
 * Draws the cycle's metadata from `metaRng` after the Datas durations, in one fixed order (counters, date,
 * cycle id, results, operation times) so that a seed keeps giving the same file.
 */
export function drawCycleMeta(
  opts: Pick<GenerateOptions, 'globalCounter' | 'localCounter' | 'date' | 'anomaly'>,
  family: Family,
  version: SetitecVersion,
  metaRng: Rng,
  { totalDuration, firstPos, lastPos }: DatasTotals,
): CycleMeta {
  const id = identityFor(family);
  const [gLo, gHi] = id.globalCounterRange;
  const globalCounter = opts.globalCounter ?? metaRng.int(gLo, gHi);
  const localCounter =
    opts.localCounter ?? (id.localOffset !== null ? Math.max(0, globalCounter - id.localOffset) : metaRng.int(1, 120));
  const localCounter2 = localCounter + metaRng.int(0, 400);
  const date = opts.date ?? drawDate(metaRng, version);
  const cycleId = version >= 7 ? metaRng.int(100_000_000, 4_294_967_295) : null;
  const anomaly = opts.anomaly === true;
  const cycleTime = Math.round(totalDuration * metaRng.uniform(1.03, 1.2) * 100) / 100;
  const cycleTimeP = printComma(cycleTime, version === 11 ? 3 : 6);
  const finalDepth = -lastPos;
  const distanceP =
    version === 9
      ? printComma(-firstPos, 3)
      : version === 4 || version === 7
        ? printComma(finalDepth + metaRng.normal(0.015), 6)
        : printComma(finalDepth + metaRng.normal(0.015), 3);
  const consumption = version === 11 ? printComma(metaRng.uniform(0.15, 0.6), 3) : null;
  const cycleOk = version >= 7 ? !anomaly : null;
  const headType = version === 4 ? id.headTypeV4 : id.headType;
  const motorName = id.motorName;
  const boxOperation = metaRng.int(300, 50_000);
  const motorOperation = metaRng.int(5_000, 130_000);
  return {
    id,
    globalCounter,
    localCounter,
    localCounter2,
    date,
    cycleId,
    cycleTimeP,
    distanceP,
    consumption,
    cycleOk,
    headType,
    motorName,
    boxOperation,
    motorOperation,
  };
}

function drawDate(rng: Rng, version: SetitecVersion): string {
  const [a, b] = DATE_RANGE[version];
  const t0 = Date.parse(a);
  const t1 = Date.parse(b);
  const t = t0 + Math.floor(rng.next() * (t1 - t0) / 1000) * 1000;
  return controllerDate(new Date(t));
}

