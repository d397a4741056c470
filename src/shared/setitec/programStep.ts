/**
 * One Program row (DOMAIN §4.7): the one zod definition of its fields. The parser's `ProgramStep`, the
 * API's `ProgramStepView` (catalog.contract.ts re-exports it) and the table of Program headers and catalog
 * columns (programSettings.ts, type-checked against these keys) all derive from it.
 *
 * The parser and the import workers import only the types from here, so they never load zod.
 */
import { z } from 'zod';
import type { MetaValue } from './types';

/**
 * The numeric settings of a step, in the order the API and the catalog's `program_json` show them. One
 * list for both schemas below, which differ only in which numbers they accept.
 */
function settings<N extends z.ZodType>(n: N) {
  return {
    strokeMm: n,
    rpm: n,
    feedMmS: n,
    feedMmRev: n,
    thrustMaxA: n,
    torqueMaxA: n,
    thrustMinA: n,
    torqueMinA: n,
    gapMm: n,
  };
}

/** What the API shows of a step: `Inf` has no JSON form, so every setting is a finite number or null. */
export const ProgramStepView = z.object({ stepNb: z.number(), enabled: z.boolean(), ...settings(z.number().nullable()) });
export type ProgramStepView = z.infer<typeof ProgramStepView>;

// The parser reads `Inf` as ±Infinity (the feed per revolution of a disabled step), which z.number() refuses.
const parsedNumber = z.union([z.number(), z.literal([Infinity, -Infinity])]);
const MetaValueSchema = z.union([parsedNumber, z.string(), z.boolean(), z.null()]) satisfies z.ZodType<MetaValue>;

/** A step as the parser returns it: the settings as read, and every cell of the row by its raw name. */
export const ProgramStepSchema = z.object({
  stepNb: parsedNumber,
  enabled: z.boolean(),
  ...settings(parsedNumber.nullable()),
  fields: z.record(z.string(), MetaValueSchema),
});
export type ProgramStep = z.infer<typeof ProgramStepSchema>;
