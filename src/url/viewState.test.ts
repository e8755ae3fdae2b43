// Links that hide panels, keep one plot or embed a page: they round-trip, and whatever is unknown is named in a warning.
import { describe, expect, it } from 'vitest';
import { decodeQuery, encodeHash } from './codec';
import { canonicalHide, isEmbedQuery, PANELS, splitHide, VIEW_KEYS } from './viewState';
import { EXPERIMENTS, getExperiment } from '../experiments/registry';
import { defaults, type Fields } from '../experiments/framework/fields';
import { parseRoute } from '../store/route';

const spectrum = getExperiment('spectrum')!;

function queryOf(hash: string): string {
  const route = parseRoute(hash);
  if (route.page !== 'experiment') throw new Error(`not an experiment link: ${hash}`);
  return route.query;
}

describe('view state in links', () => {
  it('no experiment names a field after a panel or a view key, so hide= and plot= are never ambiguous', () => {
    for (const meta of EXPERIMENTS) {
      const clash = Object.keys(meta.fields).filter((k) => (PANELS as readonly string[]).includes(k) || VIEW_KEYS.has(k) || k === 'v');
      expect(clash, meta.id).toEqual([]);
    }
  });

  it('hide=card,export plus a knob round-trips: knobs in field order, then panels in panel order', () => {
    const config = { ...defaults(spectrum.fields), k: 8 } as Record<string, unknown>;
    const hash = encodeHash('spectrum', spectrum.fields, config, { hide: ['export', 'k', 'card'] });
    expect(hash).toMatch(/[?&]hide=k%2Ccard%2Cexport&v=1$/);
    const back = decodeQuery(spectrum.fields, queryOf(hash));
    expect(back.warnings).toEqual([]);
    expect(back.config).toEqual(config);
    expect(back.view.hide).toEqual(['k', 'card', 'export']);
    expect(splitHide(spectrum.fields, back.view.hide!)).toEqual({ knobs: ['k'], panels: ['card', 'export'] });
    expect(encodeHash('spectrum', spectrum.fields, back.config, back.view)).toBe(hash);
  });

  it('every panel, plot= and embed=1 round-trip on every page', () => {
    for (const meta of EXPERIMENTS) {
      const config = defaults(meta.fields) as Record<string, unknown>;
      const view = { classroom: true, hide: [...PANELS], plot: 'some-plot_2', embed: true };
      const hash = encodeHash(meta.id, meta.fields, config, view);
      const back = decodeQuery(meta.fields, queryOf(hash));
      expect(back.warnings, meta.id).toEqual([]);
      expect(back.view, meta.id).toEqual(view);
      expect(back.config, meta.id).toEqual(config);
      expect(encodeHash(meta.id, meta.fields, back.config, back.view)).toBe(hash);
    }
  });

  it('an unknown hide name is named in a warning; the config and the other names are kept', () => {
    const { config, view, warnings } = decodeQuery(spectrum.fields, 'k=12&hide=card,sidebar,k,,export&plot=energy&seed=4&v=1');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/hide=sidebar/);
    expect(warnings[0]).toMatch(/neither a knob of this page nor a panel \(card, presets, params, upload, link, export, import\)/);
    expect(view).toEqual({ hide: ['k', 'card', 'export'], plot: 'energy' });
    expect(config.k).toBe(12);
    expect(config.seed).toBe(4);
  });

  it('a malformed plot id is refused with a warning, and the rest of the link still applies', () => {
    const { config, view, warnings } = decodeQuery(spectrum.fields, 'k=12&plot=%3Cscript%3E&embed=1&v=1');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/is not a plot id/);
    expect(view).toEqual({ embed: true });
    expect(config.k).toBe(12);
  });

  it('embed=0 and classroom=0 are off, and off is never written', () => {
    const { view } = decodeQuery(spectrum.fields, 'embed=0&classroom=0&v=1');
    expect(view).toEqual({ embed: false, classroom: false });
    const hash = encodeHash('spectrum', spectrum.fields, defaults(spectrum.fields), view);
    expect(hash).not.toMatch(/embed|classroom/);
  });

  it('isEmbedQuery reads embed=1 before the page decodes the link, and never throws', () => {
    expect(isEmbedQuery('k=3&embed=1&v=1')).toBe(true);
    expect(isEmbedQuery('k=3&embed=true')).toBe(true);
    expect(isEmbedQuery('k=3&embed=0')).toBe(false);
    expect(isEmbedQuery('k=3')).toBe(false);
    expect(isEmbedQuery('%E0%A4%A&embed=1')).toBe(true);
    expect(isEmbedQuery('')).toBe(false);
  });

  it('canonicalHide drops duplicates and keeps only knobs and panels', () => {
    const fields = { b: spectrum.fields.k, a: spectrum.fields.k } as unknown as Fields;
    expect(canonicalHide(fields, ['export', 'a', 'b', 'a', 'card', 'zzz'])).toEqual(['b', 'a', 'card', 'export']);
  });
});
