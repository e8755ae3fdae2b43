// copyPlotlyInput: the same copy structuredClone makes of a plot spec, sharing nothing plotly could write into.
import { describe, expect, it } from 'vitest';
import { copyPlotlyInput } from './plotlyInputCopy';

const spec = () => ({
  data: [
    { type: 'scatter', mode: 'lines+markers', x: [1, 2, 3], y: [0.5, NaN, -1], name: 'a', line: { color: '#D55E00', dash: 'dot' }, marker: { size: [4, 5, 6], color: ['#000', '#111', '#222'] } },
    { type: 'heatmap', z: [[1, 2], [3, null]], colorscale: [[0, '#fff'], [1, '#000']], showscale: false, text: [null, 'b'] },
    { type: 'scatter3d', x: new Float64Array([1, 2]), y: new Float32Array([3, 4]), z: [0, 1] },
  ],
  layout: { height: 340, xaxis: { title: { text: 'x' }, type: 'log', range: [0, 1] }, annotations: [{ text: 'n', x: 1, showarrow: false }], grid: { rows: 1, columns: 2 } },
});

/** Every object and array reachable from `v`. */
function containers(v: unknown, out: unknown[] = []): unknown[] {
  if (v !== null && typeof v === 'object') {
    out.push(v);
    for (const x of Object.values(v as Record<string, unknown>)) containers(x, out);
  }
  return out;
}

describe('copyPlotlyInput', () => {
  it('makes the copy structuredClone makes', () => {
    const s = spec();
    expect(copyPlotlyInput(s)).toEqual(structuredClone(s));
  });

  it('shares no object or array with what it copied', () => {
    const s = spec();
    const copy = copyPlotlyInput(s);
    const original = new Set(containers(s));
    expect(containers(copy).filter((c) => original.has(c))).toEqual([]);
  });

  it('leaves the original as it was when plotly writes into the copy', () => {
    const s = spec();
    const copy = copyPlotlyInput(s);
    (copy.data[0] as Record<string, unknown>).uid = 'scatter-0';
    (copy.data[0].x as number[])[0] = 99;
    (copy.data[1].z as number[][])[0][0] = 99;
    copy.layout.xaxis.range[1] = 99;
    copy.layout.annotations[0].x = 99;
    expect(s).toEqual(spec());
  });

  it('copies an array whose first item is a number but a later one an object item by item', () => {
    const mixed = [1, { a: [2] }];
    const copy = copyPlotlyInput(mixed);
    expect(copy).toEqual(mixed);
    expect(copy[1]).not.toBe(mixed[1]);
  });
});
