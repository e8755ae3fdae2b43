// A progress batch keeps the spec object of every plot whose data did not change, so only the changed plot redraws.
import { describe, expect, it } from 'vitest';
import type { PlotSpec } from '../../experiments/framework/types';
import { samePlainData, stablePlots } from './stablePlots';

const line = (id: string, y: number[]): PlotSpec => ({ id, title: id, data: [{ type: 'scatter', x: y.map((_, i) => i), y }], layout: { yaxis: { type: 'log' } } });

describe('samePlainData', () => {
  it('compares nested arrays and objects by value, NaN equal to NaN', () => {
    expect(samePlainData({ a: [1, [2, NaN]], b: 'x' }, { b: 'x', a: [1, [2, NaN]] })).toBe(true);
    expect(samePlainData({ a: [1, [2, 3]] }, { a: [1, [2, 4]] })).toBe(false);
    expect(samePlainData([1, 2], [1, 2, 3])).toBe(false);
    expect(samePlainData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(samePlainData({ a: undefined }, { b: undefined })).toBe(false);
    expect(samePlainData([1], { 0: 1 })).toBe(false);
    expect(samePlainData(0, -0)).toBe(false);
  });
});

describe('stablePlots', () => {
  it('reuses the previous object of every unchanged plot and takes the new object of the changed one', () => {
    const prev = [line('loss', [3, 2]), line('spectrum', [5, 4, 1]), line('heat', [0])];
    const next = [line('loss', [3, 2, 1]), line('spectrum', [5, 4, 1]), line('heat', [0])];
    const out = stablePlots(prev, next);
    expect(out[0]).toBe(next[0]);
    expect(out[1]).toBe(prev[1]);
    expect(out[2]).toBe(prev[2]);
  });

  it('returns the previous array itself when nothing changed, and a new one when a plot appears or moves', () => {
    const prev = [line('a', [1]), line('b', [2])];
    expect(stablePlots(prev, [line('a', [1]), line('b', [2])])).toBe(prev);
    const grown = stablePlots(prev, [line('a', [1]), line('b', [2]), line('c', [3])]);
    expect(grown).not.toBe(prev);
    expect(grown.slice(0, 2)).toEqual(prev);
    expect(grown[0]).toBe(prev[0]);
    const swapped = stablePlots(prev, [line('b', [2]), line('a', [1])]);
    expect(swapped).not.toBe(prev);
    expect(swapped[0]).toBe(prev[1]);
    expect(stablePlots(prev, [])).toEqual([]);
  });

  it('sees a change in the layout or caption, not only the data', () => {
    const prev = [line('a', [1])];
    const next = [{ ...line('a', [1]), caption: 'k = 3' }];
    expect(stablePlots(prev, next)[0]).toBe(next[0]);
    const relaid = [{ ...line('a', [1]), layout: { yaxis: { type: 'linear' } } }];
    expect(stablePlots(prev, relaid)[0]).toBe(relaid[0]);
  });
});
