// Loads plotly.js on demand (a separate chunk), once.

export type PlotlyLike = {
  react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
  purge(el: HTMLElement): void;
  downloadImage(el: HTMLElement, o: { format: 'png' | 'svg'; filename: string; width?: number; height?: number }): Promise<unknown>;
  toImage(el: HTMLElement, o: { format: 'png' | 'svg'; width?: number; height?: number }): Promise<string>;
};

let plotly: Promise<PlotlyLike> | null = null;

export function loadPlotly(): Promise<PlotlyLike> {
  // A typing gap: the module ships no types, and whether Plotly is its default or its namespace is the bundler's interop.
  plotly ??= import('plotly.js-dist-min').then((m) => (m.default ?? m) as unknown as PlotlyLike);
  plotly.catch(() => (plotly = null));
  return plotly;
}
