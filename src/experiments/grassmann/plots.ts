// The grassmann page's plots: accuracy and intra-class variability vs k, principal angles between class subspaces.
import type { PlotSpec, Progress } from '../framework/types';
import type { GrassmannConfig } from './schema';
import { clusterColor } from '../framework/palette';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);

export function grassmannPlots(history: Progress[], config: GrassmannConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const ks = arr(last.ks);
  const plots: PlotSpec[] = [];
  if (!ks.length) return plots;
  const softmax = num(last.softmax_accuracy);
  const cosine = num(last.cosine_softmax_accuracy);
  const refLine = (y: number, color: string) => ({ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: y, y1: y, line: { dash: 'dot', color } });
  const shapes: Record<string, unknown>[] = [];
  const data: Record<string, unknown>[] = [
    { type: 'scatter', mode: 'lines+markers', x: ks, y: arr(last.accuracy), name: 'GCR (test)', marker: { color: clusterColor(4), size: 8 }, line: { color: clusterColor(4) } },
  ];
  if (softmax !== undefined) {
    shapes.push(refLine(softmax, clusterColor(0)));
    data.push({ type: 'scatter', mode: 'lines', x: [null], y: [null], name: `softmax MLP (${(100 * softmax).toFixed(1)}%)`, line: { dash: 'dot', color: clusterColor(0) } });
  }
  if (cosine !== undefined) {
    shapes.push(refLine(cosine, clusterColor(5)));
    data.push({ type: 'scatter', mode: 'lines', x: [null], y: [null], name: `cosine softmax (${(100 * cosine).toFixed(1)}%)`, line: { dash: 'dot', color: clusterColor(5) } });
  }
  plots.push({
    id: 'accuracy',
    title: 'Test accuracy vs subspace dimension k',
    data,
    layout: { xaxis: { title: { text: 'k' }, type: 'log', tickvals: ks }, yaxis: { title: { text: 'test accuracy' } }, shapes },
    caption: 'Each class is a k-dimensional subspace; the dotted lines are the softmax MLP that made the features and a signed cosine-softmax head.',
  });
  const cosVar = num(last.cosine_softmax_variability);
  plots.push({
    id: 'variability',
    title: 'Intra-class variability vs k',
    data: [{ type: 'scatter', mode: 'lines+markers', x: ks, y: arr(last.variability), name: 'GCR features', marker: { color: clusterColor(2), size: 8 }, line: { color: clusterColor(2) } }],
    layout: {
      xaxis: { title: { text: 'k' }, type: 'log', tickvals: ks },
      yaxis: { title: { text: 'within-class / overall cosine distance' } },
      shapes: cosVar === undefined ? [] : [refLine(cosVar, clusterColor(5))],
    },
    caption: 'Mean within-class cosine distance of the test features x̂ over the mean over all pairs; the dotted line is the cosine-softmax head. Larger k leaves features more room to vary within their class.',
  });
  const k = ks.includes(Number(config.heatmapK)) ? Number(config.heatmapK) : ks[ks.length - 1];
  const angles = last[`angles_k${k}`];
  if (Array.isArray(angles)) {
    const labels = Array.from({ length: angles.length }, (_, i) => String(i));
    plots.push({
      id: 'angles',
      title: `Smallest principal angle between class subspaces (k = ${k})`,
      data: [{ type: 'heatmap', z: angles, x: labels, y: labels, colorscale: 'Viridis', zmin: 0, zmax: 90, colorbar: { title: { text: 'degrees' } } }],
      layout: { xaxis: { title: { text: 'class' } }, yaxis: { title: { text: 'class' }, autorange: 'reversed' } },
      caption: 'θ₁ = arccos σ_max(S_aᵀS_b). Ten k-dimensional subspaces of ℝᵈ must share directions once 10k > d, so the smallest angles shrink as k grows.',
    });
  }
  return plots;
}
