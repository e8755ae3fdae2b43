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
