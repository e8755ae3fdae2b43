// The diffusion-subspaces page's plots: subspace error vs samples per class (the phase transition) and denoising error vs noise.
import type { PlotSpec, Progress } from '../framework/types';
import type { DiffusionSubspacesConfig } from './schema';

/** Above the plot: the page's default (below, at y = −0.2) covers the x-axis title. */
const LEGEND = { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' };
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

export function diffusionSubspacesPlots(history: Progress[], config: DiffusionSubspacesConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const ns = arr(last.per_class);
  const plots: PlotSpec[] = [];
  const d = num(last.d) ?? config.dim;
  if (ns.length) {
    const method = config.method === 'lsr' ? 'LSR + k-subspaces' : 'k-subspaces';
    const tO = num(last.transition_oracle) ?? -1;
    const tC = num(last.transition_cluster) ?? -1;
    plots.push({
      id: 'phase-transition',
      title: `Subspace error vs samples per class (d = ${d})`,
      data: [
        { type: 'scatter', mode: 'lines+markers', x: ns, y: arr(last.error_cluster), name: `no labels (${method})`, line: { color: '#D55E00' }, marker: { size: 11, symbol: 'circle-open', line: { width: 2 } } },
        { type: 'scatter', mode: 'lines+markers', x: ns, y: arr(last.error_oracle), name: 'labels known', line: { color: '#0072B2' }, marker: { size: 7, symbol: 'square' } },
        { type: 'scatter', mode: 'lines', x: ns, y: arr(last.error_theory), name: '√(d − N): the missing directions', line: { color: '#999999', dash: 'dot' } },
      ],
      layout: {
        legend: LEGEND,
        xaxis: { title: { text: 'training samples per class N' }, dtick: ns.length > 20 ? undefined : 1 },
        yaxis: { title: { text: '‖P_k − P*_k‖_F' }, rangemode: 'tozero' },
        shapes: [{ type: 'line', yref: 'paper', x0: d, x1: d, y0: 0, y1: 1, line: { dash: 'dash', color: '#b42318' } }],
        annotations: [{ x: d, yref: 'paper', y: 1, text: 'N = d', showarrow: false, xanchor: 'left', yanchor: 'top' }],
      },
      caption: `P_k = U_kU_kᵀ, matched to the true P*_k. Noise-free samples pin a d-dimensional subspace down once there are d of them: the error reaches 0 at N = ${tO > 0 ? tO : '—'} with labels known and at N = ${tC > 0 ? tC : '—'} from unlabeled samples.`,
    });
    plots.push({
      id: 'clustering-accuracy',
      title: 'Clustering accuracy of the training samples',
      data: [{ type: 'scatter', mode: 'lines+markers', x: ns, y: arr(last.accuracy_cluster), name: 'accuracy', line: { color: '#009E73' } }],
      layout: { legend: LEGEND, xaxis: { title: { text: 'training samples per class N' } }, yaxis: { title: { text: 'accuracy' }, range: [0, 1.02] } },
      caption: 'Fraction of training samples assigned to their own component (best matching of clusters to components).',
    });
  }
  const sigmas = arr(last.sigmas);
  if (sigmas.length) {
    const curve = (key: string, name: string, color: string, dash?: string) => ({ type: 'scatter', mode: 'lines+markers', x: sigmas, y: arr(last[key]), name, line: { color, dash }, marker: { size: 6 } });
    plots.push({
      id: 'denoising',
      title: 'Denoising error vs noise level',
      data: [
        curve('denoise_true', 'true subspaces', '#000000'),
        curve('denoise_large', `learned from N = ${num(last.n_large)} per class`, '#D55E00'),
        curve('denoise_small', `learned from N = ${num(last.n_small)} per class`, '#CC79A7'),
        { type: 'scatter', mode: 'lines', x: sigmas, y: arr(last.denoise_theory), name: 'σ²/(1 + σ²): if the component were known', line: { color: '#999999', dash: 'dot' } },
      ],
      layout: { legend: LEGEND, xaxis: { title: { text: 'noise level σ' }, type: 'log' }, yaxis: { title: { text: 'E‖x̂ − x₀‖² / E‖x₀‖²' }, type: 'log' } },
      caption: 'x̂ = Σ_k w_k(x_t)·U_kU_kᵀx_t/(1 + σ²), x_t = x₀ + σε. With enough samples the learned denoiser matches the true one; from too few it misses directions and never gets below their share of the signal.',
    });
  }
  return plots;
}
