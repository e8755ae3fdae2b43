// The koopman page's plots: eigenvalues on the complex plane, entropy over training, the latent spectrum, long-horizon trajectories.
import type { PlotSpec, Progress } from '../framework/types';
import type { KoopmanConfig } from './schema';

/** Above the plot: the page's default (below, at y = −0.2) covers the x-axis title. */
const LEGEND = { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' };
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const rows = (v: unknown): number[][] => (Array.isArray(v) ? (v as number[][]) : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const fmt = (v: number | undefined) => (v === undefined ? '—' : v.toExponential(1));
const TRAJECTORY_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7'];

/** Plot specs from the latest report: each plot appears once its metrics exist (baselines first, training, then tests). */
export function koopmanPlots(history: Progress[], config: KoopmanConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const plots: PlotSpec[] = [];
  const truth = arr(last.eig_true);
  if (truth.length) {
    // zoom on the eigenvalues (they sit near 1 for small Δt) and draw the unit circle's arc through that window
    const re = [...truth, ...['eig_edmd_re', 'eig_dmd_re', 'eig_ae_re'].flatMap((key) => arr(last[key]))];
    const im = ['eig_edmd_im', 'eig_dmd_im', 'eig_ae_im'].flatMap((key) => arr(last[key]));
    const x0 = Math.min(...re) - 0.05;
    const x1 = Math.max(1.02, ...re.map((v) => v + 0.05));
    const yMax = Math.max(0.1, ...im.map((v) => Math.abs(v) + 0.05));
    const reach = Math.asin(Math.min(1, yMax));
    const theta = Array.from({ length: 61 }, (_, i) => -reach + (2 * reach * i) / 60);
    const points = (re: string, im: string, name: string, symbol: string, color: string, size: number) => ({
      type: 'scatter', mode: 'markers', x: arr(last[re]), y: arr(last[im]), name, marker: { symbol, color, size, line: { width: 2, color } },
    });
    plots.push({
      id: 'eigenvalues',
      title: 'Koopman eigenvalues on the complex plane',
      data: [
        { type: 'scatter', mode: 'lines', x: theta.map(Math.cos), y: theta.map(Math.sin), name: 'unit circle', line: { color: '#bbbbbb', dash: 'dot' }, hoverinfo: 'skip' },
        { type: 'scatter', mode: 'markers', x: truth, y: truth.map(() => 0), name: 'true: e^{μΔt}, e^{λΔt}, e^{2μΔt}', marker: { symbol: 'x-thin', size: 16, line: { width: 3, color: '#000000' } } },
        points('eig_edmd_re', 'eig_edmd_im', `EDMD [x₁, x₂, x₁²] (error ${fmt(num(last.eig_error_edmd))})`, 'circle-open', '#0072B2', 14),
        points('eig_dmd_re', 'eig_dmd_im', `DMD on the state (error ${fmt(num(last.eig_error_dmd))})`, 'triangle-up-open', '#E69F00', 12),
        points('eig_ae_re', 'eig_ae_im', `autoencoder K, k = ${config.latent} (error ${fmt(num(last.eig_error_autoencoder))})`, 'diamond', '#D55E00', 9),
      ],
      layout: { legend: LEGEND, xaxis: { title: { text: 'Re λ' }, range: [x0, x1] }, yaxis: { title: { text: 'Im λ' }, range: [-yMax, yMax], zeroline: true } },
      caption: 'Each method’s one-step eigenvalues. EDMD’s dictionary spans an invariant subspace, so it lands on the truth; DMD on the state can only fit two and biases them; the autoencoder learns its own observables.',
    });
  }
  const steps = arr(last.history_step);
  if (steps.length) {
    const logK = num(last.entropy_max) ?? Math.log(config.latent);
    plots.push({
      id: 'entropy',
      title: 'Von Neumann entropy of the latent covariance',
      data: [
        { type: 'scatter', mode: 'lines+markers', x: steps, y: arr(last.history_entropy), name: 'S = −tr ρ log ρ', line: { color: '#009E73' } },
        { type: 'scatter', mode: 'lines', x: [steps[0], steps[steps.length - 1]], y: [logK, logK], name: `log k = ${logK.toFixed(3)}`, line: { color: '#999999', dash: 'dash' } },
      ],
      layout: { legend: LEGEND, xaxis: { title: { text: 'training step' } }, yaxis: { title: { text: 'S (nats)' }, rangemode: 'tozero' } },
      caption: `ρ = Cov(z)/tr Cov(z). S = 0 when the latent collapses onto one mode and log k when its variance spreads evenly; β = ${config.entropyWeight} rewards the spread.`,
    });
    plots.push({
      id: 'losses',
      title: 'Training losses',
      data: [
        { type: 'scatter', mode: 'lines', x: steps, y: arr(last.history_decoder), name: 'decoded reconstruction + prediction', line: { color: '#0072B2' } },
        { type: 'scatter', mode: 'lines', x: steps, y: arr(last.history_linearity), name: 'latent linearity ‖z₀Kˢ − z_s‖²', line: { color: '#D55E00' } },
        { type: 'scatter', mode: 'lines', x: steps, y: arr(last.history_eig_error), name: 'eigenvalue error', line: { color: '#000000', dash: 'dot' } },
      ],
      layout: { legend: LEGEND, xaxis: { title: { text: 'training step' } }, yaxis: { title: { text: 'value' }, type: 'log' } },
      caption: 'Mean squared errors of the autoencoder’s terms, and the worst distance of its matched eigenvalues from the true ones.',
    });
  }
  const spectrum = arr(last.latent_spectrum);
  if (spectrum.length) {
    plots.push({
      id: 'spectrum',
      title: 'Latent spectrum: eigenvalues of ρ',
      data: [{ type: 'bar', x: spectrum.map((_, i) => `λ${i + 1}`), y: spectrum, name: 'ρ eigenvalue', marker: { color: '#56B4E9' } },
        { type: 'scatter', mode: 'lines', x: spectrum.map((_, i) => `λ${i + 1}`), y: spectrum.map(() => 1 / spectrum.length), name: '1/k (isotropic)', line: { color: '#999999', dash: 'dash' } }],
      layout: { legend: LEGEND, yaxis: { title: { text: 'share of latent variance' }, rangemode: 'tozero' } },
      caption: 'How the latent variance spreads over its principal directions at the last report; a collapsed latent puts almost all of it in λ₁.',
    });
  }
  const trueX1 = rows(last.test_true_x1);
  if (trueX1.length) {
    const data: Record<string, unknown>[] = [];
    const methods: [string, string, string][] = [['test_true', 'exact flow', 'solid'], ['test_autoencoder', 'autoencoder', 'dash'], ['test_dmd', 'DMD on the state', 'dot']];
    trueX1.forEach((_, i) => {
      const color = TRAJECTORY_COLORS[i % TRAJECTORY_COLORS.length];
      for (const [key, name, dash] of methods) {
        data.push({ type: 'scatter', mode: 'lines', x: rows(last[`${key}_x1`])[i], y: rows(last[`${key}_x2`])[i], name, legendgroup: key, showlegend: i === 0, line: { color, dash, width: key === 'test_true' ? 3 : 2 } });
      }
    });
    plots.push({
      id: 'trajectories',
      title: `Long-horizon predictions (${config.testSteps} steps, trained on ${config.horizon})`,
      data,
      layout: { legend: LEGEND, xaxis: { title: { text: 'x₁' } }, yaxis: { title: { text: 'x₂' } } },
      caption: `Phase plane from three starts: with |λ| ≫ |μ| trajectories fall fast onto the slow manifold x₂ = b·x₁², b = λ/(λ − 2μ), and then creep along it. Relative RMS error: autoencoder ${fmt(num(last.prediction_error_autoencoder))}, DMD ${fmt(num(last.prediction_error_dmd))}, EDMD ${fmt(num(last.prediction_error_edmd))}.`,
    });
  }
  return plots;
}
