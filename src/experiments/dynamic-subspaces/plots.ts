// The dynamic-subspaces page's plots: learners over training, the losses, recall@k and NMI against one learner, attention maps.
import type { PlotSpec, Progress } from '../framework/types';
import type { DynamicSubspacesConfig } from './schema';
import { clusterColor } from '../framework/palette';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);

/** Vertical dotted lines where a learner was added. */
function growthLines(steps: number[]): Record<string, unknown>[] {
  return steps.map((x) => ({ type: 'line', yref: 'paper', y0: 0, y1: 1, x0: x, x1: x, line: { dash: 'dot', color: '#888' } }));
}

/** The page's plots from the streamed history: K and the losses while training; scores and attention maps at the end. */
export function dynamicSubspacesPlots(history: Progress[], _config: DynamicSubspacesConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const steps = arr(last.step);
  if (!steps.length) return [];
  const growth = arr(last.growth_steps);
  const plots: PlotSpec[] = [
    {
      id: 'learners',
      title: 'Number of learners K over training',
      data: [{ type: 'scatter', mode: 'lines+markers', line: { shape: 'hv', color: clusterColor(4) }, x: steps, y: arr(last.learners_history), name: 'K' }],
      layout: { xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'learners K' }, dtick: 1, rangemode: 'tozero' }, shapes: growthLines(growth) },
      caption: 'K is not given: a learner is added (and the training images re-divided by k-means on the embedding) whenever the windowed loss stops improving.',
    },
    {
      id: 'loss',
      title: 'Triplet loss (mean over learners, per window)',
      data: [
        { type: 'scatter', mode: 'lines', x: steps, y: arr(last.loss), name: 'dynamic learners', line: { color: clusterColor(4) } },
        { type: 'scatter', mode: 'lines', x: steps, y: arr(last.single_loss), name: 'single learner', line: { color: clusterColor(0), dash: 'dash' } },
      ],
      layout: { xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'triplet loss' }, rangemode: 'tozero' }, shapes: growthLines(growth) },
      caption: 'A new learner starts from random weights on a harder share of the data, so the mean loss jumps when one joins (dotted lines).',
    },
  ];
  const recall = arr(last.recall_at_k);
  const ks = arr(last.recall_ks);
  const nmi = num(last.nmi);
  const singleNmi = num(last.single_nmi);
  if (recall.length && nmi !== undefined && singleNmi !== undefined) {
    const x = [...ks.map((k) => `R@${k}`), 'NMI'];
    plots.push({
      id: 'scores',
      title: 'Retrieval recall@k and clustering NMI on held-out digits',
      data: [
        { type: 'bar', x, y: [...recall, nmi], name: `dynamic (K = ${num(last.learners)})`, marker: { color: clusterColor(4) } },
        { type: 'bar', x, y: [...arr(last.single_recall_at_k), singleNmi], name: 'single learner', marker: { color: clusterColor(0) } },
        { type: 'bar', x, y: [...arr(last.pixels_recall_at_k), num(last.pixels_nmi) ?? null], name: 'raw pixels', marker: { color: '#999' } },
      ],
      layout: { barmode: 'group', yaxis: { title: { text: 'score' }, range: [0, 1] } },
      caption: 'recall@k: share of test digits with a same-class digit among their k nearest neighbours in the embedding; NMI: k-means (10 clusters) on the embedding vs the classes. Grey: the same scores on the raw pixels, a strong bar on digits.',
    });
  }
  const maps: [string, number[][]][] = [];
  for (let k = 1; Array.isArray(last[`attention_${k}`]); k++) maps.push([`learner ${k}`, last[`attention_${k}`] as number[][]]);
  if (Array.isArray(last.single_attention)) maps.push(['single learner', last.single_attention as number[][]]);
  if (maps.length) {
    const axis = (i: number) => (i === 0 ? '' : String(i + 1));
    const layout: Record<string, unknown> = { grid: { rows: 1, columns: maps.length, pattern: 'independent' }, annotations: [] as unknown[] };
    maps.forEach(([name], i) => {
      layout[`xaxis${axis(i)}`] = { title: { text: name }, showticklabels: false, constrain: 'domain' };
      layout[`yaxis${axis(i)}`] = { autorange: 'reversed', showticklabels: false, scaleanchor: `x${axis(i)}` };
    });
    plots.push({
      id: 'attention',
      title: 'Mean attention map of each learner (8×8 pixels, test digits)',
      data: maps.map(([name, z], i) => ({ type: 'heatmap', z, name, xaxis: `x${axis(i)}`, yaxis: `y${axis(i)}`, colorscale: 'Viridis', showscale: i === maps.length - 1 })),
      layout,
      caption: 'Each learner’s softmax over the 64 pixels, averaged over the test digits: where it looks. The uniform map is 1/64 ≈ 0.016 everywhere.',
    });
  }
  return plots;
}
