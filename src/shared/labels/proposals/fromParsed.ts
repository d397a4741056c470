/**
 * ProposalInput from a parsed file, through the same pieces validation shares (ValidationContext's file,
 * segments and columns), so an import that has built a context for its rules can propose from it too.
 */
import { findColumn, stepSegments } from '../../setitec/segments';
import type { SetitecFile } from '../../setitec/types';
import type { ValidationContext } from '../../validation/types';
import type { ProposalInput } from './types';

export type ProposalContext = Pick<ValidationContext, 'file' | 'segments'> & {
  columns: Pick<ValidationContext['columns'], 'position' | 'torque' | 'thrust' | 'step' | 'stopCode'>;
};

export function proposalInputFromContext(ctx: ProposalContext): ProposalInput {
  const f = ctx.file;
  return {
    source: f.source,
    program: f.program,
    segments: ctx.segments,
    columns: {
      position: ctx.columns.position,
      torque: ctx.columns.torque,
      thrust: ctx.columns.thrust,
      step: ctx.columns.step,
      stopCode: ctx.columns.stopCode,
    },
    meta: {
      fileName: f.source,
      version: f.version,
      cycleOk: f.results.cycleOk,
      date: f.date,
      separator: f.separator,
      decimal: f.data.decimal,
      stepResults: f.stepResults,
      irregularityCodes: f.irregularities.map((i) => i.code),
    },
  };
}

/** The input of a freshly parsed file (segments and columns found as buildContext finds them). */
export function proposalInputFromFile(file: SetitecFile): ProposalInput {
  const values = (key: string): Float64Array | null => findColumn(file, key)?.values ?? null;
  return proposalInputFromContext({
    file,
    segments: stepSegments(file),
    columns: { position: values('position'), torque: values('i_torque'), thrust: values('i_thrust'), step: values('step'), stopCode: values('stop_code') },
  });
}
