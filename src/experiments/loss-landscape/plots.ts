// The loss-landscape page's plots: training curves, λ_max over training, 1-D slices, PCA-plane contours, a surface.
import type { PlotSpec, Progress } from '../framework/types';
import type { LossLandscapeConfig } from './schema';
import { sceneFrameAnchor, sceneFrameLayout, type SceneFrame } from '../framework/sceneFrame';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const grid = (v: unknown): number[][] => (Array.isArray(v) ? (v as number[][]) : []);

const RUN_STYLE = {
  sgd: { name: 'SGD', color: '#1f3a5f' },
  saf: { name: 'SAF', color: '#c05621' },
} as const;
type RunId = keyof typeof RUN_STYLE;

/** Li et al. clip the loss at 10 in their surface plots so a blow-up far from θ⋆ does not flatten the picture. */
const SURFACE_CLIP = 10;

function pcaContour(id: RunId, m: Record<string, unknown>): PlotSpec | null {
  const z = grid(m[`pca2d_${id}`]);
  if (!z.length) return null;
  const style = RUN_STYLE[id];
  const explained = arr(m[`pca_explained_${id}`]);
  const pct = (v: number | undefined) => `${(100 * (v ?? 0)).toFixed(1)}%`;
  const tx = arr(m[`traj_x_${id}`]);
  const ty = arr(m[`traj_y_${id}`]);
  return {
    id: `pca-${id}`,
    title: `${style.name}: loss in the PCA plane of its trajectory`,
    data: [
      {
        type: 'contour', x: arr(m[`pca_xs_${id}`]), y: arr(m[`pca_ys_${id}`]), z: z.map((row) => row.map((v) => Math.log10(Math.max(v, 1e-8)))),
        colorscale: 'Viridis', ncontours: 24, colorbar: { title: { text: 'log₁₀ loss' } }, name: 'log₁₀ loss',
      },
      {
        type: 'scatter', mode: 'lines+markers', x: tx, y: ty, name: 'trajectory (one point per epoch)',
        line: { color: '#ffffff', width: 2 }, marker: { color: tx.map((_, i) => i), colorscale: 'Reds', size: 6, line: { color: '#222', width: 1 } },
      },
      { type: 'scatter', mode: 'markers', x: [0], y: [0], name: 'θ⋆ (end)', marker: { symbol: 'star', size: 14, color: '#f2c94c', line: { color: '#222', width: 1 } } },
    ],
    layout: {
      xaxis: { title: { text: `1st PCA direction (${pct(explained[0])} of the path's variance)` } },
      yaxis: { title: { text: `2nd PCA direction (${pct(explained[1])})` } },
    },
    caption: 'Li et al.’s trajectory plot: the weights after every epoch, projected onto the top two principal directions of θ_t − θ_final, drawn over the loss on that plane.',
  };
}

/**
 * The surface's box: α and β over the grid (±range), the loss from 0 to the clip, the z range of Li et al.'s
 * surface plots; a config's every surface draws in the same box (sceneFrame.ts).
 */
export function surfaceFrame(config: Pick<LossLandscapeConfig, 'range'>): SceneFrame {
  return { x: { title: 'α', range: [-config.range, config.range] }, y: { title: 'β', range: [-config.range, config.range] }, z: { title: 'loss', range: [0, SURFACE_CLIP] } };
}

/**
 * The loss on the grid as a mesh of exactly its points (two triangles per cell), colored by height. plotly's
 * `surface` trace would resample a small grid to about 128 points a side (interpolated values the page never
 * computed), and each frame of that mesh costs a software GPU over 100 ms.
 * @param axis the grid's coordinates along both directions, length n
 * @param z z[row][col] the loss at (α = axis[col], β = axis[row]), n×n
 */
export function gridSurface(axis: number[], z: number[][]): Record<string, unknown> {
  const x: number[] = [], y: number[] = [], height: number[] = [], i: number[] = [], j: number[] = [], k: number[] = [];
  const n = axis.length;
  for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) x.push(axis[col]), y.push(axis[row]), height.push(z[row][col]);
  for (let row = 0; row + 1 < n; row++) {
    for (let col = 0; col + 1 < n; col++) {
      const a = row * n + col;
      i.push(a, a), j.push(a + 1, a + n + 1), k.push(a + n + 1, a + n);
    }
  }
  return {
    type: 'mesh3d', x, y, z: height, i, j, k, intensity: height, colorscale: 'Viridis', showscale: false, name: 'loss',
    hovertemplate: 'α %{x:.3f}, β %{y:.3f}: loss %{z:.4f}<extra></extra>',
  };
}

export function lossLandscapePlots(history: Progress[], config: LossLandscapeConfig): PlotSpec[] {
  const m = history[history.length - 1]?.metrics ?? {};
  const plots: PlotSpec[] = [];
  const epochs = arr(m.epoch);
  const runs = (['sgd', 'saf'] as RunId[]).filter((id) => arr(m[`loss_${id}`]).length);
  if (runs.length) {
    plots.push({
      id: 'loss-curves',
      title: 'Training curves',
      data: runs.flatMap((id) => [
        { type: 'scatter', mode: 'lines', x: epochs, y: arr(m[`loss_${id}`]), name: `${RUN_STYLE[id].name} train loss`, line: { color: RUN_STYLE[id].color } },
        { type: 'scatter', mode: 'lines', x: epochs, y: arr(m[`test_loss_${id}`]), name: `${RUN_STYLE[id].name} test loss`, line: { color: RUN_STYLE[id].color, dash: 'dot' } },
      ]),
      layout: { xaxis: { title: { text: 'epoch' } }, yaxis: { title: { text: 'cross-entropy' }, type: 'log' } },
      caption: `Same start, same batches; SAF adds λ·τ²·KL to the outputs of ${config.safLag} epochs earlier after epoch ${config.safStart}.`,
    });
    plots.push({
      id: 'sharpness',
      title: 'Sharpness λ_max of the Hessian during training',
      data: runs.map((id) => ({
        type: 'scatter', mode: 'lines+markers', x: arr(m[`lambda_epochs_${id}`]), y: arr(m[`lambda_${id}`]), name: RUN_STYLE[id].name, line: { color: RUN_STYLE[id].color },
      })),
      layout: { xaxis: { title: { text: 'epoch' } }, yaxis: { title: { text: 'λ_max (power iteration on Hv)' } } },
      caption: `Largest Hessian eigenvalue of the training loss on ${config.hessianSamples} fixed samples: ${config.powerIters} exact Hessian-vector products per point, warm-started.`,
    });
  }
  const alpha = arr(m.slice_alpha);
  const sliced = (['sgd', 'saf'] as RunId[]).filter((id) => arr(m[`slice1d_${id}`]).length);
  if (sliced.length) {
    plots.push({
      id: 'slice-1d',
      title: sliced.every((id) => num(m[`slice_rise_${id}`]) !== undefined)
        ? `1-D slices: mean rise above the floor ${sliced.map((id) => `${RUN_STYLE[id].name} ${num(m[`slice_rise_${id}`])!.toFixed(3)}`).join(', ')}`
        : '1-D slice along a filter-normalized random direction',
      data: sliced.map((id) => ({ type: 'scatter', mode: 'lines', x: alpha, y: arr(m[`slice1d_${id}`]), name: RUN_STYLE[id].name, line: { color: RUN_STYLE[id].color } })),
      layout: { xaxis: { title: { text: 'α  (θ⋆ + α·δ)' } }, yaxis: { title: { text: 'training loss' }, type: 'log' } },
      caption: 'δ has the same Gaussian draw for both runs, each row rescaled to the norm of the matching row of that run’s weights (biases 0), so widths compare fairly.',
    });
  }
  for (const id of ['sgd', 'saf'] as RunId[]) {
    const p = pcaContour(id, m);
    if (p) plots.push(p);
  }
  const which = config.surfaceRun as RunId;
  const surface = grid(m[`random2d_${which}`]);
  if (surface.length) {
    const axis = arr(m.grid_axis);
    plots.push({
      id: 'surface',
      title: `${RUN_STYLE[which].name}: loss surface on two filter-normalized random directions`,
      data: [gridSurface(axis, surface.map((row) => row.map((v) => Math.min(v, SURFACE_CLIP)))), sceneFrameAnchor(surfaceFrame(config))],
      layout: { scene: sceneFrameLayout(surfaceFrame(config)), showlegend: false },
      caption: `L(θ⋆ + α·δ₁ + β·δ₂) on a ${axis.length}×${axis.length} grid, clipped at ${SURFACE_CLIP}. Switch “Surface of” to compare the two minima without re-running.`,
    });
  }
  const ratio = num(m.sharpness_ratio);
  const sharpness = plots.find((p) => p.id === 'sharpness');
  if (ratio !== undefined && sharpness) sharpness.title = `Sharpness λ_max during training (SAF/SGD at the end: ${ratio.toFixed(2)})`;
  return plots;
}
