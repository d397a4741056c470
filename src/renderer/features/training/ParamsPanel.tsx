/**
 * Training parameters and Start. Empty numbers leave python-bridge's defaults (tuned for the real corpus);
 * more than one worker process runs under torchrun (DistributedDataParallel).
 */
import { useApi } from '../../api/ApiContext';
import { TrainDevice } from '../../../shared/api/training.contract';
import { editParamsForm, startRun } from './trainingActions';
import { isActive, trainingStore, useTraining } from './trainingStore';
import type { ParamsField, ParamsForm } from './trainingForms';

const NUMBER_FIELDS: { key: Exclude<ParamsField, 'device'>; title: string; placeholder: string; mode: 'numeric' | 'decimal' }[] = [
  { key: 'epochs', title: 'Epochs', placeholder: 'default', mode: 'numeric' },
  { key: 'batchSize', title: 'Batch size', placeholder: 'default', mode: 'numeric' },
  { key: 'lr', title: 'Learning rate', placeholder: 'default', mode: 'decimal' },
  { key: 'seed', title: 'Seed', placeholder: 'default', mode: 'numeric' },
  { key: 'patience', title: 'Patience (epochs)', placeholder: 'default', mode: 'numeric' },
  { key: 'nproc', title: 'Worker processes', placeholder: '1', mode: 'numeric' },
];

export function ParamsPanel(): React.JSX.Element {
  const api = useApi();
  const form = useTraining((s) => s.paramsForm);
  const errors = useTraining((s) => s.paramsErrors);
  const starting = useTraining((s) => s.starting);
  const selected = useTraining((s) => s.selectedSnapshot);
  const active = useTraining((s) => isActive(s.run));
  const invalid = Object.keys(errors).length > 0;
  const edit = (patch: Partial<ParamsForm>): void => editParamsForm(trainingStore, patch);
  return (
    <section className="training-card" aria-labelledby="params-heading">
      <h2 id="params-heading">Parameters</h2>
      <form
        className="training-form"
        aria-label="Training parameters"
        onSubmit={(e) => {
          e.preventDefault();
          void startRun(trainingStore, api);
        }}
      >
        <div className="training-fields">
          {NUMBER_FIELDS.map((f) => (
            <label key={f.key}>
              {f.title}
              <input
                type="text"
                inputMode={f.mode}
                name={f.key}
                size={7}
                value={form[f.key]}
                placeholder={f.placeholder}
                aria-invalid={!!errors[f.key]}
                aria-describedby={errors[f.key] ? `param-${f.key}-error` : undefined}
                onChange={(e) => edit({ [f.key]: e.target.value })}
              />
            </label>
          ))}
          <label>
            Device
            <select name="device" value={form.device} onChange={(e) => edit({ device: e.target.value as ParamsForm['device'] })}>
              {TrainDevice.options.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" data-testid="training-start" disabled={!selected || starting || active || invalid}>
            {starting ? 'Starting…' : 'Start'}
          </button>
        </div>
        {NUMBER_FIELDS.map((f) =>
          errors[f.key] ? (
            <span key={f.key} id={`param-${f.key}-error`} className="error small" role="alert">
              {errors[f.key]}
            </span>
          ) : null,
        )}
        {!selected && <p className="muted small">Create or pick a snapshot first.</p>}
      </form>
    </section>
  );
}
