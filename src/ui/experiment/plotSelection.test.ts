// plot=<id> keeps one plot; embed mode shows exactly one; an id the page does not draw gives a notice, never an empty page.
import { describe, expect, it } from 'vitest';
import type { PlotSpec } from '../../experiments/framework/types';
import { selectPlots } from './plotSelection';

const plot = (id: string) => ({ id, title: id, data: [] }) as unknown as PlotSpec;
const plots = [plot('spectrum'), plot('energy'), plot('welore')];
const ids = (s: { shown: PlotSpec[] }) => s.shown.map((p) => p.id);

describe('selectPlots', () => {
  it('shows every plot without plot=, and only the first in embed mode', () => {
    expect(selectPlots(plots, null, false)).toEqual({ shown: plots, notice: null });
    expect(ids(selectPlots(plots, null, true))).toEqual(['spectrum']);
  });
  it('plot=<id> keeps exactly that plot, embedded or not', () => {
    expect(ids(selectPlots(plots, 'energy', false))).toEqual(['energy']);
    expect(ids(selectPlots(plots, 'welore', true))).toEqual(['welore']);
  });
  it('an id the page does not draw: a notice naming it and the ids that exist; nothing is hidden by mistake', () => {
    const page = selectPlots(plots, 'nope', false);
    expect(ids(page)).toEqual(['spectrum', 'energy', 'welore']);
    expect(page.notice).toBe('This link asks for plot “nope”, which this page does not draw; all are shown. Its plots: spectrum, energy, welore.');
    const embed = selectPlots(plots, 'nope', true);
    expect(ids(embed)).toEqual(['spectrum']);
    expect(embed.notice).toMatch(/the first \(“spectrum”\) is shown/);
  });
  it('before a run there is nothing to show and nothing to warn about', () => {
    expect(selectPlots([], 'nope', true)).toEqual({ shown: [], notice: null });
  });
});
