// Links with every field of every registered experiment at its boundary (kept) and just past it (default, one warning).
import { describe, expect, it } from 'vitest';
import { EXPERIMENTS } from '../experiments/registry';
import { defaults, fieldError, type Field, type Fields } from '../experiments/framework/fields';
import { decodeQuery, encodeHash, URL_VERSION } from './codec';

/** Query-string values at a field's edges (valid) and just past them (invalid). */
function edges(f: Field): { valid: unknown[]; invalid: string[] } {
  switch (f.kind) {
    case 'number': {
      const past = (x: number, dir: number) => (f.integer ? x + dir : x + dir * Math.max(Math.abs(x) * 1e-9, 1e-12));
      const invalid = [String(past(f.min, -1)), String(past(f.max, 1)), 'NaN', '1e999', ''];
      if (f.integer && f.max > f.min) invalid.push(String(f.min + 0.5));
      return { valid: [f.min, f.max], invalid };
    }
    case 'choice':
      return { valid: [f.options[0].value, f.options[f.options.length - 1].value], invalid: ['not-an-option', f.options[0].value.toUpperCase() + '_'] };
    case 'boolean':
      return { valid: [true, false], invalid: ['2', 'yes'] };
    case 'text': {
      const valid = f.pattern ? [f.default] : ['', 'a'.repeat(f.maxLength)];
      return { valid, invalid: ['a'.repeat(f.maxLength + 1)] };
    }
    case 'multi': {
      const all = f.options.map((o) => o.value);
      const min = f.minItems ?? 0;
      const invalid = [`${all[0]},${all[0]}`, 'not-an-option'];
      if (min > 0) invalid.push(all.slice(0, min - 1).join(','));
      return { valid: [all, all.slice(0, Math.max(min, 1))], invalid };
    }
  }
}

/** Every field valid, and all but `except` at their defaults. */
function expectValidElsewhere(fields: Fields, config: Record<string, unknown>, except: string) {
  const defs = defaults(fields) as Record<string, unknown>;
  for (const [k, f] of Object.entries(fields)) {
    expect(fieldError(f, config[k]), `${k} = ${String(config[k])}`).toBeNull();
    if (k !== except) expect(config[k], k).toEqual(defs[k]);
  }
}

describe('links at and past every field boundary, for every registered experiment', () => {
  let checked = 0;
  for (const meta of EXPERIMENTS) {
    it(`${meta.id}: boundary values survive a round trip without warnings; values past them fall back to the default with one warning`, () => {
      const defs = defaults(meta.fields) as Record<string, unknown>;
      for (const [k, f] of Object.entries(meta.fields)) {
        const { valid, invalid } = edges(f);
        for (const v of valid) {
          const hash = encodeHash(meta.id, meta.fields, { ...defs, [k]: v });
          const { config, warnings } = decodeQuery(meta.fields, hash.slice(hash.indexOf('?') + 1));
          expect(warnings, `${meta.id}.${k} = ${String(v)}`).toEqual([]);
          expect(config[k], `${meta.id}.${k}`).toEqual(v);
          expectValidElsewhere(meta.fields, config, k);
          checked++;
        }
        for (const raw of invalid) {
          const { config, warnings } = decodeQuery(meta.fields, `${encodeURIComponent(k)}=${encodeURIComponent(raw)}&v=${URL_VERSION}`);
          expect(warnings.length, `${meta.id}.${k} = ${raw.slice(0, 40)}: ${warnings.join(' | ')}`).toBe(1);
          expect(warnings[0]).toContain(`“${k}”`);
          expect(config[k], `${meta.id}.${k} = ${raw.slice(0, 40)}`).toEqual(defs[k]);
          expectValidElsewhere(meta.fields, config, k);
          checked++;
        }
      }
    });
  }

  it('covers a few hundred links', () => {
    // runs after the per-experiment tests in file order
    console.log(`${checked} links decoded at or past a field boundary`);
    expect(checked).toBeGreaterThan(300);
  });
});
