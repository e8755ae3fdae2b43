// The knobs of an experiment, generated from its fields; invalid input is explained next to the field.
import { memo, useState } from 'react';
import type { Field, Fields } from '../../experiments/framework/fields';
import { fieldError, formatValue } from '../../experiments/framework/fields';

type Props = {
  fields: Fields;
  config: Record<string, unknown>;
  hidden: string[];
  disabled?: boolean;
  onChange(key: string, value: unknown): void;
};

/**
 * While a run is going the fieldset disables every control at once: one attribute at a run's start and end, and the
 * fields themselves, memoised on their own props, do not render again. Each field given `disabled` made the run's end
 * a commit that updated every input (React's updateInput reads and writes each value): about 100 ms of a 400 ms task
 * in a profile of subspace-clustering's run end on this 2-core machine.
 */
export function ParameterPanel({ fields, config, hidden, disabled, onChange }: Props) {
  return (
    <form className="params" aria-label="Parameters" onSubmit={(e) => e.preventDefault()}>
      <fieldset className="params-fields" disabled={disabled} data-testid="params-fieldset">
        {Object.entries(fields).map(([key, f]) => {
          if (f.visibleWhen && !f.visibleWhen(config)) return null;
          if (hidden.includes(key)) {
            return (
              <div key={key} className="param param-fixed" data-testid={`param-${key}`}>
                <span className="param-label">{f.label}</span>
                <span className="param-fixed-value">{formatValue(config[key])}</span>
                <span className="param-help">fixed by the link</span>
              </div>
            );
          }
          return <FieldInput key={key} name={key} field={f} value={config[key]} onChange={onChange} />;
        })}
      </fieldset>
    </form>
  );
}

/** One field; `onChange` gets the field's key, so the panel passes its own (stable) handler and a field whose props are unchanged does not render again. */
const FieldInput = memo(function FieldInput({ name, field: f, value, onChange }: { name: string; field: Field; value: unknown; onChange(key: string, v: unknown): void }) {
  const id = `param-${name}`;
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const help = f.help ? <span className="param-help" id={`${id}-help`}>{f.help}</span> : null;
  const describedBy = [f.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

  const commit = (v: unknown, raw?: string) => {
    const err = fieldError(f, v);
    setError(err ? `${raw ?? formatValue(v)} is not valid: ${err}` : null);
    if (!err) {
      setDraft(null);
      onChange(name, v);
    }
  };

  let input;
  switch (f.kind) {
    case 'number': {
      const text = draft ?? String(value);
      input = (
        <span className="param-number">
          <input
            id={id}
            type="number"
            inputMode="decimal"
            value={text}
            min={f.min}
            max={f.max}
            step={f.step ?? 'any'}
            aria-invalid={!!error}
            aria-describedby={describedBy}
            onChange={(e) => {
              setDraft(e.target.value);
              const t = e.target.value.trim();
              const n = Number(t);
              if (t !== '' && Number.isFinite(n)) commit(n, t);
              else setError(`“${t}” is not a number`);
            }}
            onBlur={() => {
              setDraft(null);
              setError(null);
            }}
          />
          {f.integer && f.max - f.min <= 1024 && (
            <input
              type="range"
              aria-label={`${f.label} slider`}
              min={f.min}
              max={f.max}
              step={f.step ?? 1}
              value={Number(value)}
              onChange={(e) => commit(Number(e.target.value))}
            />
          )}
        </span>
      );
      break;
    }
    case 'choice':
      input = (
        <select id={id} value={String(value)} aria-describedby={describedBy} onChange={(e) => commit(e.target.value)}>
          {f.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'boolean':
      input = <input id={id} type="checkbox" checked={!!value} aria-describedby={describedBy} onChange={(e) => commit(e.target.checked)} />;
      break;
    case 'multi': {
      const list = Array.isArray(value) ? (value as string[]) : [];
      input = (
        <span className="param-multi" role="group" aria-labelledby={`${id}-label`}>
          {f.options.map((o) => (
            <label key={o.value}>
              <input
                type="checkbox"
                checked={list.includes(o.value)}
                onChange={(e) => commit(e.target.checked ? [...list, o.value] : list.filter((x) => x !== o.value))}
              />
              {o.label}
            </label>
          ))}
        </span>
      );
      break;
    }
    case 'text':
      input = (
        <input
          id={id}
          type="text"
          value={draft ?? String(value ?? '')}
          maxLength={f.maxLength}
          aria-invalid={!!error}
          aria-describedby={describedBy}
          onChange={(e) => {
            setDraft(e.target.value);
            commit(e.target.value, e.target.value);
          }}
        />
      );
      break;
  }
  return (
    <div className="param" data-testid={id}>
      <label className="param-label" htmlFor={id} id={`${id}-label`}>
        {f.label}
      </label>
      {input}
      {error && (
        <span className="param-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
      {help}
    </div>
  );
});
