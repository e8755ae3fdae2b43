// The page's own User Timing marks (libraries and plotly loaded, run start, first plot drawn, run done) and plot-draw measures, read by the app bench.

import PERF_MARK_NAMES from './perfMarkNames.json';

/** Every mark the page sets; bench/appPageRun.mjs reads the same JSON, so the names have one source. */
export const PERF_MARKS: Readonly<typeof PERF_MARK_NAMES> = PERF_MARK_NAMES;

type MarkName = (typeof PERF_MARKS)[keyof typeof PERF_MARKS];

/** User Timing is missing in some test environments (Node), where marks do nothing. */
const perf = (): Performance | undefined => (typeof performance !== 'undefined' && typeof performance.mark === 'function' ? performance : undefined);

/** Sets a mark (not PERF_MARKS.plotDraw, the name of the plot-draw measures: measurePlotDraw). */
export function perfMark(name: MarkName): void {
  perf()?.mark(name);
}

let firstPlotPending = false;
/** A page left open with live knobs keeps at most this many plot-draw measures (a run starts with none). */
const MAX_PLOT_DRAW_MEASURES = 1000;

/**
 * A plot's draw took the main thread from `start` to `end` (performance.now()): a measure named PERF_MARKS.plotDraw
 * whose detail names the plot, so the app bench can say which plot a long task was, and says whether a run's
 * worker was waiting for the page while it drew (`runWaitsAt`: the step of the report it waited at, drawQueue's
 * runWaitsAt) or computing alongside (null).
 */
export function measurePlotDraw(plotId: string, start: number, end: number, runWaitsAt: number | null = null): void {
  const p = perf();
  if (!p || typeof p.measure !== 'function') return;
  if (p.getEntriesByName(PERF_MARKS.plotDraw).length >= MAX_PLOT_DRAW_MEASURES) p.clearMeasures(PERF_MARKS.plotDraw);
  p.measure(PERF_MARKS.plotDraw, { start, end, detail: { plot: plotId, runWaitsAt } });
}

/** A run starts: the previous run's marks and plot-draw measures go (a long session keeps one set, not one per run). */
export function markRunStart(): void {
  const p = perf();
  if (!p) return;
  for (const name of [PERF_MARKS.runStart, PERF_MARKS.firstPlot, PERF_MARKS.runDone]) p.clearMarks(name);
  p.clearMeasures(PERF_MARKS.plotDraw);
  p.mark(PERF_MARKS.runStart);
  firstPlotPending = true;
}

/** A plot finished drawing; only the first after a run starts is marked. */
export function markPlotDrawn(): void {
  if (!firstPlotPending) return;
  firstPlotPending = false;
  perfMark(PERF_MARKS.firstPlot);
}

/** The run's outcome reached the page. */
export function markRunDone(): void {
  perfMark(PERF_MARKS.runDone);
}
