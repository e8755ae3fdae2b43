// A plot's layout: the app's base, its height, the spec's own layout, and tick labels past the edge kept (no per-label overflow measuring).
import { describe, expect, it } from 'vitest';
import { BASE_LAYOUT, plotLayout, plotTraces } from './plotDefaults';

describe('plotLayout', () => {
  it('starts from BASE_LAYOUT and the height, then takes the spec layout', () => {
    const full = plotLayout({ height: 500, showlegend: false }, 340, true);
    expect(full.margin).toEqual(BASE_LAYOUT.margin);
    expect(full.height).toBe(500);
    expect(full.showlegend).toBe(false);
    expect(plotLayout(undefined, 340, true).height).toBe(340);
  });

  it("gives every cartesian axis ticklabeloverflow 'allow' unless the spec chose, keeping the axis' own settings", () => {
    const full = plotLayout({ xaxis: { title: { text: 'step' } }, yaxis: { type: 'log', ticklabeloverflow: 'hide past div' }, yaxis2: { overlaying: 'y' } }, 340, true);
    expect(full.xaxis).toEqual({ ticklabeloverflow: 'allow', title: { text: 'step' } });
    expect(full.yaxis).toEqual({ type: 'log', ticklabeloverflow: 'hide past div' });
    expect(full.yaxis2).toEqual({ ticklabeloverflow: 'allow', overlaying: 'y' });
    // a layout that names no axis gets the two default ones
    const bare = plotLayout({}, 340, true);
    expect(bare.xaxis).toEqual({ ticklabeloverflow: 'allow' });
    expect(bare.yaxis).toEqual({ ticklabeloverflow: 'allow' });
  });

  it('adds no cartesian axis to a 3-D plot, and leaves its scene alone', () => {
    const scene = { xaxis: { title: { text: 'PC1' } } };
    const full = plotLayout({ scene }, 340, false);
    expect(full.xaxis).toBeUndefined();
    expect(full.yaxis).toBeUndefined();
    expect(full.scene).toEqual(scene);
  });

  it('does not change the spec layout it is given', () => {
    const layout = { xaxis: { title: { text: 'step' } } };
    plotLayout(layout, 340, true);
    expect(layout).toEqual({ xaxis: { title: { text: 'step' } } });
  });
});

describe('plotTraces', () => {
  it("gives every colour bar ticklabeloverflow 'allow' unless the spec chose, keeping its own settings", () => {
    const traces = plotTraces([
      { type: 'heatmap', z: [[1]], colorbar: { title: { text: 'w' } } },
      { type: 'contour', z: [[1]] },
      { type: 'surface', z: [[1]], colorbar: { ticklabeloverflow: 'hide past div' } },
      { type: 'scatter', x: [1], y: [1], marker: { color: [1], showscale: true } },
      { type: 'scatter', x: [1], y: [1], marker: { color: [1], colorbar: { len: 0.5 } } },
    ]);
    expect(traces[0].colorbar).toEqual({ ticklabeloverflow: 'allow', title: { text: 'w' } });
    expect(traces[1].colorbar).toEqual({ ticklabeloverflow: 'allow' });
    expect(traces[2].colorbar).toEqual({ ticklabeloverflow: 'hide past div' });
    expect((traces[3].marker as Record<string, unknown>).colorbar).toEqual({ ticklabeloverflow: 'allow' });
    expect((traces[4].marker as Record<string, unknown>).colorbar).toEqual({ ticklabeloverflow: 'allow', len: 0.5 });
  });

  it('leaves traces without a colour bar as they are', () => {
    const line = { type: 'scatter', mode: 'lines', x: [1, 2], y: [3, 4], marker: { color: 'red' } };
    const bars = { type: 'bar', x: ['a'], y: [1] };
    expect(plotTraces([structuredClone(line), structuredClone(bars)])).toEqual([line, bars]);
  });
});
