/**
 * Whole-file facts that are not in the XLS (DOMAIN §11.4): measured stack thickness, predrilled, anomaly
 * cause, comment — one control per attribute class of the schema. Each change is one edit.
 */
import type { LabelClass } from '../../../shared/api/labels.contract';
import { useApi } from '../../api/ApiContext';
import { acceptLabel, rejectLabel, setAttribute } from '../../state/annotateActions';
import { annotateStore, useAnnotate } from '../../state/annotateStore';
import { attributeLabel } from '../../state/labelOps';

export const attributeControlId = (classId: string): string => `attr-${classId}`;

/** A proposed attribute value (anomaly flags and the like) waits for a human: accept or reject it here. */
function ProposedNote({ cls }: { cls: LabelClass }): React.JSX.Element | null {
  const api = useApi();
  const label = useAnnotate((s) => attributeLabel(s.labels, cls.id));
  if (!label || label.state !== 'proposed') return null;
  const reasons = label.details?.reasons?.join('\n');
  return (
    <div className="attr-proposed small" data-testid={`attr-proposed-${cls.id}`} title={reasons}>
      <span className="state-pill proposed">proposed</span>{' '}
      <span className="muted">
        {label.provenance ?? label.source}
        {label.confidence !== null ? ` · ${label.confidence.toFixed(2)}` : ''}
      </span>
      <button type="button" className="icon ok" aria-label={`Accept ${cls.name}`} title="Accept the proposed value" onClick={() => void acceptLabel(annotateStore, api, label.id)}>
        ✓
      </button>
      <button type="button" className="icon fail" aria-label={`Reject ${cls.name}`} title="Reject the proposed value" onClick={() => void rejectLabel(annotateStore, api, label.id)}>
        ✗
      </button>
    </div>
  );
}

function AttributeControl({ cls }: { cls: LabelClass }): React.JSX.Element {
  const api = useApi();
  const value = useAnnotate((s) => attributeLabel(s.labels, cls.id)?.value ?? null);
  const id = attributeControlId(cls.id);
  const set = (v: number | boolean | string | null): void => void setAttribute(annotateStore, api, cls.id, v);
  const title = `${cls.name}${cls.hotkey ? ` (${cls.hotkey})` : ''}`;

  let control: React.JSX.Element;
  switch (cls.valueType) {
    case 'number': {
      const commit = (input: HTMLInputElement): void => {
        const text = input.value.trim();
        if (text === '') return set(null);
        const v = Number(text);
        if (Number.isFinite(v)) set(v);
        else input.value = value === null ? '' : String(value);
      };
      control = (
        <span className="with-unit">
          <input
            key={String(value)}
            id={id}
            type="number"
            step="0.01"
            min="0"
            defaultValue={typeof value === 'number' ? value : ''}
            onBlur={(e) => commit(e.currentTarget)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit(e.currentTarget);
            }}
          />
          {cls.unit && <span className="muted">{cls.unit}</span>}
        </span>
      );
      break;
    }
    case 'boolean':
      control = (
        <select id={id} value={value === true ? 'yes' : value === false ? 'no' : ''} onChange={(e) => set(e.target.value === '' ? null : e.target.value === 'yes')}>
          <option value="">unknown</option>
          <option value="yes">yes</option>
          <option value="no">no</option>
        </select>
      );
      break;
    case 'choice':
      control = (
        <select id={id} value={typeof value === 'string' ? value : ''} onChange={(e) => set(e.target.value === '' ? null : e.target.value)}>
          <option value="">–</option>
          {(cls.choices ?? []).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      );
      break;
    default:
      control = (
        <textarea
          key={String(value)}
          id={id}
          rows={2}
          defaultValue={typeof value === 'string' ? value : ''}
          onBlur={(e) => set(e.currentTarget.value.trim() === '' ? null : e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.blur();
          }}
        />
      );
  }
  return (
    <div className="attr-row">
      <label htmlFor={id} title={title}>
        <span className="swatch" style={{ background: cls.colour }} /> {cls.name}
      </label>
      {control}
      <ProposedNote cls={cls} />
    </div>
  );
}

export function AttributeForm(): React.JSX.Element | null {
  const classes = useAnnotate((s) => s.schema?.classes);
  const attrs = (classes ?? []).filter((c) => c.kind === 'attribute');
  if (attrs.length === 0) return null;
  return (
    <form className="attr-form" aria-label="File attributes" onSubmit={(e) => e.preventDefault()}>
      <h2>File attributes</h2>
      {attrs.map((c) => (
        <AttributeControl key={c.id} cls={c} />
      ))}
    </form>
  );
}
