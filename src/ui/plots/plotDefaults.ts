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

/** The config every plot is drawn with (the prepared 3-D scene too, so the plot that adopts it changes nothing there). */
export function plotConfig(): Record<string, unknown> {
  return { responsive: true, displaylogo: false };
}
