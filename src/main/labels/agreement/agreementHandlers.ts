/** labels.agreement over the catalog: read only, so it emits nothing. */
import type { Handlers } from '../../../shared/api/contract';
import type { BackendContext } from '../../services/handlerContext';
import { LabelSchemaStore } from '../labelSchemaStore';
import { catalogAgreement } from './catalogAgreement';

export function agreementHandlers(ctx: BackendContext): Pick<Handlers, 'labels.agreement'> {
  const schema = new LabelSchemaStore(ctx.db);
  return {
    'labels.agreement': ({ scope, binMm }) => catalogAgreement(ctx.db, { scope, binMm }, schema),
  };
}
