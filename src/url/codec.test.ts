// Links: every preset round-trips; a thousand malformed hashes never throw and never leak markup into configs.
import { describe, expect, it } from 'vitest';
import { decodeQuery, encodeHash } from './codec';
import { EXPERIMENTS } from '../experiments/registry';
import { resolveConfig } from '../experiments/framework/resolveConfig';
import { configSchema, defaults } from '../experiments/framework/fields';
import { parseRoute } from '../store/route';
import { Rng } from '../data/rng';

function roundTrip(id: string, config: Record<string, unknown>) {
  const meta = EXPERIMENTS.find((e) => e.id === id)!;
  const hash = encodeHash(id, meta.fields, config);
  const route = parseRoute(hash);
  expect(route.page).toBe('experiment');
  if (route.page !== 'experiment') return;
  expect(route.id).toBe(id);
  const back = decodeQuery(meta.fields, route.query);
  expect(back.warnings).toEqual([]);
  expect(back.config).toEqual(config);
  return hash;
}

describe('URL codec', () => {
  for (const meta of EXPERIMENTS) {
    it(`${meta.id}: every preset round-trips exactly`, () => {
      const presets = ['quick', 'default', ...(meta.presets.named ?? []).map((p) => p.id)];
      for (const p of presets) {
        const { config, warnings } = resolveConfig(meta, p);
        expect(warnings).toEqual([]);
        expect(configSchema(meta.fields).safeParse(config).success).toBe(true);
        const hash = roundTrip(meta.id, config)!;
        expect(hash).toMatch(/[?&]seed=\d+/);
        expect(hash).toMatch(/&v=1$/);
      }
    });
    it(`${meta.id}: defaults are omitted except the seed`, () => {
      const hash = encodeHash(meta.id, meta.fields, defaults(meta.fields));
      expect(hash).toBe(`#/${meta.id}?seed=${(defaults(meta.fields) as unknown as { seed: number }).seed}&v=1`);
    });
  }

  it('drops invalid and unknown values with a warning each', () => {
    const meta = EXPERIMENTS[0];
    const { config, warnings } = decodeQuery(meta.fields, 'seed=abc&nope=1&seed=3&v=9');
    expect(config).toEqual(defaults(meta.fields));
    expect(warnings.join('\n')).toMatch(/Seed/);
    expect(warnings.join('\n')).toMatch(/Unknown parameter “nope”/);
    expect(warnings.join('\n')).toMatch(/more than once/);
    expect(warnings.join('\n')).toMatch(/version 9/);
  });

  it('survives 1,000 random and malformed hashes', () => {
    const rng = new Rng(99);
    const pieces = [
      '<script>alert(1)</script>', '%', '%E0%A4%A', '&&', '==', '?', '#', '1e999', '-1e-999', 'NaN', 'Infinity', '0x10', '🙂', '\u0000',
      'seed', 'k', 'source', 'image', 'v', 'classroom', 'hide', 'true', 'false', '1', '-5', '3.5', '99999999999999999999', '"', "'", '\\', ' ',
      'camera', 'digits', 'user:zz', 'jacobi', ',', ';',
    ];
    const pick = () => pieces[rng.int(pieces.length)];
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(8);
      let q = '';
      for (let j = 0; j < n; j++) q += pick() + (rng.uniform() < 0.5 ? '=' : '') + pick() + (rng.uniform() < 0.7 ? '&' : '');
      const id = rng.uniform() < 0.8 ? EXPERIMENTS[rng.int(EXPERIMENTS.length)].id : pick();
      const hash = rng.uniform() < 0.1 ? q.slice(0, rng.int(q.length + 1)) : `#/${id}?${q}`;
      const route = parseRoute(hash);
      if (route.page !== 'experiment') continue;
      const meta = EXPERIMENTS.find((e) => e.id === route.id);
      if (!meta) continue;
      const { config, warnings } = decodeQuery(meta.fields, route.query);
      expect(Array.isArray(warnings)).toBe(true);
      // whatever came in, the config is valid and never carries markup
      const parsed = configSchema(meta.fields).safeParse(config);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(JSON.stringify(config)).not.toMatch(/<script/);
    }
  }, 60_000);
});
