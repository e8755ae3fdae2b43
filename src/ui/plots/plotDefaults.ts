// The layout and config every plotly plot of the app starts from.

/** Every plot's layout before its spec's own (margins, fonts, legend below, width from its container). */
export const BASE_LAYOUT = {
  margin: { l: 60, r: 20, t: 10, b: 50 },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: '#ffffff',
  font: { family: 'system-ui, Liberation Sans, sans-serif', size: 13 },
  showlegend: true,
  legend: { orientation: 'h', y: -0.2 },
  autosize: true,
};

/**
 * The config every plot is drawn with. plotGlPixelRatio is the screen's pixel ratio: plotly's default, 2, renders a
 * 3-D scene's canvas at four times a 1× screen's pixels, for a GPU that may be a software one.
 */
export function plotConfig(): Record<string, unknown> {
  const ratio = typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
  return { responsive: true, displaylogo: false, plotGlPixelRatio: Math.min(4, Math.max(1, ratio)) };
}
