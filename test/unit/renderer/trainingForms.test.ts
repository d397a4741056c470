/**
 * The Training view's forms → the contract's DatasetOptions and TrainParams: empty means the default and
 * is left out; bad input is refused per field, naming the field and what it expects; whatever passes, the
 * contract's own schema accepts.
 */
import { describe, expect, it } from 'vitest';
import { DatasetOptions, TrainParams } from '../../../src/shared/api/training.contract';
import {
  INITIAL_PARAMS_FORM,
  INITIAL_SNAPSHOT_FORM,
  groupByOf,
  snapshotOptionsFromForm,
  trainParamsFromForm,
} from '../../../src/renderer/features/training/trainingForms';
import { DEFAULT_GROUP_BY, DEFAULT_SOURCES } from '../../../src/shared/training/manifest';

describe('snapshot form', () => {
  it('the initial form asks for the builder defaults and passes the contract', () => {
    const { value, errors } = snapshotOptionsFromForm(INITIAL_SNAPSHOT_FORM);
    expect(errors).toEqual({});
    expect(value).toEqual({ sources: DEFAULT_SOURCES, groupBy: DEFAULT_GROUP_BY, valOrder: 'random', valFraction: 0.2, seed: 0 });
    expect(DatasetOptions.parse(value)).toEqual(value);
  });

  it('group-by kinds make the manifest grammar', () => {
    expect(groupByOf({ groupKind: 'head', groupArg: '7' })).toBe('head');
    expect(groupByOf({ groupKind: 'counter-block', groupArg: ' 25 ' })).toBe('counter-block:25');
    expect(groupByOf({ groupKind: 'attribute', groupArg: 'msn' })).toBe('attribute:msn');
  });

  it('folds, latest order and another seed are passed on', () => {
    const { value } = snapshotOptionsFromForm({ ...INITIAL_SNAPSHOT_FORM, folds: '5', valOrder: 'latest', seed: '42', groupKind: 'folder' });
    expect(value).toMatchObject({ folds: 5, valOrder: 'latest', seed: 42, groupBy: 'folder' });
  });

  it('refuses bad fields, each naming itself and what it expects', () => {
    const { value, errors } = snapshotOptionsFromForm({ ...INITIAL_SNAPSHOT_FORM, sources: [], valFraction: '0.95', folds: '2.5', seed: 'x', groupKind: 'counter-block', groupArg: '' });
    expect(value).toBeNull();
    expect(errors.sources).toMatch(/^Label sources: choose at least one/);
    expect(errors.valFraction).toMatch(/^Validation fraction: .*0\.9/);
    expect(errors.folds).toBe('Folds: expected a whole number, got 2.5');
    expect(errors.seed).toBe('Seed: "x" is not a number');
    expect(errors.groupArg).toMatch(/^Group by: the block size/);
  });

  it('a group-by the manifest grammar refuses is reported on the group field', () => {
    const { errors } = snapshotOptionsFromForm({ ...INITIAL_SNAPSHOT_FORM, groupKind: 'attribute', groupArg: 'bad name!' });
    expect(errors.groupArg).toMatch(/^Group by: .*attribute:<classId>/);
  });
});

describe('training parameters form', () => {
  it('the initial form leaves every number to python-bridge', () => {
    const { value, errors } = trainParamsFromForm(INITIAL_PARAMS_FORM);
    expect(errors).toEqual({});
    expect(value).toEqual({ device: 'auto', nproc: 1 });
  });

  it('typed numbers become parameters the contract accepts', () => {
    const { value } = trainParamsFromForm({ epochs: '3', batchSize: '4', lr: '3e-4', device: 'cpu', seed: '7', patience: '2', nproc: '2' });
    expect(value).toEqual({ epochs: 3, batchSize: 4, lr: 3e-4, device: 'cpu', seed: 7, patience: 2, nproc: 2 });
    expect(TrainParams.parse(value)).toEqual(value);
  });

  it('refuses out-of-range and malformed values per field', () => {
    const { value, errors } = trainParamsFromForm({ ...INITIAL_PARAMS_FORM, epochs: '0', batchSize: '1.5', lr: '-1', nproc: '65' });
    expect(value).toBeNull();
    expect(errors.epochs).toMatch(/^Epochs: .*1/);
    expect(errors.batchSize).toBe('Batch size: expected a whole number, got 1.5');
    expect(errors.lr).toMatch(/^Learning rate: /);
    expect(errors.nproc).toMatch(/^Worker processes: .*64/);
    expect(errors.seed).toBeUndefined();
  });
});
