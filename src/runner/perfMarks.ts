// The page's own User Timing marks (plotly loaded, run start, first plot drawn, run done), read by the app bench.

import PERF_MARK_NAMES from './perfMarkNames.json';

/** Every mark the page sets; bench/appPageRun.mjs reads the same JSON, so the names have one source. */
export const PERF_MARKS: Readonly<typeof PERF_MARK_NAMES> = PERF_MARK_NAMES;

type MarkName = (typeof PERF_MARKS)[keyof typeof PERF_MARKS];

/** User Timing is missing in some test environments (Node), where marks do nothing. */
const perf = (): Performance | undefined => (typeof performance !== 'undefined' && typeof performance.mark === 'function' ? performance : undefined);

/** Sets a mark. */
export function perfMark(name: MarkName): void {
  perf()?.mark(name);
}

let firstPlotPending = false;

/** A run starts: the previous run's marks go (a long session keeps one set, not one per run). */
export function markRunStart(): void {
  const p = perf();
  if (!p) return;
  for (const name of [PERF_MARKS.runStart, PERF_MARKS.firstPlot, PERF_MARKS.runDone]) p.clearMarks(name);
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
