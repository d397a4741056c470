/**
 * Program families of DOMAIN §10, as generator plans: the Program rows, how each executed step ends, the
 * stack geometry (material depths) and the identity of the head, box and motor that run them.
 *
 * Depths are in mm of positive depth (= −Position). All geometry here is unscaled; `generate.ts` scales it
 * when a target row count is asked for.
 */
import type { Rng } from './prng';

export type Family = 'tuhh' | 'mdb4' | 'mdbmql' | 'ham' | 'single';
export const FAMILIES: readonly Family[] = ['tuhh', 'mdb4', 'mdbmql', 'ham', 'single'];

export type SetitecVersion = 4 | 7 | 8 | 9 | 11;
export const VERSIONS: readonly SetitecVersion[] = [4, 7, 8, 9, 11];

/**
 * How an executed step ends:
 * - `contact`    — TORQUE_MAX at a low threshold (material contact, entry) → 1;
 * - `torque_max` — TORQUE_MAX at a high threshold (entry into the hard layer) → 1;
 * - `torque_min` — TORQUE_MIN after the last layer (break-through) → 2048;
 * - `stroke`     — the step's stroke is reached → 64;
 * - `hard_stop`  — the countersink reaches the hard stop → 8 (THRUST_LIMIT).
 */
export type StepEnd = 'contact' | 'torque_max' | 'torque_min' | 'stroke' | 'hard_stop';

export interface FamilyStep {
  stepNb: number;
  enabled: boolean;
  strokeMm: number;
  rpm: number;
  feedMmS: number;
  thrustMaxA: number;
  torqueMaxA: number;
  thrustMinA: number;
  torqueMinA: number;
  gapMm: number;
  lubAir: number;
  lubFlow: number;
  vacuum: number;
  /** How the step ends when executed (enabled steps only). */
  end: StepEnd | null;
}

/** Stack geometry, depths in mm. */
export interface Geometry {
  /** Depth of the first sample. */
  start: number;
  /** Surface contact (entry into the first layer, CFRP). */
  entry: number;
  /** CFRP → Ti boundary. */
  transition: number;
  /** Exit of the last layer (break-through). */
  exit: number;
  /** Countersink engagement start (null when the program has no countersink). */
  cskStart: number | null;
  /** Hard-stop depth (null when no step ends on THRUST_LIMIT). */
  hardStop: number | null;
  /** Cutting-edge engagement length of the drill tip (torque ramps over it at entry and exit). */
  tipLength: number;
  /** Back-move (retract) at the start of the countersink step, mm (0 for none). */
  cskBackMove: number;
}

export interface Identity {
  boxName: string;
  boxType: string;
  boxSn: string;
  boxStse: string;
  boxCustomerInfo: string;
  motorName: string;
  motorType: string;
  motorStse: string;
  motorSn: string;
  motorM2Ratio: number;
  motorM1CwRatio: number;
  motorM1CcwRatio: number;
  motorWinchLimit: number;
  headName: string;
  headTypeV4: string;
  headType: string;
  /** RFID hex or `Light`. */
  headTag: string;
  headCustomerInfo: string;
  /** First token of the controller file name (TAG for tagged heads, else the head name / motor SN). */
  fileTag: string;
  globalCounterRange: [number, number];
  /** Local counter = global − offset (TUHH never resets it); else drawn. */
  localOffset: number | null;
  /** ISO date range the family's files come from (per the upstream corpus). */
  dateRange: [string, string];
}

export interface FamilyPlan {
  family: Family;
  steps: FamilyStep[];
  geometry: Geometry;
  identity: Identity;
}

function row(stepNb: number, enabled: boolean, strokeMm: number, rpm: number, feedMmS: number, extra: Partial<FamilyStep> = {}): FamilyStep {
  return {
    stepNb,
    enabled,
    strokeMm,
    rpm,
    feedMmS,
    thrustMaxA: 0,
    torqueMaxA: 0,
    thrustMinA: 0,
    torqueMinA: 0,
    gapMm: 0,
    lubAir: 0,
    lubFlow: 0,
    vacuum: 0,
    end: null,
    ...extra,
  };
}

/** The all-zero disabled step 0 (`Inf` in mm/rev) found in most programs. */
function zeroStep(stepNb = 0): FamilyStep {
  return row(stepNb, false, 0, 0, 0);
}

const TUHH_IDENTITY: Identity = {
  boxName: 'NI-sbRIO-9607-01e60d78',
  boxType: 'CB V2 - Standard',
  boxSn: '01E60D78',
  boxStse: '',
  boxCustomerInfo: '',
  motorName: 'SRA',
  motorType: 'L_EDU',
  motorStse: '5000',
  motorSn: '17070152',
  motorM2Ratio: 21.923,
  motorM1CwRatio: 0.947,
  motorM1CcwRatio: 0.947,
  motorWinchLimit: 0,
  headName: '116-V3-012',
  headTypeV4: 'Concentic Collet',
  headType: 'Concentric Collet',
  headTag: 'Light',
  headCustomerInfo: '17070152',
  fileTag: '116-V3-012',
  globalCounterRange: [203, 1176],
  localOffset: 202,
  dateRange: ['2021-11-11T08:00:00Z', '2021-12-09T18:00:00Z'],
};

const IDENTITIES: Record<Family, Identity> = {
  tuhh: TUHH_IDENTITY,
  single: TUHH_IDENTITY,
  mdb4: {
    boxName: '20100004',
    boxType: 'CB V2 - Standard',
    boxSn: '20100004',
    boxStse: '5006',
    boxCustomerInfo: '40403912',
    motorName: 'Light_EDU',
    motorType: 'L_EDU',
    motorStse: '5058',
    motorSn: '17070141',
    motorM2Ratio: 21.923,
    motorM1CwRatio: 0.947,
    motorM1CcwRatio: 0.947,
    motorWinchLimit: 0,
    headName: '17070141',
    headTypeV4: 'Concentic Collet',
    headType: 'Concentric Collet',
    headTag: 'Light',
    headCustomerInfo: '40376604',
    fileTag: '17070141',
    globalCounterRange: [40, 1100],
    localOffset: null,
    dateRange: ['2023-11-20T08:00:00Z', '2024-05-30T18:00:00Z'],
  },
  mdbmql: {
    boxName: 'MQL',
    boxType: 'CB V2 - Standard',
    boxSn: '01FEC07F',
    boxStse: '',
    boxCustomerInfo: '',
    motorName: 'M_EDU',
    motorType: 'M_EDU',
    motorStse: '5000',
    motorSn: '0',
    motorM2Ratio: 21.923,
    motorM1CwRatio: 0.792,
    motorM1CcwRatio: 2.638,
    motorWinchLimit: 2400,
    headName: '114-V3-002-MQ',
    headTypeV4: 'Concentic Collet',
    headType: 'Concentric Collet',
    headTag: 'E00401009F45C395',
    headCustomerInfo: 'ST00090513',
    fileTag: 'E00401009F45C395',
    globalCounterRange: [1700, 2000],
    localOffset: null,
    dateRange: ['2024-05-20T06:00:00Z', '2024-05-30T18:00:00Z'],
  },
  ham: {
    boxName: 'LABOMETHODES',
    boxType: 'CB V2 - Standard',
    boxSn: '21070038',
    boxStse: '5741',
    boxCustomerInfo: '',
    motorName: 'M_EDU',
    motorType: 'M_EDU',
    motorStse: '5000',
    motorSn: '16010136',
    motorM2Ratio: 21.923,
    motorM1CwRatio: 0.792,
    motorM1CcwRatio: 2.638,
    motorWinchLimit: 2400,
    headName: '113-V3-022',
    headTypeV4: 'Concentic Collet',
    headType: 'Concentric Collet',
    headTag: 'E00401006B6B2977',
    headCustomerInfo: 'ST00090312',
    fileTag: 'E00401006B6B2977',
    globalCounterRange: [2100, 2300],
    localOffset: null,
    dateRange: ['2024-03-01T06:00:00Z', '2024-05-30T18:00:00Z'],
  },
};

export function identityFor(family: Family): Identity {
  return IDENTITIES[family];
}

/** Draws a program and a stack for one cycle of the family (unscaled). */
/**
 * The TUHH programs that end on the hard stop (V6/V8 and V9/V10) share their geometry: a hard stop near
 * 25 mm, the countersink just before it, and the exit before that. Draws stay in their original order.
 */
function hardStopGeometry(rng: Rng, g: { start: number; tipLength: number; transition: [number, number] }): FamilyPlan['geometry'] {
  const hardStop = rng.uniform(24.6, 25.4);
  const cskStart = hardStop - rng.uniform(0.8, 1.5);
  const entry = g.start + rng.uniform(0.3, 2.0);
  const transition = rng.uniform(g.transition[0], g.transition[1]);
  const exit = cskStart - rng.uniform(0.5, 2.5);
  return { start: g.start, entry, transition, exit, cskStart, hardStop, tipLength: g.tipLength, cskBackMove: 0 };
}

/**
 * The three sensing families end alike: a countersink to the hard stop 2.2–3.5 mm past the exit. The
 * random draws stay in their original order (hard stop, countersink start, back-move) so seeds keep
 * producing the same files.
 */
function countersinkGeometry(
  rng: Rng,
  g: { start: number; entry: number; transition: number; exit: number; tipLength: number },
): FamilyPlan['geometry'] {
  const hardStop = g.exit + rng.uniform(2.2, 3.5);
  const cskStart = hardStop - rng.uniform(0.8, 1.4);
  const cskBackMove = rng.chance(0.5) ? rng.uniform(0.02, 0.25) : 0;
  return { start: g.start, entry: g.entry, transition: g.transition, exit: g.exit, cskStart, hardStop, tipLength: g.tipLength, cskBackMove };
}

export function planFamily(family: Family, rng: Rng): FamilyPlan {
  const start = rng.uniform(0.54, 0.95);
  const tipLength = rng.uniform(0.6, 1.2);
  const identity = IDENTITIES[family];
  switch (family) {
    case 'tuhh': {
      // V1–V5: s2 15.7 mm @4000 rpm 3 mm/s + s3 6.8 or 9.3 mm @1000 rpm 0.75 mm/s, both stroke-limited;
      // V6/V8: s2 15.7 + s3 11 mm at one regime, s3 ends on the hard stop (THRUST_LIMIT).
      const v6 = rng.chance(0.35);
      const s1 = row(1, false, 10, 1500, 2.5, { lubAir: 4, lubFlow: 2 });
      if (!v6) {
        const s3Stroke = rng.chance(0.75) ? 9.3 : 6.8;
        const steps = [
          zeroStep(),
          s1,
          row(2, true, 15.7, 4000, 3, { lubAir: 5, lubFlow: 3, end: 'stroke' }),
          row(3, true, s3Stroke, 1000, 0.75, { lubAir: 6, lubFlow: 4, end: 'stroke' }),
        ];
        const final = 15.7 + s3Stroke;
        const exit = final - rng.uniform(0.8, 2.5);
        return {
          family,
          steps,
          identity,
          geometry: {
            start,
            entry: start + rng.uniform(0.3, 2.0),
            transition: rng.uniform(14.5, 16.8),
            exit,
            cskStart: null,
            hardStop: null,
            tipLength,
            cskBackMove: 0,
          },
        };
      }
      const rpm = rng.chance(0.5) ? 4500 : rng.pick([2500, 3000, 3500, 4000]);
      const feed = rpm === 4500 ? 4.35 : Math.round((rpm / 60) * 0.058 * 1000) / 1000;
      const steps = [
        zeroStep(),
        s1,
        row(2, true, 15.7, rpm, feed, { lubAir: 5, lubFlow: 3, end: 'stroke' }),
        row(3, true, 11, rpm, feed, { lubAir: 5, lubFlow: 3, end: 'hard_stop' }),
      ];
      return { family, steps, identity, geometry: hardStopGeometry(rng, { start, tipLength, transition: [12, 16.5] }) };
    }
    case 'single': {
      // TUHH V9/V10: steps 0–3 off, s4 26.7 mm @4500 rpm 4.35 mm/s to the hard stop.
      const steps = [
        zeroStep(),
        row(1, false, 10, 1500, 2.5, { lubAir: 4, lubFlow: 2 }),
        row(2, false, 15.7, 750, 0.725, { lubAir: 5, lubFlow: 3 }),
        row(3, false, 11, 750, 0.725, { lubAir: 5, lubFlow: 3 }),
        row(4, true, 26.7, 4500, 4.35, { lubAir: 5, lubFlow: 3, end: 'hard_stop' }),
      ];
      return { family, steps, identity, geometry: hardStopGeometry(rng, { start, tipLength, transition: [11, 16] }) };
    }
    case 'mdb4': {
      // s0 contact (TorqueMax 0.3 → 1), s1 CFRP over a fixed distance (TorqueMax 8 → 64), s2 Ti to
      // break-through (TorqueMin 2 + Gap 2 → 2048), s3 (or s4 when s3 is off) countersink → 8.
      const s1Stroke = rng.pick([7.5, 8, 8.5]);
      const skip3 = rng.chance(0.2);
      const steps = [
        row(0, true, 10, 4000, 3, { torqueMaxA: 0.3, lubAir: 3, lubFlow: 2, vacuum: 1, end: 'contact' }),
        row(1, true, s1Stroke, 4000, 3, { torqueMaxA: 8, lubAir: 3, lubFlow: 2, vacuum: 1, end: 'stroke' }),
        row(2, true, 35, 1000, 0.75, { torqueMinA: 2, gapMm: 2, lubAir: 6, lubFlow: 4, vacuum: 1, end: 'torque_min' }),
      ];
      if (skip3) {
        steps.push(row(3, false, 2, 1000, 0.75, { vacuum: 1 }));
        steps.push(row(4, true, 45, 4000, 3, { vacuum: 1, end: 'hard_stop' }));
      } else {
        steps.push(row(3, true, 45, 4000, 3, { vacuum: 1, end: 'hard_stop' }));
      }
      const entry = start + rng.uniform(1.5, 4);
      const transition = entry + s1Stroke + rng.uniform(0.4, 3);
      const exit = transition + rng.uniform(3, 8);
      return { family, steps, identity, geometry: countersinkGeometry(rng, { start, entry, transition, exit, tipLength }) };
    }
    case 'mdbmql': {
      // s1 50 mm @1500 rpm 1 mm/s TorqueMax 3 → 1 (Ti entry), s2 50 mm @320 rpm 0.16 mm/s TorqueMin 1 +
      // Gap 2 → 2048, s3 50 mm @1500 → 8.
      const steps = [
        zeroStep(),
        row(1, true, 50, 1500, 1, { torqueMaxA: 3, lubAir: 8, lubFlow: 8, vacuum: 1, end: 'torque_max' }),
        row(2, true, 50, 320, 0.16, { torqueMinA: 1, gapMm: 2, lubAir: 8, lubFlow: 8, vacuum: 1, end: 'torque_min' }),
        row(3, true, 50, 1500, 1, { lubAir: 8, lubFlow: 8, vacuum: 1, end: 'hard_stop' }),
      ];
      const entry = start + rng.uniform(1, 3);
      const transition = entry + rng.uniform(15, 22);
      const exit = transition + rng.uniform(5, 9);
      return { family, steps, identity, geometry: countersinkGeometry(rng, { start, entry, transition, exit, tipLength }) };
    }
    case 'ham': {
      // HAM_lower: s0 off, s1 70 mm @4500 rpm 2.85 mm/s TorqueMax 6 → 1, s2 10 mm @750 rpm 0.375 mm/s
      // TorqueMin 1 → 2048, s3 70 mm @3000 rpm 2 mm/s → 8.
      const steps = [
        row(0, false, 5, 0, 2, { thrustMaxA: 0.7, lubAir: 2, lubFlow: 3, vacuum: 1 }),
        row(1, true, 70, 4500, 2.85, { torqueMaxA: 6, lubAir: 10, lubFlow: 3, vacuum: 1, end: 'torque_max' }),
        row(2, true, 10, 750, 0.375, { torqueMinA: 1, lubAir: 10, lubFlow: 3, vacuum: 1, end: 'torque_min' }),
        row(3, true, 70, 3000, 2, { lubAir: 6, lubFlow: 2, vacuum: 1, end: 'hard_stop' }),
      ];
      const entry = start + rng.uniform(1, 3);
      const transition = entry + rng.uniform(8, 16);
      const exit = transition + rng.uniform(3, 6.5);
      return { family, steps, identity, geometry: countersinkGeometry(rng, { start, entry, transition, exit, tipLength }) };
    }
  }
}

/** The family used when none is given: one that real files of that version come from. */
export function defaultFamily(version: SetitecVersion): Family {
  switch (version) {
    case 4:
      return 'tuhh';
    case 7:
      return 'ham';
    case 8:
      return 'mdb4';
    case 9:
      return 'mdbmql';
    case 11:
      return 'mdb4';
  }
}
