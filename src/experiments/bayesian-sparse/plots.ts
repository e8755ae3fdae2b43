// The bayesian-sparse page's plots: ELBO and test NLL over training, scores vs density, reliability, support changes.
import type { PlotSpec, Progress } from '../framework/types';
import { clusterColor } from '../framework/palette';
import type { BayesianSparseConfig } from './schema';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const arr = (v: unknown): (number | null)[] => (Array.isArray(v) ? (v as (number | null)[]) : []);

const SSVI = { name: 'SSVI', color: clusterColor(5) };
const DENSE = { name: 'dense mean-field VI', color: clusterColor(4) };
const PRUNED = { name: 'dense VI pruned by |μ|/σ', color: clusterColor(0) };

function curvePlots(m: Record<string, unknown>, config: BayesianSparseConfig): PlotSpec[] {
  const steps = arr(m.curve_steps);
  if (!steps.length) return [];
  const pct = `${(100 * config.density).toFixed(0)}%`;
  const line = (key: string, who: typeof SSVI, label: string) => ({ type: 'scatter', mode: 'lines+markers', x: steps.slice(0, arr(m[key]).length), y: arr(m[key]), name: label, line: { color: who.color }, marker: { size: 5 } });
  return [
    {
      id: 'elbo',
      title: 'ELBO per training sample',
      data: [line('elbo_dense', DENSE, DENSE.name), line('elbo_ssvi', SSVI, `SSVI at ${pct}`)],
      layout: { xaxis: { title: { text: 'step' } }, yaxis: { title: { text: '−(mean NLL + β·KL/N)' } } },
      caption: `Mini-batch NLL averaged since the previous report plus the closed-form KL to N(0, ${config.priorSigma}²), spread over the N training samples. The dense posterior pays KL on every coordinate; SSVI only on its support.`,
    },
    {
      id: 'test-nll',
      title: 'Test NLL of the Bayesian model average',
      data: [line('test_nll_dense', DENSE, DENSE.name), line('test_nll_ssvi', SSVI, `SSVI at ${pct}`)],
      layout: { xaxis: { title: { text: 'step' } }, yaxis: { title: { text: '−mean log p(y|x)' } } },
      caption: `p(y|x) averages the softmax over ${config.evalSamples} posterior samples.`,
    },
  ];
}

function densityPlot(m: Record<string, unknown>): PlotSpec | null {
  const density = arr(m.sweep_density) as number[];
  if (!density.length || !arr(m.sweep_pruned_nll).length) return null;
  const x = density.map((d) => 100 * d);
  const traces: Record<string, unknown>[] = [];
  const axes = [['accuracy', 'y', 'test accuracy'], ['nll', 'y2', 'test NLL'], ['ece', 'y3', 'ECE']] as const;
  for (const [key, axis] of axes) {
    for (const [who, style] of [['ssvi', SSVI], ['pruned', PRUNED]] as const) {
      traces.push({ type: 'scatter', mode: 'lines+markers', x, y: arr(m[`sweep_${who}_${key}`]), yaxis: axis, name: style.name, legendgroup: who, showlegend: key === 'accuracy', line: { color: style.color } });
    }
    const dense = num(m[`dense_${key === 'ece' ? 'ece' : `test_${key}`}`]);
    if (dense !== undefined) traces.push({ type: 'scatter', mode: 'lines', x: [x[0], x[x.length - 1]], y: [dense, dense], yaxis: axis, name: `${DENSE.name} (100%)`, legendgroup: 'dense', showlegend: key === 'accuracy', line: { color: DENSE.color, dash: 'dot' } });
  }
  return {
    id: 'density',
    title: 'Accuracy, NLL and calibration error vs density',
    data: traces,
    layout: {
      xaxis: { title: { text: 'density (% of weights with a Gaussian)' }, type: 'log', anchor: 'y3', tickvals: x, ticktext: x.map((v) => `${v}%`) },
      yaxis: { title: { text: 'accuracy' }, domain: [0.7, 1] },
      yaxis2: { title: { text: 'NLL' }, domain: [0.36, 0.64] },
      yaxis3: { title: { text: 'ECE' }, domain: [0, 0.3] },
      height: 560,
    },
    caption: 'SSVI trains sparse from the first step; the baseline trains the dense BNN and keeps the coordinates with the largest |μ|/σ afterwards. Dotted: the dense BNN itself.',
  };
}

function reliabilityPlot(m: Record<string, unknown>, config: BayesianSparseConfig): PlotSpec | null {
  const who = [['ssvi', SSVI, `SSVI at ${(100 * config.density).toFixed(0)}%`], ['pruned', PRUNED, PRUNED.name], ['dense', DENSE, DENSE.name]] as const;
  const shown = who.filter(([k]) => arr(m[`reliability_${k}_confidence`]).length);
  if (!shown.length) return null;
  return {
    id: 'reliability',
    title: 'Reliability diagram (test set)',
    data: [
      { type: 'scatter', mode: 'lines', x: [0, 1], y: [0, 1], name: 'perfect calibration', line: { color: '#999', dash: 'dash' } },
      ...shown.map(([k, style, label]) => ({
        type: 'scatter', mode: 'lines+markers', x: arr(m[`reliability_${k}_confidence`]), y: arr(m[`reliability_${k}_accuracy`]), name: `${label} (ECE ${(num(m[k === 'ssvi' ? 'ece' : `${k}_ece`]) ?? 0).toFixed(3)})`,
        text: arr(m[`reliability_${k}_count`]).map((c) => `${c} samples`), line: { color: style.color }, marker: { size: 7 },
      })),
    ],
    layout: { xaxis: { title: { text: 'mean confidence in bin' }, range: [0, 1.02] }, yaxis: { title: { text: 'accuracy in bin' }, range: [0, 1.02] }, legend: { orientation: 'h', y: -0.3 } },
    caption: `Test samples binned by the confidence max_c p(c|x) into ${config.bins} equal bins (empty bins omitted); below the diagonal is over-confident. ECE is the sample-weighted mean gap.`,
  };
}

function supportPlot(m: Record<string, unknown>): PlotSpec | null {
  const steps = arr(m.support_steps);
  if (!steps.length) return null;
  const s = num(m.support_size) ?? 0;
  return {
    id: 'support',
    title: 'SSVI support over training',
    data: [
      { type: 'bar', x: steps, y: arr(m.support_swapped), name: 'coordinates removed (= added)', marker: { color: SSVI.color } },
      { type: 'scatter', mode: 'lines+markers', x: steps, y: arr(m.support_size_trace), name: `support size (|S| = ${s})`, yaxis: 'y', line: { color: '#111' } },
      { type: 'scatter', mode: 'lines+markers', x: steps, y: arr(m.support_kept_initial), name: 'fraction of the initial support kept', yaxis: 'y2', line: { color: DENSE.color, dash: 'dot' } },
    ],
    layout: {
      xaxis: { title: { text: 'step' } },
      yaxis: { title: { text: 'coordinates' }, rangemode: 'tozero' },
      yaxis2: { title: { text: 'kept from the start' }, overlaying: 'y', side: 'right', range: [0, 1.02] },
      legend: { orientation: 'h', y: -0.3 },
    },
    caption: 'Each round removes the coordinates with the smallest |μ|/σ and adds as many with the largest |∂NLL/∂θ| off the support, on a cosine-decaying schedule: the support size never changes.',
  };
}

/** The page's plots from the latest streamed metrics; each appears once its data exists. */
export function bayesianSparsePlots(history: Progress[], config: BayesianSparseConfig): PlotSpec[] {
  const m = history[history.length - 1]?.metrics ?? {};
  return [...curvePlots(m, config), densityPlot(m), reliabilityPlot(m, config), supportPlot(m)].filter((p): p is PlotSpec => p !== null);
}
