/** Which panels the signal view stacks: torque and thrust current (net or total), then the chosen extra columns. */
import type { ViewOptions } from '../../state/annotateStore';
import { extraColumnsOf, type Panel } from './figure';

export function panelsOf(view: Pick<ViewOptions, 'total' | 'extras'>, columns: readonly { key: string; name: string; unit: string }[]): Panel[] {
  const torque = view.total ? { key: 'i_torque_total', title: 'Torque current, total (A)' } : { key: 'i_torque', title: 'Torque current (A)' };
  const thrust = view.total ? { key: 'i_thrust_total', title: 'Thrust current, total (A)' } : { key: 'i_thrust', title: 'Thrust current (A)' };
  const extras = extraColumnsOf(columns).filter((c) => view.extras.includes(c.key));
  return [torque, thrust, ...extras];
}
