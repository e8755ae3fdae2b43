// The robust-recovery page's plots: error vs iteration per initial scale, singular values of U over time, final error vs outliers.
import type { PlotSpec, Progress } from '../framework/types';
import type { RobustRecoveryConfig } from './schema';

/** Above the plot: the page's default (below, at y = −0.2) covers the x-axis title. */
const LEGEND = { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' };
const ALPHA_COLORS = ['#0072B2', '#009E73', '#E69F00', '#D55E00'];
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const rows = (v: unknown): number[][] => (Array.isArray(v) ? (v as number[][]) : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const logAxis = (text: string) => ({ title: { text }, type: 'log', exponentformat: 'power' });

/** One line per column of a (time × r) table of singular values. */
function singularValueTraces(x: number[], sv: number[][], trueRank: number, dash: string | undefined, label: string, showLegend: boolean) {
  const r = sv[0]?.length ?? 0;
  return Array.from({ length: r }, (_, j) => ({
    type: 'scatter', mode: 'lines', x, y: sv.map((s) => s[j]),
    name: j < trueRank ? `${label}: σ${j + 1} (true direction)` : `${label}: σ${j + 1} (spurious)`,
    legendgroup: `${label}-${j < trueRank ? 'true' : 'spurious'}`,
    showlegend: showLegend && (j === 0 || j === trueRank),
    line: { color: j < trueRank ? '#0072B2' : '#D55E00', dash },
  }));
}

export function robustRecoveryPlots(history: Progress[], config: RobustRecoveryConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const x = arr(last.iteration);
  if (!x.length) return [];
  const pct = `${Math.round(config.outliers * 100)}% outliers`;
  const alphas = arr(last.alphas);
  const byAlpha = rows(last.error_alpha);
  const plots: PlotSpec[] = [];
  plots.push({
    id: 'error-vs-iteration',
    title: `‖UUᵀ − X*‖_F vs iteration (r = ${config.rank}, true rank ${config.trueRank}, ${pct})`,
    data: [
      ...alphas.map((a, i) => ({ type: 'scatter', mode: 'lines', x, y: byAlpha[i] ?? [], name: `ℓ1 SubGM, α = ${a}`, line: { color: ALPHA_COLORS[i % ALPHA_COLORS.length] } })),
      { type: 'scatter', mode: 'lines', x, y: arr(last.error_l2), name: `ℓ2 GD, α = ${config.alpha}`, line: { color: '#000000', dash: 'dash' } },
    ],
    layout: { legend: LEGEND, xaxis: { title: { text: 'iteration t' } }, yaxis: logAxis('‖UUᵀ − X*‖_F  (‖X*‖_F = 1)') },
    caption: 'Every ℓ1 run shares the measurements, the outliers and the direction B of U₀ = αB; only α differs. Small α first grows the true directions, then converges linearly as the step η₀ρᵗ decays; ℓ2 gradient descent fits the outliers and stalls.',
  });
  const svMain = rows(last.sv_main);
  const svLarge = rows(last.sv_large);
  plots.push({
    id: 'singular-values',
    title: `Singular values of U over time (α = ${config.alpha} solid, α = 1 dotted)`,
    data: [...singularValueTraces(x, svMain, config.trueRank, undefined, `α = ${config.alpha}`, true), ...singularValueTraces(x, svLarge, config.trueRank, 'dot', 'α = 1', true)],
    layout: { legend: LEGEND, xaxis: { title: { text: 'iteration t' } }, yaxis: logAxis('σ_j(U)') },
    caption: `ℓ1 SubGM, ${pct}. The ${config.trueRank} true directions grow to √λ_j(X*); from a small α the ${Math.max(0, config.rank - config.trueRank)} spurious ones stay small (largest now ${num(last.spurious_l1)?.toExponential(1) ?? '—'}), from α = 1 they start large (now ${num(last.spurious_large)?.toExponential(1) ?? '—'}).`,
  });
  const fractions = arr(last.sweep_outliers);
  plots.push({
    id: 'error-vs-outliers',
    title: `Error after ${x[x.length - 1]} iterations vs outlier fraction (α = ${config.alpha})`,
    data: [
      { type: 'scatter', mode: 'lines+markers', x: fractions, y: arr(last.sweep_error_l1), name: 'ℓ1 SubGM', line: { color: '#0072B2' } },
      { type: 'scatter', mode: 'lines+markers', x: fractions, y: arr(last.sweep_error_l2), name: 'ℓ2 GD', line: { color: '#000000', dash: 'dash' } },
    ],
    layout: { legend: LEGEND, xaxis: { title: { text: 'fraction of grossly corrupted measurements' } }, yaxis: logAxis('‖UUᵀ − X*‖_F') },
    caption: 'The same outliers, nested: a larger fraction corrupts more of the same measurements. The ℓ1 loss ignores a minority of gross errors; the ℓ2 loss averages them in.',
  });
  return plots;
}
