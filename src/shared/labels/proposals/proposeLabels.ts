/**
 * The proposal engine's entry: one file's proposals from its step segments, stop codes, Program rows and
 * signals (DOMAIN §11.2, §11.3). Pure and synchronous; a few linear passes over the columns, with scratch
 * arrays reused between files (signalPrep.ts), so a batch over the whole catalog stays in the time of a
 * catalog read. Proposals are not labels: nothing here is stored.
 */
import type { LabelSchema } from '../../api/labels.contract';
import { segmentsFromColumns } from '../../setitec/segments';
import { anomalyAttributes } from './anomalyAttributes';
import { resolvePoints } from './resolvePoints';
import { fitToSchema } from './schemaFilter';
import { prepareSignals } from './signalPrep';
import { stepcodeEvents, type StepcodeEvents } from './stepcodeEvents';
import { toProposals } from './toProposals';
import type { FileProposals, ProposalInput, ProposalSegment } from './types';

export interface ProposeOptions {
  /** Keep only what this schema can hold (see schemaFilter.ts). Default: every class the engine knows. */
  schema?: LabelSchema;
}

function segmentsOf(input: ProposalInput): readonly ProposalSegment[] {
  if (input.segments) return input.segments;
  const { step, stopCode, position } = input.columns;
  if (!step || !stopCode || !position) return [];
  return segmentsFromColumns({ step, stopCode, position });
}

export function proposeLabels(input: ProposalInput, opts: ProposeOptions = {}): FileProposals {
  const segments = segmentsOf(input);
  const { position, torque, thrust, stopCode } = input.columns;
  let notFired: StepcodeEvents['notFired'] = [];
  const proposals = [];
  if (position && position.length > 0) {
    const events = stepcodeEvents(segments, input.program, position, torque, thrust);
    notFired = events.notFired;
    const prep = prepareSignals(position, torque, segments, input.program);
    proposals.push(...toProposals(resolvePoints(events, prep, segments, position), position));
  }
  const attributes = anomalyAttributes({ segments, stopCode, torque, thrust, meta: input.meta, notFired });
  const result: FileProposals = { proposals, attributes, notInSchema: [] };
  return opts.schema ? fitToSchema(result, opts.schema) : result;
}
