// The page-drawn legend's model: which traces get entries, their swatches and toggle keys, and the reader's choices as drawn traces.
import { describe, expect, it } from 'vitest';
import { entryOn, isolated, legendEntries, legendPlacement, legendWanted, swatchOf, toggled, toggleKey, withLegendChoices, type LegendEntry, type ResolvedTrace } from './plotLegend';
import { plotLayout } from './plotDefaults';

describe('legendEntries', () => {
  const spec = [
    { type: 'scatter', name: 'train', legendgroup: 'sgd' },
    { type: 'scatter', name: 'test', legendgroup: 'sgd', showlegend: false },
    { type: 'heatmap', z: [[1]] },
    { type: 'scatter' },
    { type: 'scatter', name: 'gone' },
    { type: 'bar', name: 'hidden bar' },
  ];
  // as plotly resolves them: showlegend false for the heatmap, a default name, an empty trace not visible
  const resolved: ResolvedTrace[] = [
    { index: 0, type: 'scatter', name: 'train', mode: 'lines', visible: true, showlegend: true, legendgroup: 'sgd', line: { color: '#1f77b4', dash: 'solid' } },
    { index: 1, type: 'scatter', name: 'test', mode: 'lines', visible: true, showlegend: false, legendgroup: 'sgd', line: { color: '#1f77b4', dash: 'dot' } },
    { index: 2, type: 'heatmap', name: 'trace 2', visible: true, showlegend: false },
    { index: 3, type: 'scatter', name: 'trace 3', mode: 'markers', visible: true, showlegend: true, marker: { color: '#ff7f0e', symbol: 'circle' } },
    { index: 4, type: 'scatter', name: 'gone', mode: 'lines', visible: false, showlegend: true },
    { index: 5, type: 'bar', name: 'hidden bar', visible: 'legendonly', showlegend: true, marker: { color: '#2ca02c' } },
  ];

  it('lists what plotly would: traces it shows in a legend, named as it names them, in trace order', () => {
    const entries = legendEntries(resolved, spec, true);
    expect(entries.map((e) => [e.key, e.name, e.drawn])).toEqual([
      ['group:sgd', 'train', true],
      ['trace:3', 'trace 3', true],
      ['name:hidden bar', 'hidden bar', false],
    ]);
  });

  it('lists nothing where the spec turns the legend off', () => {
    expect(legendWanted({ showlegend: false })).toBe(false);
    expect(legendWanted({ legend: { y: 1.02 } })).toBe(true);
    expect(legendWanted(undefined)).toBe(true);
    expect(legendEntries(resolved, spec, false)).toEqual([]);
  });

  it('shows the text of a name plotly would read as HTML', () => {
    const entries = legendEntries([{ name: 'x<sub>i</sub><br>rank', mode: 'lines', visible: true, showlegend: true }], [{}], true);
    expect(entries[0].name).toBe('xi rank');
  });

  it('keys a trace by its legend group, else its name, else its place', () => {
    expect(toggleKey({ legendgroup: 'g', name: 'n' }, 3)).toBe('group:g');
    expect(toggleKey({ name: 'n' }, 3)).toBe('name:n');
    expect(toggleKey({}, 3)).toBe('trace:3');
  });
});

describe('swatchOf', () => {
  it('draws a line with its dash, markers with their shape, bars and bands as boxes', () => {
    expect(swatchOf({ mode: 'lines', line: { color: '#111', dash: 'dot' } })).toEqual({ line: { color: '#111', dash: '2,3' } });
    expect(swatchOf({ mode: 'lines', line: { color: '#111', dash: 'solid' } })).toEqual({ line: { color: '#111', dash: null } });
    expect(swatchOf({ mode: 'lines+markers', line: { color: '#111' }, marker: { color: '#222', symbol: 'x' } })).toEqual({ line: { color: '#111', dash: null }, marker: { color: '#222', symbol: 'x' } });
    expect(swatchOf({ type: 'bar', marker: { color: '#333' } })).toEqual({ box: { color: '#333' } });
    expect(swatchOf({ mode: 'lines', fill: 'tonexty', fillcolor: 'rgba(0,0,0,0.2)', line: { color: '#111' } })).toEqual({ box: { color: 'rgba(0,0,0,0.2)' }, line: { color: '#111', dash: null } });
  });

  it('maps plotly symbol variants to the shapes it draws, and a per-point colour to a neutral one', () => {
    expect(swatchOf({ mode: 'markers', marker: { color: [1, 2], symbol: 'triangle-up' } }).marker).toEqual({ color: '#888888', symbol: 'triangle' });
    expect(swatchOf({ mode: 'markers', marker: { color: '#1', symbol: 'star-open' } }).marker?.symbol).toBe('star');
    expect(swatchOf({ mode: 'markers', marker: { color: '#1', symbol: 'hexagon' } }).marker?.symbol).toBe('circle');
    // a trace with no mode (a 3-D mesh listed on request) still shows something
    expect(swatchOf({ type: 'mesh3d' })).toEqual({ marker: { color: '#888888', symbol: 'circle' } });
  });
});

describe('the reader’s choices', () => {
  const entries: LegendEntry[] = [
    { key: 'name:a', name: 'a', swatch: {}, drawn: true },
    { key: 'name:b', name: 'b', swatch: {}, drawn: true },
    { key: 'group:c', name: 'c', swatch: {}, drawn: false },
  ];

  it('a click flips an entry; the choice shows at once, before the plot redraws', () => {
    const once = toggled(entries, {}, 'name:a');
    expect(once).toEqual({ 'name:a': false });
    expect(entries.map((e) => entryOn(e, once))).toEqual([false, true, false]);
    expect(toggled(entries, once, 'group:c')).toEqual({ 'name:a': false, 'group:c': true });
  });

  it('a double click shows one entry alone, and again brings back the spec’s own view', () => {
    const alone = isolated(entries, {}, 'name:b');
    expect(entries.map((e) => entryOn(e, alone))).toEqual([false, true, false]);
    expect(isolated(entries, alone, 'name:b')).toEqual({});
  });

  it('draws a hidden entry’s traces legend-only (its whole group), and shows one the spec hid', () => {
    const traces = [{ name: 'a' }, { name: 'x', legendgroup: 'c', visible: 'legendonly' }, { name: 'y', legendgroup: 'c', showlegend: false }, { name: 'z', visible: false }];
    const drawn = withLegendChoices(traces, { 'name:a': false, 'group:c': true, 'name:z': true });
    expect(drawn.map((t) => t.visible)).toEqual(['legendonly', true, true, false]);
    expect(withLegendChoices(traces, {})[0]).toBe(traces[0]);
  });
});

describe('legendPlacement', () => {
  it('above where the spec anchors plotly’s legend over the plot, else below', () => {
    expect(legendPlacement({ legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' } })).toBe('above');
    expect(legendPlacement({ legend: { orientation: 'h', y: -0.3 } })).toBe('below');
    expect(legendPlacement(undefined)).toBe('below');
  });
});

describe('plotLayout and the legend', () => {
  it('never lets plotly draw its legend on screen, whatever the spec says; the legend’s place stays for exports', () => {
    const full = plotLayout({ showlegend: true, legend: { y: 1.02 } }, 340, true);
    expect(full.showlegend).toBe(false);
    expect(full.legend).toEqual({ y: 1.02 });
  });
});
