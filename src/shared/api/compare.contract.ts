/**
 * Comparing a hole with the holes drilled before and after it by the same head (issue 11): the neighbours
 * by Head Global Counter (the head's chronology, DOMAIN §8) and the per-head trend of exit depth and the
 * break-through step's mean net torque, to spot a hole that breaks the series.
 */
import { z } from 'zod';
import { FileId, LabelStatus, Verdict } from './catalog.contract';
import { request } from './define';

/**
 * One slot next to the current hole in the head's series. A hole in the catalog has its id and name; a run
 * of counters with no file in the catalog (a gap) is one entry with `inCatalog: false`: `globalCounter` is
 * the absent counter nearest the current hole and `absentCount` how many consecutive counters are absent.
 */
export const NeighbourHole = z.object({
  inCatalog: z.boolean(),
  id: FileId.nullable(),
  name: z.string().nullable(),
  globalCounter: z.number().int(),
  localCounter: z.number().int().nullable(),
  /** globalCounter − the current hole's counter (negative before, positive after). */
  offset: z.number().int(),
  absentCount: z.number().int().nonnegative(),
  /** The file vanished from its folder; its row, signals and labels are still in the catalog. */
  missing: z.boolean(),
  status: LabelStatus.nullable(),
});
export type NeighbourHole = z.infer<typeof NeighbourHole>;

export const NeighboursResult = z.object({
  fileId: FileId,
  /** null when the file names no head (no neighbours then). */
  head: z.object({ name: z.string(), tag: z.string().nullable() }).nullable(),
  globalCounter: z.number().int().nullable(),
  /** Nearest first: `before` holes in the catalog with lower counters, and the gaps between them. */
  before: z.array(NeighbourHole),
  /** Nearest first: `after` holes in the catalog with higher counters, and the gaps between them. */
  after: z.array(NeighbourHole),
});
export type NeighboursResult = z.infer<typeof NeighboursResult>;

/** How the trend chose the step it averages: the step that ended on TORQUE_MIN (break-through), or a given step number. */
export const TrendStepRule = z.enum(['torque_min', 'chosen']);

export const TrendPoint = z.object({
  fileId: FileId,
  name: z.string(),
  globalCounter: z.number().int(),
  /** The exit label's depth (mm): the confirmed one, else the pending proposal; null when neither. */
  exitDepth: z.number().nullable(),
  exitSource: z.enum(['confirmed', 'proposed']).nullable(),
  /** The program step averaged (null: the file has no such step). */
  step: z.number().int().nullable(),
  /** Mean net torque current (`I Torque (A)`) over that step's samples. */
  stepMeanTorque: z.number().nullable(),
  stepSamples: z.number().int().nonnegative(),
  status: LabelStatus,
  verdict: Verdict.nullable(),
  missing: z.boolean(),
  duplicateOf: z.number().int().nullable(),
});
export type TrendPoint = z.infer<typeof TrendPoint>;

export const HeadTrend = z.object({
  head: z.string(),
  stepRule: TrendStepRule,
  /** By global counter (files without one cannot be placed and are left out). */
  points: z.array(TrendPoint),
});
export type HeadTrend = z.infer<typeof HeadTrend>;

const MAX_NEIGHBOURS = 20;

export const compareContract = {
  'catalog.neighbours': request(
    'The previous and next holes of the same head by global counter (and the gaps where a counter is not in the catalog)',
    z
      .object({
        fileId: FileId,
        before: z.number().int().min(0).max(MAX_NEIGHBOURS).optional(),
        after: z.number().int().min(0).max(MAX_NEIGHBOURS).optional(),
      })
      .strict(),
    NeighboursResult,
  ),
  'catalog.headTrend': request(
    "Per hole of one head: global counter, exit depth (confirmed label, else proposal) and the break-through step's mean net torque",
    z
      .object({
        head: z.string().min(1).max(200),
        /** Average this program step instead of the one that ended on TORQUE_MIN. */
        step: z.number().int().min(0).max(99).optional(),
        fromCounter: z.number().int().optional(),
        toCounter: z.number().int().optional(),
      })
      .strict(),
    HeadTrend,
  ),
} as const;
