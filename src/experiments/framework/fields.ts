// The parameter-field vocabulary: one description per knob drives the panel, the URL codec and validation.
import { z } from 'zod';

type Common<T> = {
  label: string;
  help?: string;
  default: T;
  /** Shown in the panel only when this returns true for the current config. */
  visibleWhen?: (config: Record<string, unknown>) => boolean;
};

export type NumberField = Common<number> & { kind: 'number'; min: number; max: number; step?: number; integer?: boolean; log?: boolean };
export type ChoiceField = Common<string> & { kind: 'choice'; options: readonly { value: string; label: string }[] };
export type BooleanField = Common<boolean> & { kind: 'boolean' };
export type TextField = Common<string> & { kind: 'text'; maxLength: number; pattern?: RegExp };
/** A list of choices (e.g. which methods to compare), encoded comma-separated in the URL. */
export type MultiChoiceField = Common<string[]> & { kind: 'multi'; options: readonly { value: string; label: string }[]; minItems?: number };

export type Field = NumberField | ChoiceField | BooleanField | TextField | MultiChoiceField;
export type Fields = Record<string, Field>;

/** The config type a set of fields describes. */
export type ConfigOf<F extends Fields> = {
  [K in keyof F]: F[K] extends NumberField ? number
    : F[K] extends BooleanField ? boolean
      : F[K] extends MultiChoiceField ? string[]
        : string;
};

export const int = (label: string, def: number, min: number, max: number, o: Partial<NumberField> = {}): NumberField =>
  ({ kind: 'number', label, default: def, min, max, step: 1, integer: true, ...o });
export const real = (label: string, def: number, min: number, max: number, o: Partial<NumberField> = {}): NumberField =>
  ({ kind: 'number', label, default: def, min, max, ...o });
export const choice = (label: string, def: string, options: readonly (string | { value: string; label: string })[], o: Partial<ChoiceField> = {}): ChoiceField =>
  ({ kind: 'choice', label, default: def, options: options.map((v) => (typeof v === 'string' ? { value: v, label: v } : v)), ...o });
export const flag = (label: string, def: boolean, o: Partial<BooleanField> = {}): BooleanField => ({ kind: 'boolean', label, default: def, ...o });
export const text = (label: string, def: string, o: Partial<TextField> = {}): TextField => ({ kind: 'text', label, default: def, maxLength: 200, ...o });
export const multi = (label: string, def: string[], options: readonly (string | { value: string; label: string })[], o: Partial<MultiChoiceField> = {}): MultiChoiceField =>
  ({ kind: 'multi', label, default: def, options: options.map((v) => (typeof v === 'string' ? { value: v, label: v } : v)), minItems: 1, ...o });

/** The seed knob every experiment has; always present in links. */
export const seedField = (): NumberField => int('Seed', 1, 0, 2 ** 31 - 1, { help: 'Same seed, same config, same device kind: same numbers.' });

const schemaCache = new WeakMap<Field, z.ZodType>();

/** A zod schema for one field (bounds, integrality, membership); built once per field. */
export function fieldSchema(f: Field): z.ZodType {
  let s = schemaCache.get(f);
  if (!s) {
    s = buildFieldSchema(f);
    schemaCache.set(f, s);
  }
  return s;
}

function buildFieldSchema(f: Field): z.ZodType {
  switch (f.kind) {
    case 'number': {
      let s = z.number().finite().min(f.min, `at least ${f.min}`).max(f.max, `at most ${f.max}`);
      if (f.integer) s = s.int('a whole number');
      return s;
    }
    case 'choice':
      return z.enum(f.options.map((o) => o.value) as [string, ...string[]], { message: `one of ${f.options.map((o) => o.value).join(', ')}` });
    case 'boolean':
      return z.boolean();
    case 'text': {
      const s = z.string().max(f.maxLength, `at most ${f.maxLength} characters`);
      return f.pattern ? s.regex(f.pattern, 'not in the expected form') : s;
    }
    case 'multi':
      return z
        .array(z.enum(f.options.map((o) => o.value) as [string, ...string[]]))
        .min(f.minItems ?? 0, `pick at least ${f.minItems ?? 0}`)
        .refine((a) => new Set(a).size === a.length, 'no repeats');
    default: {
      const never: never = f;
      throw new Error(`unsupported field ${JSON.stringify(never)}`);
    }
  }
}

/** The zod object schema for a set of fields (strict: unknown keys are errors). */
export function configSchema(fields: Fields): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, f] of Object.entries(fields)) shape[k] = fieldSchema(f);
  return z.object(shape).strict();
}

/** Every field's default. */
export function defaults<F extends Fields>(fields: F): ConfigOf<F> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(fields)) out[k] = Array.isArray(f.default) ? [...f.default] : f.default;
  return out as ConfigOf<F>;
}

/** Validates one value for one field: null when valid, else a message for the panel. */
export function fieldError(f: Field, value: unknown): string | null {
  const r = fieldSchema(f).safeParse(value);
  return r.success ? null : r.error.issues[0]?.message ?? 'invalid';
}

/**
 * Checks a whole config: keeps valid values, replaces invalid or missing ones with defaults,
 * drops unknown keys, and says what it changed.
 */
export function sanitizeConfig<F extends Fields>(fields: F, input: Record<string, unknown>): { config: ConfigOf<F>; warnings: string[] } {
  const config = defaults(fields) as Record<string, unknown>;
  const warnings: string[] = [];
  for (const [k, v] of Object.entries(input ?? {})) {
    const f = fields[k];
    if (!f) {
      warnings.push(`Unknown parameter “${clip(k)}” was ignored.`);
      continue;
    }
    const err = fieldError(f, v);
    if (err) warnings.push(`${f.label} (“${clip(k)}”): ${clip(String(v))} is not valid (${err}); using ${formatValue(f.default)}.`);
    else config[k] = v;
  }
  return { config: config as ConfigOf<F>, warnings };
}

export function formatValue(v: unknown): string {
  return Array.isArray(v) ? v.join(', ') : String(v);
}

function clip(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
