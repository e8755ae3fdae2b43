// A fixed box for a page's 3-D plots: the same axis ranges, ticks and titles on every draw, so plotly builds its 3-D axes once.

/** One axis of the box: its title and the values it spans. */
export type FrameAxis = { title: string; range: readonly [number, number] };

/**
 * The box a page's 3-D plots draw in (ExperimentMeta.sceneFrame), the same for every draw of a config.
 *
 * Why: plotly's 3-D scene scales each axis by 1 / (the extent of the traces' data) and places the ticks at
 * value × scale; whenever a tick moves or its label changes, its axes (gl-axes3d) throw their line mesh away and
 * link a new WebGL program for the new one. On a software GPU the frame that first draws a new program waits for
 * it: 120–315 ms on the app bench's 2-core machine, in the first 3-D draw of each run (the prepared scene's ticks
 * came from other data). In a frame, the axes' ranges and ticks are fixed, and an invisible two-point trace at the
 * box's opposite corners (sceneFrameAnchor) makes the data's extent the box itself, so the ticks are the same on
 * every draw, in the scene prepared before Run too (src/ui/plots/prepared3dScene.ts).
 * Data drawn in a frame must lie inside it; points outside would widen the extent and move the ticks again.
 */
export type SceneFrame = { x: FrameAxis; y: FrameAxis; z: FrameAxis };

/** The anchor trace's uid: the prepared scene and every plot in the frame share its WebGL object. */
export const SCENE_FRAME_ANCHOR_UID = 'scene-frame';

/**
 * Evenly spaced round values from lo to hi: the smallest step of 1, 2, 2.5 or 5 × 10^k that gives at most six
 * (three at least, for any range), both ends included where they are multiples of the step; [lo, lo] gives [lo].
 */
export function frameTicks(lo: number, hi: number): number[] {
  if (!(hi > lo)) return [lo];
  const count = (step: number) => Math.floor(hi / step + 1e-9) - Math.ceil(lo / step - 1e-9) + 1;
  let power = 10 ** Math.floor(Math.log10((hi - lo) / 10));
  let step = power;
  for (let m = 0; count(step) > 6; m++) {
    if (m % 4 === 0 && m > 0) power *= 10;
    step = [1, 2, 2.5, 5][m % 4] * power;
  }
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** A plot's `layout.scene` for the frame: cubic aspect, fixed ranges, fixed ticks, the axes' titles. */
export function sceneFrameLayout(frame: SceneFrame): Record<string, unknown> {
  const axis = ({ title, range }: FrameAxis) => ({ title: { text: title }, range: [...range], autorange: false, tickmode: 'array', tickvals: frameTicks(range[0], range[1]) });
  return { aspectmode: 'cube', xaxis: axis(frame.x), yaxis: axis(frame.y), zaxis: axis(frame.z) };
}

/** The anchor's marker size: too small to see (plotly's 3-D scatter draws a size-0 marker as a dot at the scene's centre). */
const ANCHOR_MARKER_SIZE = 0.001;

/**
 * Two points at the frame's opposite corners, drawn too small to see and skipped by hover and the legend: with them
 * the traces' data extent is exactly the frame's. Goes last among a plot's traces.
 */
export function sceneFrameAnchor(frame: SceneFrame): Record<string, unknown> {
  return {
    type: 'scatter3d', mode: 'markers', uid: SCENE_FRAME_ANCHOR_UID, name: 'frame', showlegend: false, hoverinfo: 'skip',
    x: [...frame.x.range], y: [...frame.y.range], z: [...frame.z.range], marker: { size: ANCHOR_MARKER_SIZE, color: '#000000' },
  };
}

/** Maps a value from [0, 1] onto an axis of the frame. */
export function alongFrame(axis: FrameAxis, t: number): number {
  return axis.range[0] + t * (axis.range[1] - axis.range[0]);
}
