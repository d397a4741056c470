/**
 * How each snapshot channel is made from the catalog's signal columns (keys of shared/setitec/columns.ts).
 *
 * `I Torque (A)` and `I Thrust (A)` are already NET currents: the controller logs total − no-load
 * (DOMAIN §5; the generator writes them the same way). So torque_net IS `i_torque`, and the total current is
 * i_torque + i_torque_empty. Subtracting the empty current from i_torque would put the per-step no-load value
 * into the signal as a step-shaped offset: step information the model must never be given (issue 12).
 */
import type { DatasetChannel } from '../../../shared/training/manifest';

export interface ChannelRecipe {
  /** Column keys summed to make the channel; the first that exists of each alternative list is used. */
  terms: readonly (readonly string[])[];
}

export const CHANNEL_RECIPES: Record<DatasetChannel, ChannelRecipe> = {
  torque_net: { terms: [['i_torque']] },
  thrust_net: { terms: [['i_thrust']] },
  torque: { terms: [['i_torque'], ['i_torque_empty']] },
  thrust: { terms: [['i_thrust'], ['i_thrust_empty']] },
  // v11 names the spindle power `Power (W)`.
  torque_power: { terms: [['torque_power', 'power']] },
  rotation_speed: { terms: [['rotation_speed']] },
  feed_speed: { terms: [['feed_speed']] },
};

/** Every column key a set of channels may read (plus position, which the depth grid needs). */
export function columnKeysFor(channels: readonly DatasetChannel[]): string[] {
  const keys = new Set<string>(['position']);
  for (const c of channels) for (const alternatives of CHANNEL_RECIPES[c].terms) for (const k of alternatives) keys.add(k);
  return [...keys].sort();
}

/**
 * The channel's values from the decoded columns, or why it cannot be made (naming the missing column).
 * Columns shorter than position are a damaged file: refused rather than padded.
 */
export function channelValues(channel: DatasetChannel, columns: ReadonlyMap<string, Float64Array>, length: number): Float64Array | string {
  const parts: Float64Array[] = [];
  for (const alternatives of CHANNEL_RECIPES[channel].terms) {
    const key = alternatives.find((k) => columns.has(k));
    if (key === undefined) return `channel ${channel} needs column ${alternatives.join(' or ')}, which the file does not have`;
    const values = columns.get(key)!;
    if (values.length < length) return `column ${key} has ${values.length} samples, position has ${length}`;
    parts.push(values);
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Float64Array(length);
  for (const p of parts) for (let i = 0; i < length; i++) out[i]! += p[i]!;
  return out;
}
