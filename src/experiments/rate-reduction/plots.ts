// The rate-reduction page's plots: R, R_c, ΔR over training, per-class spectra, feature Gram matrices, Π, and CRATE's layers.
import type { MetricValue, PlotSpec, Progress } from '../framework/types';
import { clusterColor } from '../framework/palette';
import type { RateReductionConfig } from './schema';
import { crateTrainPlots } from './crateTrainPlots';

/** Above the plot: the page's default (below, at y = −0.2) covers the x-axis title. */
const LEGEND = { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' };
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const matrix = (v: unknown): number[][] | null => (Array.isArray(v) && Array.isArray(v[0]) ? (v as number[][]) : null);

/** The most recent value of a metric that is streamed only once (large arrays). */
function latest(history: Progress[], key: string): MetricValue | undefined {
  for (let i = history.length - 1; i >= 0; i--) if (history[i].metrics[key] !== undefined) return history[i].metrics[key];
  return undefined;
}

/** |z_i·z_j| for unit-norm rows: 1 within a line, 0 between orthogonal subspaces. */
function absGram(z: number[][]): number[][] {
  return z.map((a) => z.map((b) => Math.abs(a.reduce((s, v, k) => s + v * b[k], 0))));
}

function ratesPlot(last: Record<string, MetricValue>, config: RateReductionConfig): PlotSpec | null {
  const steps = arr(last.rate_steps);
  if (!steps.length) return null;
  const line = (y: number[], name: string, color: string, dash?: string) => ({ type: 'scatter', mode: 'lines', x: steps, y, name, line: { color, dash } });
  const membership = config.objective === 'mlc' ? 'Π from Sinkhorn' : 'the labels';
  return {
    id: 'rates',
    title: 'Coding rates during training',
    data: [line(arr(last.rate_R), 'R (whole)', '#0072B2'), line(arr(last.rate_Rc), 'R_c (groups)', '#D55E00', 'dot'), line(arr(last.rate_deltaR), 'ΔR = R − R_c', '#000000')],
    layout: { legend: LEGEND, xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'nats' } } },
    caption: `The network maximizes ΔR with groups given by ${membership}: the whole set expands (R up) while each group compresses (R_c down).`
      + (config.objective === 'mlc' && typeof last.deltaR_final === 'number' ? ` Measured with the true labels instead, the learned features have ΔR = ${last.deltaR_final.toFixed(3)}.` : ''),
  };
}

function spectraPlot(last: Record<string, MetricValue>): PlotSpec | null {
  const learned = matrix(last.spectra_final);
  const initial = matrix(last.spectra_init);
  if (!learned && !initial) return null;
  const traces: Record<string, unknown>[] = [];
  const add = (spectra: number[][] | null, when: string, dash: string | undefined) => spectra?.forEach((s, c) => {
    traces.push({ type: 'scatter', mode: 'lines+markers', x: s.map((_, i) => i + 1), y: s, name: `class ${c}, ${when}`, line: { color: clusterColor(c), dash }, marker: { size: 6 } });
  });
  add(initial, 'at init', 'dot');
  add(learned, 'learned', undefined);
  return {
    id: 'spectra',
    title: 'Per-class singular values of the features',
    data: traces,
    layout: { legend: LEGEND, xaxis: { title: { text: 'index i' }, dtick: 1 }, yaxis: { title: { text: 'σᵢ' } } },
    caption: 'Dotted: the random network’s features; solid: after training. Each class’s energy concentrates in a few directions: a low-dimensional subspace.',
  };
}

function gramPlot(history: Progress[]): PlotSpec | null {
  const before = matrix(latest(history, 'features_init'));
  if (!before) return null;
  const after = matrix(latest(history, 'features_final'));
  const panel = (z: number[][], k: number) => ({ type: 'heatmap', z: absGram(z), zmin: 0, zmax: 1, colorscale: 'Viridis', showscale: k === 2, xaxis: `x${k === 1 ? '' : k}`, yaxis: `y${k === 1 ? '' : k}` });
  const data = [panel(before, 1), ...(after ? [panel(after, 2)] : [])];
  const axes = { autorange: 'reversed', showticklabels: false, scaleanchor: 'x' };
  return {
    id: 'gram',
    title: after ? '|⟨zᵢ, zⱼ⟩| at init (left) and after training (right)' : '|⟨zᵢ, zⱼ⟩| at init',
    data,
    layout: {
      grid: { rows: 1, columns: data.length, pattern: 'independent' },
      yaxis: axes, yaxis2: { ...axes, scaleanchor: 'x2' }, xaxis: { showticklabels: false }, xaxis2: { showticklabels: false },
    },
    caption: 'Samples sorted by class (outer moon first). Learned features are nearly orthogonal across classes (dark off-diagonal blocks).',
  };
}

function membershipPlot(history: Progress[], last: Record<string, MetricValue>): PlotSpec | null {
  const plan = matrix(latest(history, 'membership'));
  if (!plan) return null;
  const rowError = typeof last.sinkhorn_row_error === 'number' ? last.sinkhorn_row_error : NaN;
  return {
    id: 'membership',
    title: 'Doubly stochastic membership Π of the learned features',
    data: [{ type: 'heatmap', z: plan, colorscale: 'Greys', reversescale: true, showscale: true }],
    layout: { yaxis: { autorange: 'reversed', showticklabels: false, scaleanchor: 'x' }, xaxis: { showticklabels: false } },
    caption: `MLC’s Π: Sinkhorn of exp((⟨zᵢ, zⱼ⟩ − 1)/τ), diagonal 0; rows and columns each sum to 1 (largest row error ${rowError.toExponential(1)}). Supervised training’s Π is the one-hot labels, i.e. these two blocks.`,
  };
}

function cratePlots(last: Record<string, MetricValue>): PlotSpec[] {
  const points = Array.isArray(last.crate_points) ? (last.crate_points as string[]) : [];
  if (!points.length) return [];
  const colorOf = (p: string) => (p.endsWith('MSSA') ? '#0072B2' : p.endsWith('ISTA') ? '#D55E00' : '#999999');
  const marker = { size: 9, color: points.map(colorOf) };
  return [
    {
      id: 'crate-compression',
      title: 'CRATE: coding rate of the tokens in the subspaces U_k, layer by layer',
      data: [
        { type: 'scatter', mode: 'lines+markers', x: points, y: arr(last.crate_Rc), name: 'R_c(Z | U) = Σ_k R(U_kᵀZ)', marker, line: { color: '#555555' } },
        { type: 'scatter', mode: 'lines', x: points, y: arr(last.crate_R), name: 'R(Z)', line: { color: '#999999', dash: 'dot' } },
      ],
      layout: { legend: LEGEND, xaxis: { title: { text: 'layer and half step' }, type: 'category' }, yaxis: { title: { text: 'nats per image' } } },
      caption: 'Grey: tokens scaled to unit norm at each layer’s input; blue: after MSSA, which lowers R_c (compression); orange: after ISTA.',
    },
    {
      id: 'crate-sparsity',
      title: 'CRATE: fraction of exact zeros in the tokens',
      data: [{ type: 'bar', x: points, y: arr(last.crate_sparsity), marker: { color: points.map(colorOf) }, name: 'zeros', showlegend: false }],
      layout: { legend: LEGEND, xaxis: { title: { text: 'layer and half step' }, type: 'category' }, yaxis: { title: { text: 'fraction of zeros' }, range: [0, 1] } },
      caption: 'The ISTA step (orange) soft-thresholds in the dictionary’s coordinates and clips at 0, so it sparsifies; MSSA (blue) mixes tokens and makes them dense again.',
    },
  ];
}

export function rateReductionPlots(history: Progress[], config: RateReductionConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  return [ratesPlot(last, config), spectraPlot(last), gramPlot(history), membershipPlot(history, last), ...cratePlots(last), ...crateTrainPlots(last)].filter((p): p is PlotSpec => p !== null);
}
