// Renders one PlotSpec with plotly.js, loaded lazily on first use so the first paint stays fast; PNG/SVG download.
import { memo, useEffect, useRef, useState } from 'react';
import type { PlotSpec } from '../../experiments/framework/types';
import { bundleFor, loadedPlotly, loadPlotly, type PlotlyBundle, type PlotlyLike } from './loadPlotly';
import { useContainerResize } from './useContainerResize';
import { markPlotDrawn, measurePlotDraw } from '../../runner/perfMarks';
import { drawsIn3dScene, recycle3dScene, takePrepared3dScene, withSceneUids } from './prepared3dScene';
import { EXPORT_GL_PIXEL_RATIO, plotConfig, plotLayout, plotTraces } from './plotDefaults';
import { queueDraw, runWaitsAt } from './drawQueue';
import { copyPlotlyInput } from './plotlyInputCopy';
import { isolated, legendEntries, legendPlacement, legendWanted, toggled, withLegendChoices, type LegendEntry, type ResolvedTrace } from './plotLegend';
import { PlotLegend } from './PlotLegend';

/**
 * A plot redraws at most this often while its data keeps changing (a run streams a batch every 250 ms): each plotly
 * draw is a main-thread task, and several plots redrawn on every batch would keep the page from answering input.
 * A plot whose draws are slow waits longer (REDRAW_COST_FACTOR times its last draw), so no plot holds the main thread
 * more than about a quarter of the time. The first draw and a draw after a quiet spell are immediate; the last spec is always drawn.
 */
export const MIN_REDRAW_MS = 750;
/**
 * A 3-D plot waits longer: besides its draw's own task, each frame that shows a changed WebGL scene costs the page a
 * synchronous GPU readback (the whole scene rendered, on a software GPU), which the draw's own timing does not see.
 */
export const MIN_REDRAW_3D_MS = 2000;
const REDRAW_COST_FACTOR = 3;
/** …but never longer than this, since a first draw also pays plotly's one-time setup. */
const MAX_REDRAW_GAP_MS = 3000;

/**
 * The element plotly draws the plot into, made on the first draw inside the plot's area: the prepared 3-D scene when
 * `scenePlotly` (the instance that draws a 3-D plot) has one ready, else a new element.
 */
function graphIn(area: HTMLDivElement, graph: { current: HTMLDivElement | null }, scenePlotly: PlotlyLike | null): HTMLDivElement {
  if (graph.current) return graph.current;
  const prepared = scenePlotly ? takePrepared3dScene(scenePlotly) : null;
  const node = prepared ?? document.createElement('div');
  node.classList.add('plot-graph');
  if (scenePlotly) node.dataset.scene3d = 'true';
  if (prepared) node.dataset.preparedScene = 'true';
  area.appendChild(node);
  graph.current = node;
  return node;
}

/** A file name from the page and plot ids (letters, digits, dashes only). */
function imageName(prefix: string, id: string): string {
  return `${prefix}-${id}`.replace(/[^a-zA-Z0-9_-]+/g, '-').slice(0, 80);
}

/**
 * One plot. `bundle` is the plotly bundle that draws it (see bundleFor); the plot redraws only when `spec` is a new
 * object, so the caller keeps an unchanged plot's spec identical (stablePlots) and a progress batch redraws only what changed.
 * `throttle` (while a run streams) spaces its redraws (MIN_REDRAW_MS); once the run ends the last spec draws at once.
 */
export const PlotlyPlot = memo(function PlotlyPlot({ spec, bundle = '2d', height = 340, filePrefix = 'plot', throttle = false }: { spec: PlotSpec; bundle?: PlotlyBundle; height?: number; filePrefix?: string; throttle?: boolean }) {
  // the plot's area, and inside it the element plotly draws into (graphIn): a 3-D plot adopts a scene made while the page was idle
  const el = useRef<HTMLDivElement>(null);
  const graph = useRef<HTMLDivElement | null>(null);
  const [plotly, setPlotly] = useState<PlotlyLike | null>(() => loadedPlotly(bundle));
  const [error, setError] = useState<string | null>(null);
  // the spec plotly drew last: data-rendered is true once that is the current spec (tests and screenshots wait for it)
  const [drawnSpec, setDrawnSpec] = useState<PlotSpec | null>(null);
  const drawn = drawnSpec === spec;
  const lastDrawEnd = useRef(-Infinity);
  const lastDrawCost = useRef(0);
  const drawnRef = useRef<{ spec: PlotSpec; height: number; plotly: PlotlyLike; shown: Record<string, boolean> } | null>(null);
  // the legend, drawn by the page (PlotLegend): its entries as plotly resolved the traces, and the reader's choices
  const [legend, setLegend] = useState<LegendEntry[]>([]);
  /** The entries of the legend shown, as JSON: a draw that resolves the same entries keeps them (no re-render). */
  const legendJson = useRef('[]');
  const [shown, setShown] = useState<Record<string, boolean>>({});
  const choicesBeforeClick = useRef<Record<string, boolean>>({});

  useEffect(() => {
    const ready = loadedPlotly(bundle);
    if (ready) {
      setPlotly(() => ready);
      return;
    }
    let alive = true;
    loadPlotly(bundle).then(
      (p) => alive && setPlotly(() => p),
      (e: Error) => alive && setError(`The plotting library failed to load: ${e.message}`),
    );
    return () => {
      alive = false;
    };
  }, [bundle]);

  useEffect(() => {
    if (!plotly || !el.current) return;
    // the run ending (throttle off) must not redraw a plot that already shows its last spec
    const last = drawnRef.current;
    if (last && last.spec === spec && last.height === height && last.plotly === plotly && last.shown === shown) return;
    let alive = true;
    const layout = plotLayout(spec.layout, height, bundleFor(spec) === '2d');
    const area = el.current;
    const draw = () =>
      queueDraw(() => {
        if (!alive || !area.isConnected) return Promise.resolve(false);
        const started = performance.now();
        const waitedAt = runWaitsAt();
        // autosize: an adopted scene, laid out off screen, takes the area's width on this draw
        const in3d = drawsIn3dScene(spec) && bundle === '3d';
        const node = graphIn(area, graph, in3d ? plotly : null);
        // plotly writes into the traces and layout it is given (uids, autoranges): it gets copies, so the spec stays
        // as built and the next batch's spec can be compared with it (stablePlots); a 3-D scene's traces get stable
        // uids, so a draw updates the scene's WebGL objects rather than making new ones (withSceneUids)
        const data = plotTraces(withLegendChoices(copyPlotlyInput(spec.data), shown));
        const drawing = plotly.react(node, in3d ? withSceneUids(data) : data, copyPlotlyInput(layout), plotConfig());
        const resolved = (node as unknown as { _fullData?: ResolvedTrace[] })._fullData ?? [];
        const entries = legendEntries(resolved, spec.data, legendWanted(spec.layout));
        const json = JSON.stringify(entries);
        if (json !== legendJson.current) {
          legendJson.current = json;
          setLegend(entries);
        }
        // the synchronous part is the main-thread task this draw costs
        const ended = performance.now();
        lastDrawCost.current = ended - started;
        measurePlotDraw(spec.id, started, ended, waitedAt);
        return drawing.then(() => true);
      }).then(
        (drewIt) => {
          if (!drewIt) return;
          lastDrawEnd.current = performance.now();
          if (!alive) return;
          drawnRef.current = { spec, height, plotly, shown };
          markPlotDrawn();
          setDrawnSpec(spec);
        },
        (e: Error) => alive && setError(`The plot could not be drawn: ${e.message}`),
      );
    const minGap = drawsIn3dScene(spec) ? MIN_REDRAW_3D_MS : MIN_REDRAW_MS;
    // a reader's legend choice draws at the plot's next turn, not after the run's redraw spacing
    const choiceChanged = last !== null && last.shown !== shown;
    const gap = throttle && !choiceChanged ? Math.min(MAX_REDRAW_GAP_MS, Math.max(minGap, REDRAW_COST_FACTOR * lastDrawCost.current)) : 0;
    const wait = lastDrawEnd.current + gap - performance.now();
    // a draw due now is queued in this commit, so a run's acknowledgement that waits for the render sees it (drawQueue)
    if (wait <= 0) void draw();
    const timer = wait > 0 ? setTimeout(draw, wait) : undefined;
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [plotly, spec, height, throttle, bundle, shown]);

  useEffect(
    () => () => {
      const node = graph.current;
      graph.current = null;
      if (!node || !plotly) return;
      // a 3-D scene is kept for the page's next run rather than made again (a WebGL context and its programs)
      if (node.dataset.scene3d === 'true' && recycle3dScene(node, plotly)) return;
      plotly.purge(node);
      node.remove();
    },
    [plotly],
  );

  useContainerResize(graph, plotly, drawn);

  const placement = legendPlacement(spec.layout);
  const legendView = (
    <PlotLegend
      entries={legend}
      shown={shown}
      title={spec.title}
      onToggle={(key) =>
        setShown((choices) => {
          // a double click's isolate starts from the choices before its first click (which toggled)
          choicesBeforeClick.current = choices;
          return toggled(legend, choices, key);
        })
      }
      onIsolate={(key) => setShown(isolated(legend, choicesBeforeClick.current, key))}
    />
  );
  const areaHeight = typeof spec.layout?.height === 'number' ? spec.layout.height : height;
  const download = (format: 'png' | 'svg') => {
    const node = graph.current;
    if (!plotly || !node) return;
    const width = Math.max(320, node.clientWidth);
    // a 3-D plot's image is drawn from its figure at plotly's own WebGL pixel ratio, not the screen's (plotConfig)
    // the image is drawn from the plot's figure, with plotly's own legend (the page draws the legend on screen)
    const drawnFigure = node as unknown as { data?: unknown[]; layout?: Record<string, unknown> };
    const in3d = node.dataset.scene3d === 'true';
    const config = in3d ? { ...plotConfig(), plotGlPixelRatio: EXPORT_GL_PIXEL_RATIO } : plotConfig();
    const source = drawnFigure.data ? { data: drawnFigure.data, layout: { ...drawnFigure.layout, showlegend: legendWanted(spec.layout) }, config } : node;
    plotly.downloadImage(source, { format, filename: imageName(filePrefix, spec.id), width, height }).catch((e: Error) => setError(`The image could not be saved: ${e.message}`));
  };

  return (
    <figure className="plot" data-testid={`plot-${spec.id}`} data-rendered={drawn ? 'true' : 'false'}>
      <figcaption className="plot-head">
        <span className="plot-title">{spec.title}</span>
        <span className="plot-export">
          <button type="button" className="secondary small" disabled={!drawnSpec} onClick={() => download('png')} aria-label={`Download “${spec.title}” as PNG`} data-testid={`export-png-${spec.id}`}>
            PNG
          </button>
          <button type="button" className="secondary small" disabled={!drawnSpec} onClick={() => download('svg')} aria-label={`Download “${spec.title}” as SVG`} data-testid={`export-svg-${spec.id}`}>
            SVG
          </button>
        </span>
      </figcaption>
      {/* a fixed height lets the area contain its layout (app.css), so plotly's measurements lay out only this plot, not the page */}
      {placement === 'above' && legendView}
      {error ? <p role="alert">{error}</p> : <div ref={el} className="plot-area" style={{ height: areaHeight }} />}
      {placement === 'below' && legendView}
      {spec.caption && <p className="plot-caption">{spec.caption}</p>}
    </figure>
  );
});
