/**
 * Placeholder until the training manager lands (issue 12): every training channel answers
 * `unavailable` with why, so the contract is complete and the renderer can be built against it.
 */
import type { Handlers } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { BackendContext } from '../services/handlerContext';

type TrainingChannels = 'datasets.create' | 'datasets.list' | 'training.start' | 'training.cancel' | 'training.resume' | 'runs.list' | 'runs.get' | 'python.setup';

export function trainingHandlers(_ctx: BackendContext): Pick<Handlers, TrainingChannels> {
  const notYet = (): never => {
    throw new ApiError('failed', 'training is not built yet');
  };
  return {
    'datasets.create': notYet,
    'datasets.list': () => [],
    'training.start': notYet,
    'training.cancel': notYet,
    'training.resume': notYet,
    'runs.list': () => [],
    'runs.get': notYet,
    'python.setup': notYet,
  };
}
