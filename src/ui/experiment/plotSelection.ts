// Which of a page's plots to show: all of them, the one `plot=<id>` names, or (embed mode) exactly one.
import type { PlotSpec } from '../../experiments/framework/types';

/** The plots to draw and, when the link named a plot the page does not draw, a notice that says so. */
export type PlotSelection = { shown: PlotSpec[]; notice: string | null };

/**
 * `plots` is everything the page draws now (empty before a run); `plotId` is the link's `plot=`.
 * An id the page does not draw is only known to be wrong once plots exist; then every plot is shown
 * (embed mode: the first), with a notice listing the ids that exist.
 */
export function selectPlots(plots: PlotSpec[], plotId: string | null, embed: boolean): PlotSelection {
  if (plots.length === 0) return { shown: [], notice: null };
  const fallback = embed ? plots.slice(0, 1) : plots;
  if (!plotId) return { shown: fallback, notice: null };
  const named = plots.find((p) => p.id === plotId);
  if (named) return { shown: [named], notice: null };
  const shownWord = embed ? `the first (“${plots[0].id}”) is shown` : 'all are shown';
  return {
    shown: fallback,
    notice: `This link asks for plot “${plotId}”, which this page does not draw; ${shownWord}. Its plots: ${plots.map((p) => p.id).join(', ')}.`,
  };
}
