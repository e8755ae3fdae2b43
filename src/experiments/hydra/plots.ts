// The hydra page's plots: both loss curves, probe accuracy and effective rank, both spectra, and the gate tables.
import type { Metrics, PlotSpec, Progress } from '../framework/types';
import type { HydraConfig } from './schema';
import { clusterColor } from '../framework/palette';

const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const line = (x: number[], y: number[], name: string, color: number) =>
  ({ type: 'scatter', mode: 'lines+markers', x, y, name, marker: { color: clusterColor(color), size: 6 }, line: { color: clusterColor(color) } });
const METHODS = [{ key: 'hydra', label: 'Hydra (class pairs, gated)' }, { key: 'infonce', label: 'SimCLR InfoNCE (views)' }] as const;

function comparisonPlots(m: Metrics): PlotSpec[] {
  const done = METHODS.filter((k) => num(m[`probe_acc_${k.key}`]) !== undefined);
  if (!done.length) return [];
  const labels = done.map((k) => k.label);
  return [
    {
      id: 'probe',
      title: 'Linear-probe accuracy on the frozen embedding',
      data: [{ type: 'bar', showlegend: false, x: labels, y: done.map((k) => num(m[`probe_acc_${k.key}`])), marker: { color: done.map((_, i) => clusterColor(i)) } }],
      layout: { yaxis: { title: { text: `test accuracy (${num(m.n_test) ?? ''} digits)` }, range: [0, 1] } },
      caption: 'A softmax layer trained on each encoder’s embedding of the training digits, scored on held-out digits.',
    },
    {
      id: 'spectra',
      title: 'Embedding spectra (dimensional collapse)',
      data: done.map((k, i) => { const s = arr(m[`spectrum_${k.key}`]); return line(s.map((_, j) => j + 1), s, `${k.label}, eff. rank ${num(m[`erank_${k.key}`])?.toFixed(1)}`, i); }),
      layout: { xaxis: { title: { text: 'eigenvalue index' } }, yaxis: { title: { text: 'share of variance' }, type: 'log' } },
      caption: 'Normalized eigenvalues of the test embeddings’ covariance; effective rank = exp(entropy). A curve that drops off early is a collapsed embedding.',
    },
  ];
}

function gatePlot(m: Metrics): PlotSpec[] {
  const open = m.gate_open as number[][] | undefined;
  if (!open) return [];
  const digits = open.map((_, i) => String(i));
  return [{
    id: 'gates',
    title: 'Gate table: share of the embedding each class pair meets in',
    data: [{ type: 'heatmap', x: digits, y: digits, z: open, colorscale: 'Viridis', zmin: 0, zmax: 1, colorbar: { title: { text: 'mean σ(w)' } } }],
    layout: { xaxis: { title: { text: 'class b' } }, yaxis: { title: { text: 'class a' }, autorange: 'reversed' } },
    caption: `Cell (a, b) is the mean gate of the pair {a, b} over the embedding dimensions; the gates start at ½; pairs that keep more dimensions open share more of the embedding. Mean ${(num(m.gate_open_mean) ?? 0).toFixed(3)}.`,
  }, {
    id: 'gate-overlap',
    title: 'Class relationships: overlap of the classes’ own gates',
    data: [{ type: 'heatmap', x: digits, y: digits, z: m.gate_overlap as number[][], colorscale: 'Viridis', zmax: 1, colorbar: { title: { text: 'cosine' } } }],
    layout: { xaxis: { title: { text: 'class b' } }, yaxis: { title: { text: 'class a' }, autorange: 'reversed' } },
    caption: 'Cosine similarity of the same-class gates g_aa and g_bb: high means the two classes keep the same dimensions open. The gates start equal (all ½), so every cell starts at 1.',
  }];
}

/** Loss curves as they stream, then the comparisons and the gate table once each method is probed. */
export function hydraPlots(history: Progress[], _config: HydraConfig): PlotSpec[] {
  const m = history[history.length - 1]?.metrics ?? {};
  const curves = METHODS.filter((k) => arr(m[`loss_${k.key}`]).length);
  const loss: PlotSpec[] = curves.length ? [{
    id: 'loss',
    title: 'Contrastive loss',
    data: curves.map((k, i) => line(arr(m[`steps_${k.key}`]), arr(m[`loss_${k.key}`]), k.label, i)),
    layout: { xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'loss (mean since last point)' } } },
    caption: 'Hydra’s loss includes the gate penalty λ·mean(g); its positives are different digits, so it stays above SimCLR’s.',
  }] : [];
  return [...loss, ...comparisonPlots(m), ...gatePlot(m)];
}
