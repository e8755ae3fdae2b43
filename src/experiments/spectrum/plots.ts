// The spectrum page's plots, built from the streamed metrics (data only; src/ui/plots draws them).
import type { PlotSpec, Progress } from '../framework/types';
import type { SpectrumConfig } from './schema';
import { factoredParams, normalizedSpectrum, reconstructRankK, weloreRank } from '../common/lowRank';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const arr = (v: unknown): number[] | undefined => (Array.isArray(v) ? (v as number[]) : undefined);

/** Rows of a row-major matrix, flipped so row 0 is drawn at the top of a heatmap. */
function heatmapRows(data: ArrayLike<number>, rows: number, cols: number, maxRows = 400): number[][] {
  const step = Math.max(1, Math.ceil(rows / maxRows));
  const out: number[][] = [];
  for (let i = 0; i < rows; i += step) out.push(Array.from({ length: cols }, (_, j) => data[i * cols + j]));
  return out;
}

export function spectrumPlots(history: Progress[], config: SpectrumConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const m = num(last.m) ?? 0;
  const n = num(last.n) ?? 0;
  const sigma = arr(last.sigma);
  const plots: PlotSpec[] = [];
  if (sigma) {
    const ks = sigma.map((_, i) => i + 1);
    plots.push({
      id: 'spectrum',
      title: 'Singular spectrum',
      data: [{ type: 'scatter', mode: 'lines+markers', x: ks, y: sigma.map((s) => Math.max(s, 1e-12)), name: 'σᵢ', marker: { size: 4 } }],
      layout: { xaxis: { title: { text: 'index i' } }, yaxis: { title: { text: 'σᵢ' }, type: 'log' } },
      caption: 'Singular values, largest first, on a log scale: a fast drop means the matrix is close to low rank.',
    });
    const energy = arr(last.energy) ?? [];
    plots.push({
      id: 'energy',
      title: 'Energy captured by the top k',
      data: [{ type: 'scatter', mode: 'lines', x: ks, y: energy, name: 'Σ_{i≤k}σᵢ² / Σσᵢ²' }],
      layout: {
        xaxis: { title: { text: 'k' } },
        yaxis: { title: { text: 'fraction of ‖A‖²' }, range: [0, 1.02] },
        shapes: [{ type: 'line', x0: config.k, x1: config.k, y0: 0, y1: 1, line: { dash: 'dot', color: '#c05621' } }],
      },
      caption: `The dotted line is the chosen rank k = ${config.k}.`,
    });
    const errors = arr(last.error_theory) ?? [];
    const breakEven = num(last.lord_breakeven) ?? 0;
    const params = errors.map((_, k) => factoredParams(m, n, k));
    plots.push({
      id: 'error-vs-params',
      title: 'Error vs parameters (LoRD)',
      data: [
        { type: 'scatter', mode: 'lines', x: params, y: errors, name: '‖A − A_k‖_F' },
        { type: 'scatter', mode: 'markers', x: [m * n], y: [0], name: 'dense (m·n)', marker: { size: 9, symbol: 'diamond' } },
      ],
      layout: {
        xaxis: { title: { text: 'parameters k(m+n)' } },
        yaxis: { title: { text: '‖A − A_k‖_F' } },
        shapes: [{ type: 'line', x0: m * n, x1: m * n, yref: 'paper', y0: 0, y1: 1, line: { dash: 'dash', color: '#b42318' } }],
        annotations: [{ x: m * n, yref: 'paper', y: 1, text: `break-even k = mn/(m+n) ≈ ${breakEven.toFixed(1)}`, showarrow: false, xanchor: 'right' }],
      },
      caption: 'Factoring to rank k stores k(m+n) numbers; left of the dashed line (k < mn/(m+n)) it saves parameters.',
    });
    const normalized = normalizedSpectrum(sigma);
    const wr = weloreRank(sigma, config.weloreThreshold);
    plots.push({
      id: 'welore',
      title: `WeLore’s normalized spectrum: keeps rank ${wr}`,
      data: [{ type: 'bar', x: ks, y: normalized, marker: { color: normalized.map((v) => (v >= config.weloreThreshold ? '#1f3a5f' : '#c9c4b8')) }, name: 'σ̂ᵢ' }],
      layout: {
        xaxis: { title: { text: 'index i' } },
        yaxis: { title: { text: '(σ − min)/(max − min)' } },
        shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: config.weloreThreshold, y1: config.weloreThreshold, line: { dash: 'dot', color: '#c05621' } }],
      },
      caption: `Directions with σ̂ ≥ ${config.weloreThreshold} are kept (dark bars).`,
    });
  }
  // the original is streamed once, with the first step
  const original = arr(history.find((h) => h.metrics.original)?.metrics.original);
  const U = arr(last.U);
  const V = arr(last.V);
  if (original && m && n) {
    // one gray scale for both panels, fixed by the original's range, so they compare directly
    let zmin = Infinity;
    let zmax = -Infinity;
    for (const v of original) {
      zmin = Math.min(zmin, v);
      zmax = Math.max(zmax, v);
    }
    const gray = { type: 'heatmap', colorscale: 'Greys', zmin, zmax, showscale: false };
    const panels: Record<string, unknown>[] = [{ ...gray, z: heatmapRows(original, m, n), xaxis: 'x', yaxis: 'y', name: 'original' }];
    let title = 'The matrix';
    if (U && V && sigma) {
      const k = Math.min(config.k, sigma.length);
      const rec = reconstructRankK(U, sigma, V, m, n, sigma.length, k);
      panels.push({ ...gray, z: heatmapRows(rec, m, n), xaxis: 'x2', yaxis: 'y2', name: `rank ${k}` });
      title = `Original and its rank-${k} reconstruction`;
    }
    const image = m === n;
    plots.push({
      id: 'reconstruction',
      title,
      data: panels,
      layout: {
        grid: { rows: 1, columns: panels.length, pattern: 'independent' },
        yaxis: { autorange: 'reversed', scaleanchor: image ? 'x' : undefined, showticklabels: false },
        yaxis2: { autorange: 'reversed', scaleanchor: image ? 'x2' : undefined, showticklabels: false },
        xaxis: { showticklabels: false },
        xaxis2: { showticklabels: false },
      },
      caption: 'Drag the rank slider: the reconstruction updates from the computed factors without a new run.',
    });
  }
  return plots;
}
