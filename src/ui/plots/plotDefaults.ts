// The layout and config every plotly plot of the app starts from.

/** Every plot's layout before its spec's own (margins, fonts, legend below, width from its container). */
export const BASE_LAYOUT = {
  margin: { l: 60, r: 20, t: 10, b: 50 },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: '#ffffff',
  font: { family: 'system-ui, Liberation Sans, sans-serif', size: 13 },
  // plotly's legend where an image export turns it on (plotLayout turns it off on screen: the page draws its own)
  legend: { orientation: 'h', y: -0.2 },
  autosize: true,
};

/** A layout's cartesian axes: xaxis, yaxis, xaxis2, … */
const CARTESIAN_AXIS = /^[xy]axis\d*$/;

/**
 * A plot's full layout: BASE_LAYOUT, the height, then the spec's own layout. Every cartesian axis keeps the tick
 * labels that reach past the plot's edge (`ticklabeloverflow: 'allow'`, where the spec says nothing): plotly's
 * default hides them, and to find them it measures every tick label once per label drawn, about a fifth of a 2-D
 * draw's main-thread time here. The plot's margins keep labels inside it. plotly draws no legend on screen: the page
 * draws it (PlotLegend; `legend` stays for image exports, which turn plotly's on). A first draw with plotly's legend
 * measured each entry's text and laid the entries out: without it, a fresh draw of sampling's scores plot (6 entries)
 * took 33 ms instead of 45, compression's error-vs-size (8) 23 instead of 41 (medians of 5, plotly alone, cpu backend,
 * 2-core software-rendered machine). `cartesian`: every trace draws on
 * cartesian axes (then a layout that names none gets xaxis and yaxis); a 3-D or table plot gets no axis it lacks.
 */
export function plotLayout(layout: Record<string, unknown> | undefined, height: number, cartesian: boolean): Record<string, unknown> {
  const full: Record<string, unknown> = { ...BASE_LAYOUT, height, ...(layout ?? {}), showlegend: false };
  if (cartesian) for (const k of ['xaxis', 'yaxis']) full[k] ??= {};
  for (const [k, v] of Object.entries(full)) {
    if (CARTESIAN_AXIS.test(k) && v && typeof v === 'object') full[k] = { ticklabeloverflow: 'allow', ...(v as Record<string, unknown>) };
  }
  return full;
}

/** Trace types that draw a colour bar unless told not to (showscale: false). */
const COLORBAR_TRACES = new Set(['heatmap', 'contour', 'surface', 'mesh3d', 'histogram2d', 'histogram2dcontour']);

/** `colorbar` with ticklabeloverflow 'allow' unless it chose. */
const allowOverflow = (colorbar: unknown): Record<string, unknown> => ({ ticklabeloverflow: 'allow', ...(colorbar && typeof colorbar === 'object' ? colorbar : {}) });

/**
 * A plot's traces as drawn: each colour bar keeps the tick labels that reach past the plot's edge, as plotLayout's
 * axes do. A colour bar is an axis of its own, and plotly's default made it measure every tick label on every draw:
 * a 40×40 heatmap whose values changed redrew in 23–29 ms, 14–15 ms with this; its first draw 21–24 ms, 18–20 ms
 * (medians of 10, three passes, plotly alone on a 2-core software-rendered machine).
 * Changes the traces in place: give it copies (copyPlotlyInput).
 */
export function plotTraces(traces: Record<string, unknown>[]): Record<string, unknown>[] {
  for (const t of traces) {
    if (COLORBAR_TRACES.has(t.type as string) || 'colorbar' in t) t.colorbar = allowOverflow(t.colorbar);
    const marker = t.marker as Record<string, unknown> | undefined;
    if (marker && typeof marker === 'object' && ('colorbar' in marker || marker.showscale === true)) marker.colorbar = allowOverflow(marker.colorbar);
  }
  return traces;
}

/**
 * The config every plot is drawn with (the prepared 3-D scene too, so the plot that adopts it changes nothing
 * there). A 3-D scene's canvas renders at the screen's pixel ratio: plotly's default, 2, gives a 1× screen four
 * times its pixels, which a software GPU renders and reads back on the main thread in every frame that shows the
 * scene. Image exports keep plotly's own ratio (EXPORT_GL_PIXEL_RATIO).
 */
export function plotConfig(): Record<string, unknown> {
  const ratio = typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
  return { responsive: true, displaylogo: false, plotGlPixelRatio: Math.min(4, Math.max(1, ratio)) };
}

/** plotly's default WebGL pixel ratio, with which a 3-D plot is exported as an image, as before the screen's ratio was used. */
export const EXPORT_GL_PIXEL_RATIO = 2;
