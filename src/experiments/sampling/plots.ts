// The sampling page's plots: distortion vs m per scheme and p, scores per row, total sensitivity and sample sizes, regression error.
import type { PlotSpec, Progress } from '../framework/types';
import { clusterColor } from '../framework/palette';
import { DISTORTION_CAP, SCHEME_LABELS, SCHEMES, type SamplingConfig, type Scheme } from './schema';

/** Above the plot: the page's default (below, at y = −0.2) covers the x-axis title. */
const LEGEND = { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' };
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const grid = (v: unknown): number[][] => (Array.isArray(v) ? (v as number[][]) : []);
/** Errors below this (including ≤ 0) are drawn at it on the log axis. */
const REGRESSION_FLOOR = 1e-3;
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const schemeColor = (s: Scheme) => clusterColor([7, 0, 2, 4, 5][SCHEMES.indexOf(s)]);
const line = (x: number[], y: number[], name: string, color: string, dash?: string) =>
  ({ type: 'scatter', mode: 'lines+markers', x, y, name, line: { color, dash }, marker: { size: 6, color } });

export function samplingPlots(history: Progress[], config: SamplingConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const plots: PlotSpec[] = [];
  const ms = arr(last.m_values);
  const ps = arr(last.p_values);
  const schemes = SCHEMES.filter((s) => (Array.isArray(last.schemes) ? (last.schemes as string[]) : []).includes(s));
  const d = num(last.d) ?? config.cols;
  const n = num(last.n) ?? config.rows;
  const p = num(last.p) ?? config.p;

  ps.forEach((pk, k) => {
    const curves = schemes.map((s) => ({ s, y: grid(last[`distortion_by_p_${s}`])[k] ?? [] })).filter((c) => c.y.length);
    if (!curves.length) return;
    plots.push({
      id: `distortion-p${String(pk).replace('.', '_')}`,
      title: `Distortion of S·A vs sample size m, p = ${pk}`,
      data: curves.map(({ s, y }) => line(ms.slice(0, y.length), y, SCHEME_LABELS[s], schemeColor(s))),
      layout: { legend: LEGEND, xaxis: { title: { text: 'expected sampled rows m' }, type: 'log' }, yaxis: { title: { text: 'sup ρ / inf ρ,  ρ = ‖SAx‖_p/‖Ax‖_p' }, type: 'log' } },
      caption: pk === 2
        ? `Exact: σ_max/σ_min of the sampled, reweighted basis. Median over ${config.trials} samples; ${DISTORTION_CAP} means the sample missed a direction.`
        : `Over ${config.directions} random directions, the top rows' own directions and each sample's singular directions (a lower bound). Median over ${config.trials} samples; ${DISTORTION_CAP} means a missed direction.`,
    });
  });

  const order = arr(last.row_order);
  if (order.length) {
    const rank = order.map((_, i) => i + 1);
    const lev = arr(last.score_leverage);
    const traces = [
      { type: 'scatter', mode: 'lines', x: rank, y: lev, name: 'leverage τᵢ', line: { color: schemeColor('leverage') } },
      { type: 'scatter', mode: 'lines', x: rank, y: lev.map((t) => t ** (p / 2)), name: `root leverage τᵢ^{p/2}`, line: { color: schemeColor('root-leverage') } },
      { type: 'scatter', mode: 'markers', x: rank, y: arr(last.score_lewis), name: `Lewis weights wᵢ (p = ${p})`, marker: { color: schemeColor('lewis'), size: 4 } },
      { type: 'scatter', mode: 'markers', x: rank, y: arr(last.score_sensitivity), name: 'sensitivity ŝᵢ (lower bound)', marker: { color: schemeColor('sensitivity'), size: 4 } },
      { type: 'scatter', mode: 'lines', x: rank, y: arr(last.score_sensitivity_upper), name: 'sensitivity bound from wᵢ', line: { color: schemeColor('sensitivity'), dash: 'dot' } },
      { type: 'scatter', mode: 'lines', x: [1, n], y: [d / n, d / n], name: 'uniform d/n', line: { color: schemeColor('uniform'), dash: 'dash' } },
    ];
    plots.push({
      id: 'scores',
      title: `Row scores, rows sorted by leverage (p = ${p})`,
      data: traces,
      layout: { legend: LEGEND, xaxis: { title: { text: 'row, by decreasing leverage' }, type: 'log' }, yaxis: { title: { text: 'score' }, type: 'log' } },
      caption: `Σ leverage = ${fmt(num(last.leverage_sum))}, Σ Lewis weights = ${fmt(num(last.lewis_sum))} (both d = ${d}). The few spike rows on the left carry almost a whole direction each.`,
    });
  }

  const sTotal = arr(last.total_sensitivity);
  if (sTotal.length) {
    const pDone = ps.slice(0, sTotal.length);
    plots.push({
      id: 'total-sensitivity',
      title: 'Total sensitivity 𝔖 and the sample sizes it implies',
      data: [
        line(pDone, sTotal, '𝔖 (estimated, a lower bound)', clusterColor(5)),
        line(pDone, arr(last.total_sensitivity_upper), '𝔖 upper bound Σ min(1, d^{max(0,p/2−1)}wᵢ)', clusterColor(5), 'dot'),
        line(pDone, arr(last.paper_samples), 'this paper: 𝔖^{2/p} (p < 2), 𝔖^{2−2/p} (p > 2)', clusterColor(2)),
        line(pDone, arr(last.general_samples), 'general bound 𝔖·d', clusterColor(7), 'dash'),
      ],
      layout: { legend: LEGEND, xaxis: { title: { text: 'p' } }, yaxis: { title: { text: 'rows (up to ε and log factors)' }, type: 'log' } },
      caption: `𝔖 = Σᵢ sᵢ with sᵢ = sup_x |aᵢx|^p/‖Ax‖_p^p; d = ${d}. The paper's bounds sit far below 𝔖·d away from p = 2.`,
    });
  }

  const reg = schemes.map((s) => ({ s, y: arr(last[`regression_error_${s}`]) })).filter((c) => c.y.length);
  if (reg.length) {
    plots.push({
      id: 'regression',
      title: `ℓp regression from the sample vs the full problem (p = ${p})`,
      data: reg.map(({ s, y }) => line(ms.slice(0, y.length), y.map((v) => Math.max(v, REGRESSION_FLOOR)), SCHEME_LABELS[s], schemeColor(s))),
      layout: { legend: LEGEND, xaxis: { title: { text: 'expected sampled rows m' }, type: 'log' }, yaxis: { title: { text: '‖Ax̂_S − b‖_p / ‖Ax̂ − b‖_p − 1' }, type: 'log' } },
      caption: `x̂_S solves the sampled problem, x̂ the full one (both by IRLS, ${config.irls} steps). Median over ${config.trials} samples. Values below ${REGRESSION_FLOOR} are drawn at ${REGRESSION_FLOOR}; a value ≤ 0 means the sample's fit was as good as IRLS on the full problem.`,
    });
  }
  return plots;
}

function fmt(v: number | undefined): string {
  return v === undefined ? '—' : v.toFixed(4);
}
