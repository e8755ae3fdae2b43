// One plotly 3-D scene made ahead of need while the page is idle before Run, so a run's first 3-D draw only updates data in it.
import type { PlotSpec } from '../../experiments/framework/types';
import { PERF_MARKS, perfMark } from '../../runner/perfMarks';
import type { PlotlyLike } from './loadPlotly';
import { plotConfig, plotLayout } from './plotDefaults';
import { alongFrame, sceneFrameAnchor, sceneFrameLayout, type FrameAxis, type SceneFrame } from '../../experiments/framework/sceneFrame';

/** plotly's trace types that draw in a WebGL 3-D scene (gl3d). */
export const GL3D_TRACE_TYPES: ReadonlySet<string> = new Set(['scatter3d', 'surface', 'mesh3d', 'cone', 'streamtube', 'isosurface', 'volume']);

/** Whether a plot draws in a 3-D scene, and so can take the prepared one. */
export function drawsIn3dScene(spec: Pick<PlotSpec, 'data'>): boolean {
  return spec.data.some((t) => typeof t.type === 'string' && GL3D_TRACE_TYPES.has(t.type));
}

/**
 * A few points of each 3-D trace type the pages draw, in [0, 1]³ (warmTraces places them): the scene compiles their
 * WebGL programs now, not in the run.
 */
const WARM_TRACES = [
  { type: 'scatter3d', mode: 'markers', x: [0, 1], y: [0, 1], z: [0, 1], marker: { size: 3 } },
  // the marker symbols the pages use besides circles, each a glyph gl-scatter3d vectorizes on its first draw
  { type: 'scatter3d', mode: 'markers', x: [0.5, 0.75], y: [1, 0], z: [0.5, 1], marker: { size: 5, symbol: 'x', color: ['#1f77b4', '#ff7f0e'], line: { color: '#000000', width: 1 } } },
  { type: 'scatter3d', mode: 'markers', x: [0.75, 0.5], y: [0, 1], z: [1, 0.5], marker: { size: 3, symbol: 'square' } },
  { type: 'scatter3d', mode: 'markers', x: [0.75, 0.75], y: [0, 1], z: [1, 1], marker: { size: 3, symbol: 'diamond' } },
  { type: 'mesh3d', x: [0.5, 0.75, 0.5], y: [0, 0, 1], z: [0.5, 1, 1], i: [0], j: [1], k: [2], intensity: [0, 1, 1], showscale: false },
];
/**
 * Where the warm traces go without a frame: −2…2, 0…1 and −1…1, so the scene's axes turn the usual tick labels
 * (−2, −1.5, …, 0.2, 0.4, …) into WebGL glyphs now (each new label's glyph is triangulated on the main thread on
 * its first draw). In a page's frame the labels are the frame's own.
 */
const UNFRAMED_SPANS: SceneFrame = { x: { title: 'x', range: [-2, 2] }, y: { title: 'y', range: [0, 1] }, z: { title: 'z', range: [-1, 1] } };

/** The warm traces placed in the frame, and the frame's anchor after them; placed in UNFRAMED_SPANS without one. */
export function warmTraces(frame: SceneFrame | null): Record<string, unknown>[] {
  const box = frame ?? UNFRAMED_SPANS;
  const place = (axis: FrameAxis, values: number[]) => values.map((t) => alongFrame(axis, t));
  const traces: Record<string, unknown>[] = WARM_TRACES.map((trace) => {
    const copy = structuredClone(trace) as Record<string, unknown> & { x: number[]; y: number[]; z: number[] };
    return { ...copy, x: place(box.x, copy.x), y: place(box.y, copy.y), z: place(box.z, copy.z) };
  });
  return frame ? [...traces, sceneFrameAnchor(frame)] : traces;
}

/** The prepared scene's layout: a plot's (plotLayout) at the scene's height, in the frame where there is one. */
function warmLayout(frame: SceneFrame | null): Record<string, unknown> {
  return structuredClone(plotLayout(frame ? { scene: sceneFrameLayout(frame) } : undefined, SCENE_HEIGHT, false));
}

/** Tells frames apart: the prepared scene is drawn again when the page's frame changes. */
const frameKey = (frame: SceneFrame | null): string => JSON.stringify(frame);

/**
 * The traces with a `uid` each, where they have none: the trace's type and its place among the traces of that type
 * (`mesh3d-0`, `scatter3d-2`). plotly's 3-D scene keeps a WebGL object per uid and, when a new draw brings a trace of
 * the same uid and type, updates that object's buffers instead of making a new one (its shader programs looked up
 * again, each lookup a synchronous round trip to the GPU process). With these uids, a plot's first draw updates the
 * prepared scene's objects, and each later draw its own. Returns new trace objects; `data` is not changed.
 */
export function withSceneUids<T extends { type?: unknown; uid?: unknown }>(data: readonly T[]): (T & { uid: unknown })[] {
  const seen = new Map<string, number>();
  return data.map((trace) => {
    const type = typeof trace.type === 'string' ? trace.type : 'scatter';
    const k = seen.get(type) ?? 0;
    seen.set(type, k + 1);
    return { ...trace, uid: trace.uid ?? `${type}-${k}` };
  });
}

/** A plot's height (PlotlyPlot's default), and the width a scene takes where the page's plot width is unknown. */
const SCENE_HEIGHT = 340;
const FALLBACK_SCENE_WIDTH = 560;

/**
 * Off screen, at the size the page's plot will have: the plot that takes the scene then draws it at the size it was
 * made at. A scene taken at another size makes a new drawing buffer, which a software GPU renders and the page
 * reads back in that draw's frame: on this 2-core machine subspace-clustering's first 3-D draw and the frame after it
 * took a median 109 and 112 ms when the scene was made 560 px wide for a 747 px plot, 80 and 82 ms at 747 px (5 runs each).
 */
export function offscreenSceneStyle(width: number | null): string {
  return `position:fixed;left:-10000px;top:0;width:${Math.round(width ?? FALLBACK_SCENE_WIDTH)}px;height:${SCENE_HEIGHT}px;`;
}

type Hooks = {
  /** Makes the element plotly draws into (document.createElement in the page; a stub in unit tests). */
  createElement(): HTMLDivElement;
  /** Waits for the next frame: gl-plot3d draws the scene in its animation-frame loop. */
  nextFrame(): Promise<void>;
  /** The width of a plot's drawing area on this page now, or null when the page shows no place for plots. */
  plotAreaWidth(): number | null;
};

/**
 * Lays out, off screen, a plot grid like the page's (PlotGrid) at the width of the place where the page's plots will
 * go (the "no results yet" box before a first run), with one plot in it, and measures its drawing area: the grid's
 * columns and the plot's padding come from the stylesheet, not from numbers copied here.
 */
function measurePlotAreaWidth(): number | null {
  if (typeof document === 'undefined') return null;
  const place = document.querySelector('[data-testid="plots-empty"], [data-testid="plots"]');
  const width = place?.getBoundingClientRect().width ?? 0;
  if (width <= 0) return null;
  const grid = document.createElement('div');
  grid.className = 'plots';
  grid.setAttribute('aria-hidden', 'true');
  grid.style.cssText = `position:fixed;left:-10000px;top:0;margin:0;width:${width}px;`;
  const figure = grid.appendChild(document.createElement('figure'));
  figure.className = 'plot';
  const area = figure.appendChild(document.createElement('div'));
  area.className = 'plot-area';
  document.body.appendChild(grid);
  const areaWidth = area.getBoundingClientRect().width;
  grid.remove();
  return areaWidth > 0 ? areaWidth : null;
}

const pageHooks: Hooks = {
  createElement: () => document.createElement('div'),
  nextFrame: () => new Promise((resolve) => requestAnimationFrame(() => resolve())),
  plotAreaWidth: measurePlotAreaWidth,
};

/** The kept scene, the plotly instance that drew it, and the frame it was drawn in (null: none, or not known). */
let prepared: { node: HTMLDivElement; plotly: PlotlyLike; frame: string | null } | null = null;
let preparing: Promise<void> | null = null;
/** Whether a page with 3-D plots is open (want3dScenes): only then is a scene kept for later. */
let wanted = false;

/**
 * Forces the GPU to run every WebGL command the scene issued, now: a software GPU (SwiftShader) compiles its
 * shaders at the first draw, which would otherwise land in the page's first frame that shows the plot.
 */
function finishGpuWork(node: HTMLElement): void {
  for (const canvas of Array.from(node.querySelectorAll('canvas'))) {
    const gl = (canvas.getContext('webgl') ?? canvas.getContext('webgl2')) as WebGLRenderingContext | null;
    gl?.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  }
}

/**
 * Draws a small 3-D scene off screen and keeps it for the next 3-D plot (takePrepared3dScene): its WebGL
 * context, shader programs and first frame cost seconds on a software GPU, paid here while the page is idle.
 * `frame`: the box the page's 3-D plots draw in for its config now (ExperimentMeta.sceneFrame): the scene is drawn
 * in it, so the plot that takes the scene finds its axes' ticks, lines and labels built; a kept scene drawn in
 * another frame, or given back by a plot (recycle3dScene), is drawn again in this one. With no frame, any kept scene will do.
 * Does nothing while a scene is ready (in this frame) or being made; a failure only means the plot makes its own scene.
 * Marks scene-3d-start and scene-3d-ready for the app bench, which reports this cost on its own.
 */
export function prepare3dScene(plotly: PlotlyLike, frame: SceneFrame | null = null, hooks: Hooks = pageHooks): Promise<void> {
  if (preparing) return preparing;
  const key = frameKey(frame);
  if (!wanted || (prepared && prepared.plotly === plotly && (frame === null || prepared.frame === key))) return Promise.resolve();
  perfMark(PERF_MARKS.scene3dStart);
  let node: HTMLDivElement;
  if (prepared && prepared.plotly === plotly) {
    node = prepared.node;
  } else {
    dropKeptScene();
    node = hooks.createElement();
    node.setAttribute('aria-hidden', 'true');
    node.style.cssText = offscreenSceneStyle(hooks.plotAreaWidth());
    node.ownerDocument.body.appendChild(node);
  }
  prepared = null;
  const making = plotly
    .react(node, withSceneUids(warmTraces(frame)), warmLayout(frame), plotConfig())
    .then(() => hooks.nextFrame())
    .then(() => {
      if (!wanted || prepared) throw new Error('the page closed, or a plot gave its scene back, meanwhile');
      finishGpuWork(node);
      prepared = { node, plotly, frame: key };
    })
    .catch(() => {
      plotly.purge(node);
      node.remove();
    })
    .finally(() => {
      preparing = null;
      perfMark(PERF_MARKS.scene3dReady);
    });
  preparing = making;
  return making;
}

/**
 * The prepared scene's element, once, for a plot drawn by the same plotly instance, back in the page's flow
 * (the caller appends it where the plot goes and draws into it with react); null when none is ready.
 */
export function takePrepared3dScene(plotly: PlotlyLike): HTMLDivElement | null {
  if (!prepared || prepared.plotly !== plotly) return null;
  const { node } = prepared;
  prepared = null;
  node.removeAttribute('aria-hidden');
  node.style.cssText = '';
  node.remove();
  return node;
}

/**
 * A 3-D plot going away while its page stays open (a new run clears the plots) gives its scene back here, to be
 * taken by the next run's plot, instead of purging it. Returns false (the caller purges) when no 3-D page is
 * open or a scene is already kept.
 */
export function recycle3dScene(node: HTMLDivElement, plotly: PlotlyLike): boolean {
  if (!wanted || prepared) return false;
  node.setAttribute('aria-hidden', 'true');
  node.style.cssText = offscreenSceneStyle(measurePlotAreaWidth());
  node.ownerDocument.body.appendChild(node);
  prepared = { node, plotly, frame: null };
  return true;
}

/** Count of scenes kept now (0 or 1), for tests. */
export function kept3dScenes(): number {
  return prepared ? 1 : 0;
}

/**
 * A page with 3-D plots opens (true) or closes (false). Closing throws the kept scene away, freeing its WebGL
 * context, whichever of the page and its plots is torn down first.
 */
export function want3dScenes(on: boolean): void {
  wanted = on;
  if (!on) dropKeptScene();
}

/** Throws the kept scene away, freeing its WebGL context. */
function dropKeptScene(): void {
  if (!prepared) return;
  prepared.plotly.purge(prepared.node);
  prepared.node.remove();
  prepared = null;
}
