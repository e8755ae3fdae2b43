// Redraws a plotly plot at its container's new width when the container changes without a window resize (a side panel, a scrollbar).
import { useEffect, type RefObject } from 'react';
import type { PlotlyLike } from './loadPlotly';

/**
 * plotly's `responsive` option follows window resizes only; this follows the plot's own element.
 * `drawn` gates it: resizing a plot plotly has not drawn yet would throw.
 */
export function useContainerResize(el: RefObject<HTMLDivElement | null>, plotly: PlotlyLike | null, drawn: boolean): void {
  useEffect(() => {
    const node = el.current;
    if (!node || !plotly || !drawn) return;
    let width = node.clientWidth;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      if (node.clientWidth === width) return;
      width = node.clientWidth;
      // one resize per frame, whatever the number of observations
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (node.isConnected) void plotly.Plots.resize(node).catch(() => undefined);
      });
    });
    observer.observe(node);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [el, plotly, drawn]);
}
