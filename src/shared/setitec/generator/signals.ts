/**
 * The signal simulation: torque and thrust from the tip's overlap with each layer of the stack, scaled by
 * the chip thickness of each step's regime, noise, and each executed step's end (stop code and the run of
 * samples that carry it). Sample depths and currents are true values here; Datas (datas.ts) quantises and
 * prints them. Pure TypeScript.
 */
import { STOP } from '../stopCodes';
import type { ProgramStep } from '../types';
import type { FamilyStep, Geometry } from './families';
import { printComma, quantise } from './format';
import type { Rng } from './prng';

/** Quantisation of the net and empty torque channels (A): 50/1024 ≈ 0.0488 (DOMAIN §5). */
export const TORQUE_QUANTUM = 50 / 1024;
/** Quantisation of the thrust channels (A). */
export const THRUST_QUANTUM = 12 / 1024;
/** Position resolution (mm): 1/256 ≈ 0.0039. */
export const POSITION_QUANTUM = 1 / 256;

interface Sample {
  depth: number; // true (unquantised) depth
  torque: number;
  thrust: number;
  gap: number;
  stop: number;
  hold: boolean;
}

export interface SimStep {
  spec: FamilyStep;
  /** Printed program values used by the simulation. */
  stroke: number;
  rpm: number;
  feed: number;
  torqueEmpty: number;
  thrustEmpty: number;
  samples: Sample[];
  code: number;
  runLength: number;
}

interface Materials {
  cfrpTorque: number;
  tiTorque: number;
  cskTorque: number;
  cfrpThrust: number;
  tiThrust: number;
  cskThrust: number;
}

/**
 * Simulates every executed step (enabled, with an end) of the plan. Draws from `sigRng` in a fixed order:
 * the materials, then each step's no-load currents, then the samples.
 */
export function simulateSignals(
  steps: readonly FamilyStep[],
  program: readonly ProgramStep[],
  geometry: Geometry,
  sigRng: Rng,
  anomaly: boolean,
): SimStep[] {
  const wear = 1 + sigRng.uniform(0, 0.25);
  const mat: Materials = {
    cfrpTorque: sigRng.uniform(2.6, 3.8) * wear,
    tiTorque: sigRng.uniform(11, 18) * wear,
    cskTorque: sigRng.uniform(4, 7) * wear,
    cfrpThrust: sigRng.uniform(0.3, 0.5),
    tiThrust: sigRng.uniform(0.9, 1.4),
    cskThrust: sigRng.uniform(0.6, 1.2),
  };
  const simSteps: SimStep[] = [];
  steps.forEach((st, i) => {
    if (!st.enabled || !st.end) return;
    const p = program[i] as ProgramStep;
    const te = quantise(1.6 + st.rpm * 0.001 + sigRng.uniform(-0.3, 0.3), TORQUE_QUANTUM);
    const the = quantise(Math.min(0.6, Math.max(0.04, 0.1 + st.feedMmS * 0.08 + sigRng.uniform(-0.05, 0.05))), THRUST_QUANTUM);
    simSteps.push({
      spec: { ...st, strokeMm: p.strokeMm ?? st.strokeMm },
      stroke: p.strokeMm ?? st.strokeMm,
      rpm: st.rpm,
      feed: st.feedMmS,
      torqueEmpty: printComma(te, 3).value,
      thrustEmpty: printComma(the, 3).value,
      samples: [],
      code: 0,
      runLength: 0,
    });
  });
  simulate(simSteps, geometry, mat, sigRng, anomaly);
  return simSteps;
}

function overlap(d: number, len: number, a: number, b: number): number {
  const lo = Math.max(d - len, a);
  const hi = Math.min(d, b);
  return hi > lo ? (hi - lo) / len : 0;
}

/** Feed per revolution (mm/rev) of a step; the torque and thrust scale with chip thickness. */
function regimeFactor(feed: number, rpm: number): number {
  if (rpm <= 0) return 1;
  const fRev = feed / (rpm / 60);
  return Math.pow(fRev / 0.045, 0.8);
}

function runLengthFor(code: number, rng: Rng): number {
  const base = code === STOP.TORQUE_MIN ? 4 : 2;
  const extra = rng.chance(0.2) ? 1 : 0;
  return Math.min(5, base + extra);
}

function simulate(
  steps: SimStep[],
  g: Geometry,
  mat: Materials,
  rng: Rng,
  anomaly: boolean,
): void {
  let d = g.start;
  let base = 0;
  const executed = steps.length;
  for (let k = 0; k < executed; k++) {
    const st = steps[k] as SimStep;
    const spec = st.spec;
    const end = spec.end ?? 'stroke';
    const isLast = k === executed - 1;
    const killAt = anomaly && isLast ? rng.uniform(60, 67.5) : Infinity;
    const f = regimeFactor(st.feed, st.rpm);
    let cfrp = mat.cfrpTorque * f;
    let ti = mat.tiTorque * f;
    if (spec.torqueMaxA >= 1) {
      cfrp = Math.min(cfrp, 0.7 * spec.torqueMaxA);
      if (end === 'torque_max') ti = Math.max(ti, 1.6 * spec.torqueMaxA);
    }
    if (end === 'torque_min') ti = Math.max(ti, 2.5 * spec.torqueMinA);
    const csk = mat.cskTorque * f;
    const cfrpT = mat.cfrpThrust * Math.pow(f, 0.7);
    const tiT = mat.tiThrust * Math.pow(f, 0.7);
    const cskT = mat.cskThrust * Math.pow(f, 0.7);
    const L = g.tipLength;
    const stepStart = k === 0 ? d : d + st.feed / 100;
    if (k > 0) {
      d = stepStart;
      if (end === 'hard_stop' && g.cskBackMove > 0) d -= g.cskBackMove;
    }
    const limit = (k === 0 ? 0 : base) + st.stroke;
    const killFrom = d;
    const killEnd = end === 'hard_stop' && g.hardStop !== null ? g.hardStop : limit;
    const killSpan = Math.max(0.05, 0.9 * (killEnd - d));
    const model = (depth: number): { torque: number; thrust: number } => {
      const oc = overlap(depth, L, g.entry, g.transition);
      const ot = overlap(depth, L, g.transition, g.exit);
      let torque = cfrp * oc + ti * ot;
      let thrust = cfrpT * oc + tiT * ot;
      if (g.cskStart !== null && g.hardStop !== null && depth > g.cskStart) {
        const u = Math.min(1, (depth - g.cskStart) / Math.max(0.05, g.hardStop - g.cskStart));
        torque += csk * Math.pow(u, 1.5);
        thrust += cskT * Math.pow(u, 1.5);
      }
      if (killAt < Infinity) torque += 70 * Math.pow(Math.max(0, depth - killFrom) / killSpan, 2);
      return { torque, thrust };
    };
    let guard = 0;
    let passedExit = false;
    for (;;) {
      if (++guard > 400_000) throw new Error('generator: step did not end');
      let code = 0;
      let hold = false;
      const m0 = model(d);
      if (d > g.exit) passedExit = true;
      if (killAt < Infinity && m0.torque >= killAt) {
        code = STOP.KILLMOT_M1 | STOP.TORQUE_LIMIT;
        hold = true;
      } else if (end === 'hard_stop' && g.hardStop !== null && d >= g.hardStop) {
        d = g.hardStop;
        code = STOP.THRUST_LIMIT;
        hold = true;
      } else if ((end === 'contact' || end === 'torque_max') && m0.torque >= spec.torqueMaxA) {
        code = STOP.TORQUE_MAX;
      } else if (end === 'torque_min' && passedExit && m0.torque < spec.torqueMinA) {
        code = STOP.TORQUE_MIN;
      }
      if (code === 0 && d >= limit) {
        d = limit;
        code = STOP.STROKE_LIMIT;
        hold = true;
      }
      if (code === 0) {
        st.samples.push(sampleAt(d, model, rng, 0, false, st, g));
        d += (st.feed / 100) * rng.uniform(0.94, 1.04);
        continue;
      }
      const run = runLengthFor(code, rng);
      st.code = code;
      st.runLength = run;
      for (let r = 0; r < run; r++) {
        const s = sampleAt(d, model, rng, code, hold, st, g);
        if (code === STOP.THRUST_LIMIT) s.thrust += 0.4 + 0.3 * r;
        st.samples.push(s);
        if (!hold) d += (st.feed / 100) * rng.uniform(0.94, 1.04);
      }
      break;
    }
    base = d;
  }
}

function sampleAt(
  d: number,
  model: (depth: number) => { torque: number; thrust: number },
  rng: Rng,
  stop: number,
  hold: boolean,
  st: SimStep,
  g: Geometry,
): Sample {
  const m = model(d);
  const torque = m.torque + rng.normal(0.025 + 0.02 * m.torque);
  const thrust = m.thrust + rng.normal(0.005 + 0.02 * m.thrust);
  let gap = 0;
  if (st.spec.gapMm > 0 && st.spec.end === 'torque_min' && d > g.exit) gap = Math.min(0.034, (d - g.exit) * 0.03);
  return { depth: d, torque, thrust, gap, stop, hold };
}
