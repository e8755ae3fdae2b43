// The alignment page's plots, one group per section: unit matching, cross-view retrieval, projection head, ColBERT variants.
import type { Metrics, PlotSpec, Progress } from '../framework/types';
import type { AlignmentConfig } from './schema';
import { clusterColor } from '../framework/palette';
import { PROJECTION_LAYERS } from './projectionLayers';

const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const line = (x: unknown[], y: number[], name: string, color: number, dash?: string) =>
  ({ type: 'scatter', mode: 'lines+markers', x, y, name, marker: { color: clusterColor(color), size: 6 }, line: { color: clusterColor(color), dash } });
const index = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

function convergentPlots(m: Metrics): PlotSpec[] {
  const heat = m.unit_correlation_sorted as number[][] | undefined;
  if (!heat) return [];
  const matched = arr(m.matched_correlation);
  const svcca = arr(m.svcca_correlations);
  return [
    {
      id: 'unit-correlation',
      title: 'Unit correlations, net A vs net B (sorted by the matching)',
      data: [{ type: 'heatmap', z: heat, colorscale: 'RdBu', reversescale: true, zmin: -1, zmax: 1, colorbar: { title: { text: 'corr' } } }],
      layout: { xaxis: { title: { text: 'net B unit (matched order)' } }, yaxis: { title: { text: 'net A unit' }, autorange: 'reversed' } },
      caption: `Pearson correlation of hidden units over the test digits; the diagonal is the one-to-one (Hungarian) matching, strongest first. Linear CKA ${(num(m.cka) ?? 0).toFixed(3)}, SVCCA ${(num(m.svcca) ?? 0).toFixed(3)}.`,
    },
    {
      id: 'matching',
      title: 'Matched correlations and subspace similarity',
      data: [
        line(index(matched.length), matched, 'one-to-one (Hungarian)', 0),
        line(index(matched.length), arr(m.semi_matched_correlation), 'semi-matching (best partner)', 2, 'dot'),
        line(index(svcca.length), svcca, 'SVCCA canonical correlations', 4),
      ],
      layout: { xaxis: { title: { text: 'rank' } }, yaxis: { title: { text: 'correlation' }, range: [0, 1.02] } },
      caption: `Where the one-to-one curve falls below the SVCCA curve, the nets agree as a subspace more than unit by unit. Permuted-copy check: ${((num(m.permutation_recovered) ?? 0) * 100).toFixed(0)}% of units recovered.`,
    },
    {
      id: 'filter-angles',
      title: 'Principal angles between the first-layer filter spans',
      data: [line(index(arr(m.filter_angles).length), arr(m.filter_angles), 'trained', 1), line(index(arr(m.filter_angles_init).length), arr(m.filter_angles_init), 'at initialization', 7, 'dot')],
      layout: { xaxis: { title: { text: 'angle index' } }, yaxis: { title: { text: 'degrees' }, range: [0, 90] } },
      caption: 'Angles between the spans of the two nets’ hidden-unit weight vectors in pixel space (ℝ⁶⁴), after training and at the same seeds’ random init.',
    },
  ];
}

function platoPlots(m: Metrics): PlotSpec[] {
  const ks = arr(m.ks);
  if (!ks.length) return [];
  const flat = (y: number | undefined, name: string, color: number) => line([ks[0], ks[ks.length - 1]], [y ?? NaN, y ?? NaN], name, color, 'dot');
  return [
    {
      id: 'retrieval',
      title: 'Cross-view retrieval (top-1) vs projection dimension k',
      data: [
        line(ks, arr(m.retrieval_at_k), 'CCA top-k', 0),
        line(ks, arr(m.retrieval_pls_at_k), 'PLS top-k', 2),
        flat(num(m.retrieval_procrustes), 'Procrustes, full features', 5),
      ],
      layout: { xaxis: { title: { text: 'k' }, type: 'log', tickvals: ks }, yaxis: { title: { text: `top-1 accuracy (${num(m.n_gallery) ?? ''} test pairs)` } } },
      caption: 'Image features (encoder A) retrieve their own pooled-noisy view (encoder B) among all test digits, after an alignment fitted on the training pairs.',
    },
    {
      id: 'mutual-knn',
      title: 'Mutual k-nearest-neighbour alignment',
      data: [line(ks, arr(m.mutual_knn_at_k), 'after CCA to k dims', 0), flat(num(m.mutual_knn), 'raw features', 7)],
      layout: { xaxis: { title: { text: 'k (projection)' }, type: 'log', tickvals: ks }, yaxis: { title: { text: 'mean neighbour overlap' } } },
      caption: 'How much each test digit’s nearest neighbours agree between the two encoders’ spaces.',
    },
  ];
}

function projectionPlots(m: Metrics): PlotSpec[] {
  const probe = arr(m.probe_accuracy);
  if (!probe.length) return [];
  const spectra = (m.layer_spectra as number[][] | undefined) ?? [];
  return [
    {
      id: 'contrastive-loss',
      title: 'InfoNCE loss',
      data: [line(arr(m.contrastive_steps), arr(m.contrastive_loss), 'train', 0)],
      layout: { xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'loss' } } },
    },
    {
      id: 'probe',
      title: 'Linear-probe accuracy per layer',
      data: [{ type: 'bar', showlegend: false, x: PROJECTION_LAYERS.slice(0, probe.length), y: probe, marker: { color: probe.map((_, i) => clusterColor(i)) } }],
      layout: { yaxis: { title: { text: 'test accuracy' } } },
      caption: 'A softmax layer trained on frozen features of each layer; h is the encoder output (before the projection head), z the head output.',
    },
    {
      id: 'spectra',
      title: 'Feature spectra per layer',
      data: spectra.map((s, i) => line(index(s.length), s, `${PROJECTION_LAYERS[i]} (eff. rank ${arr(m.effective_rank)[i]?.toFixed(1)})`, i)),
      layout: { xaxis: { title: { text: 'eigenvalue index' } }, yaxis: { title: { text: 'share of variance' }, type: 'log' } },
      caption: 'Normalized eigenvalues of each layer’s feature covariance on the test digits; a steeper curve weights fewer features.',
    },
  ];
}

function colbertPlots(m: Metrics): PlotSpec[] {
  const names = (m.colbert_variants as string[] | undefined) ?? [];
  if (!names.length) return [];
  return [{
    id: 'ndcg',
    title: 'NDCG@10 per final-projection variant',
    data: [{ type: 'bar', showlegend: false, x: names, y: arr(m.ndcg10), error_y: { type: 'data', array: arr(m.ndcg10_std), visible: true }, marker: { color: names.map((_, i) => clusterColor(i)) } }],
    layout: { yaxis: { title: { text: `NDCG@10 (mean ± sd over seeds, ${num(m.colbert_gallery) ?? ''} queries)` } } },
    caption: 'MaxSim retrieval of digits (8 row tokens each) from shifted, noisy copies; only the final token projection differs.',
  }];
}

/** The plots of every section that has reported so far, built from the latest metrics. */
export function alignmentPlots(history: Progress[], _config: AlignmentConfig): PlotSpec[] {
  const m = history[history.length - 1]?.metrics ?? {};
  return [...convergentPlots(m), ...platoPlots(m), ...projectionPlots(m), ...colbertPlots(m)];
}
