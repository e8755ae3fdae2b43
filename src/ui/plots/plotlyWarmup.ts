// Draws a few small figures off screen while the page is idle before Run, so plotly compiles its drawing code then and a run's first plots are short tasks.
import { PERF_MARKS, perfMark } from '../../runner/perfMarks';
import { bundleFor, type PlotlyBundle, type PlotlyLike } from './loadPlotly';
import { plotConfig, plotLayout, plotTraces } from './plotDefaults';
import { queueDraw } from './drawQueue';
import { whenIdle } from '../scheduling';

type Figure = { data: Record<string, unknown>[]; layout: Record<string, unknown> };

const steps = [1, 2, 3, 4, 5, 6, 7, 8];
/**
 * The first draws, each adding a little to the one before: plotly compiles its drawing code as it first runs it, and
 * the whole first figure below in one draw was a task of 85–115 ms on a 2-core software-rendered machine. Drawn
 * in steps (the plot's frame without axes, the axes, one line, two traces), no step took over about 65 ms. (plotly
 * draws no legend on screen: plotLayout turns it off and the page draws its own, PlotLegend.)
 */
const FIRST_STEPS: readonly Figure[] = [
  { data: [], layout: { showlegend: false, xaxis: { visible: false }, yaxis: { visible: false } } },
  { data: [], layout: { showlegend: false } },
  { data: [{ type: 'scatter', mode: 'lines', x: steps, y: steps }], layout: { showlegend: false } },
  { data: [{ type: 'scatter', mode: 'lines+markers', name: 'a', x: steps, y: steps }, { type: 'scatter', mode: 'markers', name: 'b', x: steps, y: steps }], layout: {} },
];
/** Lines on a log axis with axis titles and a hover template: the first half of LOG_FIGURE. */
const LOG_LINES: Figure = {
  data: [
    { type: 'scatter', mode: 'lines+markers', name: 'a', x: steps, y: steps.map((s) => 1 / s), hovertemplate: '%{x}: %{y:.3g}<extra></extra>' },
    { type: 'scatter', mode: 'lines', name: 'b', x: steps, y: steps.map((s) => 2 / s), line: { dash: 'dot' } },
  ],
  layout: { xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'value' }, type: 'log' } },
};
/** LOG_LINES with coloured markers (a colour scale), a shape and an annotation. */
const LOG_FIGURE: Figure = {
  data: [...LOG_LINES.data, { type: 'scatter', mode: 'markers', name: 'c', x: steps, y: steps.map((s) => 1 / (s * s)), marker: { size: 6, color: steps, colorscale: 'Viridis' } }],
  layout: {
    ...LOG_LINES.layout,
    shapes: [{ type: 'line', x0: 0, x1: 1, xref: 'paper', y0: 0.5, y1: 0.5, line: { dash: 'dash' } }],
    annotations: [{ x: 4, y: Math.log10(0.25), text: 'note', showarrow: false }],
  },
};
const HEATMAP_AXES = { xaxis: { title: { text: 'j' } }, yaxis: { title: { text: 'i' }, autorange: 'reversed' } };
/** A heatmap with its colour bar: the first half of HEATMAP_FIGURE. */
const HEATMAP_ALONE: Figure = {
  data: [{ type: 'heatmap', z: [[1, 0.5, 0], [0.5, 1, 0.5], [0, 0.5, 1]], colorscale: 'RdBu', zmid: 0.5, colorbar: { title: { text: 'z' } } }],
  layout: HEATMAP_AXES,
};
/** HEATMAP_ALONE with contour lines over it. */
const HEATMAP_FIGURE: Figure = {
  data: [...HEATMAP_ALONE.data, { type: 'contour', z: [[0, 1, 0], [1, 2, 1], [0, 1, 0]], showscale: false, contours: { coloring: 'lines' } }],
  layout: HEATMAP_AXES,
};

/**
 * What the pages' plots are made of, a few points each: lines and markers, a log axis, shapes and an
 * annotation; a heatmap with its colour bar and contour lines; grouped bars on categories with a second y-axis and error bars; filled
 * bands. A first draw of each kind runs code plotly has not run yet (on this 2-core software-rendered machine a
 * page's first plot took 80 ms, the next ones about 20). The log-axis and heatmap figures are each drawn in two
 * steps (their first traces, then the rest): whole, they were the longest warm-up draws, 50–77 ms on the cpu
 * backend's pages and up to 146 ms on a slow app-bench pass.
 */
export const WARMUP_FIGURES: readonly Figure[] = [
  ...FIRST_STEPS,
  LOG_LINES,
  LOG_FIGURE,
  HEATMAP_ALONE,
  HEATMAP_FIGURE,
  {
    data: [
      { type: 'bar', name: 'p', x: ['a', 'b', 'c'], y: [3, 1, 2], error_y: { type: 'data', array: [0.2, 0.1, 0.3] } },
      { type: 'bar', name: 'q', x: ['a', 'b', 'c'], y: [2, 2, 1] },
      { type: 'scatter', mode: 'lines', name: 'r', x: ['a', 'b', 'c'], y: [0.1, 0.3, 0.2], yaxis: 'y2' },
      { type: 'scatter', mode: 'lines', name: 'band', x: ['a', 'b', 'c'], y: [1, 1.5, 1.2], fill: 'tozeroy', showlegend: false },
    ],
    layout: { barmode: 'group', xaxis: { type: 'category' }, yaxis2: { overlaying: 'y', side: 'right', range: [0, 1] } },
  },
];

/** A table (the full bundle draws it; subspace-clustering's scores): its first draw, at the end of a run, was the longest. */
const TABLE_FIGURE: Figure = {
  data: [{ type: 'table', header: { values: ['method', 'score'], align: 'left', fill: { color: '#e8e8e8' } }, cells: { values: [['a', 'b'], ['0.91', '0.42']], align: 'left' } }],
  layout: {},
};

/** What a bundle's instance draws to warm up: the full bundle also draws the trace types only it has (tables). */
export function warmupFigures(bundle: PlotlyBundle): readonly Figure[] {
  return bundle === '3d' ? [...WARMUP_FIGURES, TABLE_FIGURE] : WARMUP_FIGURES;
}

/** Off screen, at a plot's usual size (the draws measure text and lay out axes as a real plot would). */
const OFFSCREEN_STYLE = 'position:fixed;left:-10000px;top:0;width:560px;height:340px;';

export type WarmupHooks = {
  /** Makes the element a figure is drawn into (document.createElement in the page; a stub in unit tests). */
  createElement(): HTMLDivElement;
  /** Runs `fn` when the main thread is next idle; returns the cancel. */
  whenIdle(fn: () => void): () => void;
  /** Takes its turn among the page's plot draws (drawQueue), one per task. */
  queue<T>(draw: () => Promise<T>): Promise<T>;
};

const pageHooks: WarmupHooks = {
  createElement: () => document.createElement('div'),
  whenIdle: (fn) => whenIdle(fn, 4000),
  queue: queueDraw,
};

/** How many of its warm-up figures each plotly instance has drawn (a warm-up cut short by a run resumes later). */
const figuresDrawn = new WeakMap<PlotlyLike, number>();
const markedDone = new WeakSet<PlotlyLike>();

/** Whether `plotly` has drawn every warm-up figure. */
export function plotlyWarmedUp(plotly: PlotlyLike, bundle: PlotlyBundle): boolean {
  return (figuresDrawn.get(plotly) ?? 0) >= warmupFigures(bundle).length;
}

/**
 * Draws the warm-up figures of `bundle` (warmupFigures) with `plotly`, its instance, each in its own idle moment and its own task, in a fresh off-screen element
 * that is purged and removed right after. Each draw is bracketed by the marks plotly-warmup-start and
 * plotly-warmup-end, with which the app bench reports the longest warm-up draw in a column of its own (it also counts them with the opening);
 * plotly-warmed-up marks the last.
 * Stops at the next figure once `signal` aborts (a run started: its own draws warm plotly up); a later call
 * goes on where it stopped. A figure that fails to draw is skipped: the warm-up only ever saves time.
 * @returns when the warm-up is over (done, or stopped)
 */
export function warmUpPlotly(plotly: PlotlyLike, bundle: PlotlyBundle, signal: AbortSignal, hooks: WarmupHooks = pageHooks): Promise<void> {
  const figures = warmupFigures(bundle);
  return new Promise<void>((resolve) => {
    let cancelIdle: (() => void) | null = null;
    const stop = () => {
      cancelIdle?.();
      resolve();
    };
    signal.addEventListener('abort', stop, { once: true });
    const next = () => {
      const index = figuresDrawn.get(plotly) ?? 0;
      if (signal.aborted || index >= figures.length) {
        if (index >= figures.length && !markedDone.has(plotly)) {
          markedDone.add(plotly);
          perfMark(PERF_MARKS.plotlyWarmedUp);
        }
        signal.removeEventListener('abort', stop);
        resolve();
        return;
      }
      cancelIdle = hooks.whenIdle(() => {
        cancelIdle = null;
        if (signal.aborted) return;
        void hooks
          .queue(() => drawFigure(plotly, figures[index], hooks))
          .finally(() => {
            figuresDrawn.set(plotly, Math.max(index + 1, figuresDrawn.get(plotly) ?? 0));
            next();
          });
      });
    };
    next();
  });
}

/** One figure drawn off screen and thrown away; a failure is swallowed (the real plots will report their own). */
function drawFigure(plotly: PlotlyLike, figure: Figure, hooks: WarmupHooks): Promise<void> {
  const node = hooks.createElement();
  node.setAttribute('aria-hidden', 'true');
  node.dataset.plotlyWarmup = 'true';
  node.style.cssText = OFFSCREEN_STYLE;
  node.ownerDocument.body.appendChild(node);
  perfMark(PERF_MARKS.plotlyWarmupStart);
  let drawing: Promise<unknown>;
  try {
    drawing = plotly.react(node, plotTraces(structuredClone(figure.data) as Record<string, unknown>[]), plotLayout(structuredClone(figure.layout), 340, bundleFor(figure) === '2d'), plotConfig());
  } catch (e) {
    drawing = Promise.reject(e);
  }
  return drawing.then(
    () => undefined,
    () => undefined,
  ).finally(() => {
    // after the draw's promise: any part plotly runs later still falls inside the marked span
    perfMark(PERF_MARKS.plotlyWarmupEnd);
    try {
      plotly.purge(node);
    } finally {
      node.remove();
    }
  });
}
