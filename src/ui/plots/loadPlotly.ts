// Loads plotly.js on demand, once per bundle: the cartesian bundle for 2-D plots, the full one (3-D, tables) only where a plot needs it.
import { PERF_MARKS, perfMark } from '../../runner/perfMarks';
import type { PlotSpec } from '../../experiments/framework/types';

/** A figure as plotly's image functions take it instead of a drawn element. */
export type PlotlyFigure = { data: unknown[]; layout: unknown; config: Record<string, unknown> };

export type PlotlyLike = {
  react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
  purge(el: HTMLElement): void;
  /** Saves a drawn plot, or a figure (plotly draws it off screen with its own config), as an image. */
  downloadImage(el: HTMLElement | PlotlyFigure, o: { format: 'png' | 'svg'; filename: string; width?: number; height?: number }): Promise<unknown>;
  toImage(el: HTMLElement, o: { format: 'png' | 'svg'; width?: number; height?: number }): Promise<string>;
  /** Redraws a plot at its container's current size. */
  Plots: { resize(el: HTMLElement): Promise<unknown> };
};

/** '2d': plotly's cartesian distribution (about a third of the full one, gzip); '3d': the full distribution. */
export type PlotlyBundle = '2d' | '3d';

/** The trace types plotly's cartesian distribution registers (its README); anything else needs the full bundle. */
export const CARTESIAN_TRACE_TYPES: ReadonlySet<string> = new Set([
  'scatter', 'bar', 'box', 'contour', 'heatmap', 'histogram', 'histogram2d', 'histogram2dcontour', 'image', 'pie', 'scatterternary', 'violin',
]);

/** The bundle that can draw every trace of `spec` (a trace without `type` is plotly's default, scatter). */
export function bundleFor(spec: Pick<PlotSpec, 'data'>): PlotlyBundle {
  return spec.data.every((t) => CARTESIAN_TRACE_TYPES.has(typeof t.type === 'string' ? t.type : 'scatter')) ? '2d' : '3d';
}

const loading: Partial<Record<PlotlyBundle, Promise<PlotlyLike>>> = {};
const loaded: Partial<Record<PlotlyBundle, PlotlyLike>> = {};

/** The bundle's instance once it has loaded, else null: a plot mounted after that draws in the render that mounts it. */
export function loadedPlotly(bundle: PlotlyBundle): PlotlyLike | null {
  return loaded[bundle] ?? null;
}

/**
 * Imports one bundle (a separate lazy chunk each), once; marks the start and end of its evaluation for the app bench.
 * The two bundles never share a plot: a plot is drawn and purged by the instance that bundleFor() chose.
 */
export function loadPlotly(bundle: PlotlyBundle = '2d'): Promise<PlotlyLike> {
  const existing = loading[bundle];
  if (existing) return existing;
  const is3d = bundle === '3d';
  perfMark(is3d ? PERF_MARKS.plotly3dLoadStart : PERF_MARKS.plotlyLoadStart);
  const p = (is3d ? import('plotly.js-dist-min') : import('plotly.js-cartesian-dist-min'))
    // A typing gap: the modules ship no types, and whether Plotly is its default or its namespace is the bundler's interop.
    .then((m) => (m.default ?? m) as unknown as PlotlyLike)
    .then((plotly) => {
      perfMark(is3d ? PERF_MARKS.plotly3dReady : PERF_MARKS.plotlyReady);
      loaded[bundle] = plotly;
      return plotly;
    });
  loading[bundle] = p;
  p.catch(() => delete loading[bundle]);
  return p;
}
