// The compression page's plots: output error vs stored size per method, and EoRA vs plain SVD compensation by rank.
import type { PlotSpec, Progress } from '../framework/types';
import type { CompressionConfig } from './schema';
import { clusterColor } from '../framework/palette';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const KIB = 8 * 1024;

export function compressionPlots(history: Progress[], config: CompressionConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const dense = num(last.dense_size);
  const baseSize = num(last.base_size);
  if (dense === undefined || baseSize === undefined) return [];
  const base = config.base === 'int4' ? '4-bit' : '2:4';
  const series = [
    ['lord', 'LoRD (SVD of W, rank r)'], ['svd', `${base} + SVD compensation`], ['eora', `${base} + EoRA`],
    ['codebook', 'k-means codebook (1-D)'], ['lr2vq', 'LR²VQ fixed SVD projection (rank d)'], ['cospadi', 'CoSpaDi (K-SVD + OMP)'],
    ['lr2vq_learned', 'LR²VQ learned (same bits)'],
  ] as const;
  // the learned LR²VQ keeps d, K and the projection's size, so it is stored in exactly lr2vq_size bits
  const sizeOf = (id: string) => arr(last[`${id === 'lr2vq_learned' ? 'lr2vq' : id}_size`]);
  const data: Record<string, unknown>[] = series.filter(([id]) => sizeOf(id).length && arr(last[`${id}_error`]).length).map(([id, name], i) => ({
    type: 'scatter', mode: 'lines+markers', name, x: sizeOf(id).map((b) => b / KIB), y: arr(last[`${id}_error`]),
    marker: { color: clusterColor(i), size: 7 }, line: { color: clusterColor(i) },
  }));
  data.push({ type: 'scatter', mode: 'markers', name: `${base} alone`, x: [baseSize / KIB], y: [num(last.base_error)], marker: { color: clusterColor(7), size: 11, symbol: 'diamond' } });
  const plots: PlotSpec[] = [{
    id: 'error-vs-size',
    title: 'Output error vs stored size',
    data,
    layout: {
      xaxis: { title: { text: 'stored size (KiB)' }, type: 'log' },
      yaxis: { title: { text: '‖(W − Ŵ)Xᵀ‖ / ‖WXᵀ‖ (held-out digits)' }, type: 'log' },
      shapes: [{ type: 'line', x0: dense / KIB, x1: dense / KIB, yref: 'paper', y0: 0, y1: 1, line: { dash: 'dash', color: '#b42318' } }],
    },
    caption: 'Relative error of the layer’s outputs on held-out digits; the dashed line is the dense float32 layer’s size. '
      + 'LR²VQ bits, fixed and learned alike: 32·n·d (float32 projection) + 32·2·K (codebook of K 2-vectors) + (m·d/2)·log₂K (indices).',
  }];
  const loss = arr(last.lr2vq_learned_loss);
  if (loss.length) {
    plots.push({
      id: 'lr2vq-training',
      title: 'Learned LR²VQ: calibration loss per step (largest d)',
      data: [{ type: 'scatter', mode: 'lines', name: 'tr(E·G·Eᵀ) + β‖A − q(A)‖²', x: loss.map((_, i) => i + 1), y: loss, line: { color: clusterColor(4) } }],
      layout: { xaxis: { title: { text: 'Adam step' } }, yaxis: { title: { text: 'loss' }, type: 'log' } },
      caption: 'E = W − q(A)·Bᵀ, G = XᵀX/N on the calibration digits; training starts from the fixed SVD LR²VQ (A = W·V_d, B = V_d, its codebook); step 1 follows one k-means step of the codebook.',
    });
  }
  const ranks = arr(last.ranks);
  if (ranks.length) {
    plots.push({
      id: 'compensation',
      title: `Compensating ${base} error: EoRA vs plain SVD (activation-weighted)`,
      data: [
        { type: 'scatter', mode: 'lines+markers', name: 'EoRA (eigenspace)', x: ranks, y: arr(last.eora_cnorm), marker: { color: clusterColor(2) }, line: { color: clusterColor(2) } },
        { type: 'scatter', mode: 'markers', name: '√Σ_{i>r}σᵢ²(ΔW·S)', x: ranks, y: arr(last.eora_theory), marker: { color: clusterColor(7), symbol: 'x', size: 10 } },
        { type: 'scatter', mode: 'lines+markers', name: 'plain SVD of ΔW', x: ranks, y: arr(last.svd_cnorm), marker: { color: clusterColor(1) }, line: { color: clusterColor(1) } },
      ],
      layout: { xaxis: { title: { text: 'rank r' }, type: 'log', tickvals: ranks }, yaxis: { title: { text: '‖(ΔW − L_r)S‖_F / ‖ΔW·S‖_F' } } },
      caption: 'S = QΛ^½ from the calibration Gram XᵀX = QΛQᵀ; EoRA’s error is exactly the singular-value tail of ΔW·S, never above plain SVD’s.',
    });
  }
  return plots;
}
