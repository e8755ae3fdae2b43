// The codecs page's plots: rate–distortion curves, reconstructions side by side, codebook usage, training losses.
import type { PlotSpec, Progress } from '../framework/types';
import type { CodecsConfig } from './schema';

const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const LEGEND = { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' };
const COLORS = { walloc: '#D55E00', pca: '#0072B2', vq: '#009E73' };

/** Columns of blank (null) cells between two images of a montage. */
export const MONTAGE_GAP = 4;

/**
 * Images of equal height side by side in one heatmap, MONTAGE_GAP blank columns apart, and the x of each image's
 * centre. One heatmap on one pair of axes: four images on four subplots cost a draw about twice as long (each
 * subplot's axes, grid and canvas), a main-thread task over 100 ms on a 2-core machine.
 */
export function montage(images: number[][][]): { z: (number | null)[][]; centers: number[] } {
  const gap: null[] = new Array(MONTAGE_GAP).fill(null);
  const centers: number[] = [];
  let x = 0;
  for (const img of images) {
    const w = img[0]?.length ?? 0;
    centers.push(x + (w - 1) / 2);
    x += w + MONTAGE_GAP;
  }
  const height = Math.min(...images.map((img) => img.length));
  const z = Array.from({ length: height }, (_, r) => images.flatMap((img, i) => (i ? [...gap, ...img[r]] : img[r])));
  return { z, centers };
}

/** Row-major image → heatmap rows. */
function rowsOf(data: number[], width: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i + width <= data.length; i += width) out.push(data.slice(i, i + width));
  return out;
}

export function codecsPlots(history: Progress[], _config: CodecsConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const plots: PlotSpec[] = [];
  const rd = (key: 'walloc' | 'pca' | 'vq', name: string) => ({ type: 'scatter', mode: 'lines+markers', x: arr(last[`rd_${key}_bpp`]), y: arr(last[`rd_${key}_psnr`]), name, line: { color: COLORS[key] } });
  if (arr(last.rd_pca_bpp).length) {
    const traces = [rd('pca', 'PCA + rounding'), ...(arr(last.rd_walloc_bpp).length ? [rd('walloc', 'WaLLoC-style')] : []), ...(arr(last.rd_vq_bpp).length ? [rd('vq', 'VQ, codebook shrunk by k-means')] : [])];
    plots.push({
      id: 'rate-distortion',
      title: 'Rate–distortion',
      data: traces,
      layout: { legend: LEGEND, xaxis: { title: { text: 'bits per pixel' }, type: 'log' }, yaxis: { title: { text: 'PSNR (dB)' } } },
      caption: 'Each point is one quantization step (PCA, WaLLoC) or one codebook size (VQ); rates are measured code lengths of the rounded latents or indices. Up and to the left is better.',
    });
  }
  // the original and its tiling are streamed once, with the first step
  const first = history.find((h) => h.metrics.original)?.metrics ?? {};
  const width = (num(first.tiles_across) ?? 0) * 8;
  const original = arr(first.original);
  if (original.length && width) {
    const panels: [string, number[]][] = [['original', original]];
    if (arr(last.recon_walloc).length) panels.push([`WaLLoC ${num(last.bpp_walloc)?.toFixed(3)} bpp`, arr(last.recon_walloc)], [`PCA ${num(last.recon_pca_bpp)?.toFixed(3)} bpp`, arr(last.recon_pca)]);
    if (arr(last.recon_vq).length) panels.push([`VQ ${num(last.bpp_vq)?.toFixed(3)} bpp`, arr(last.recon_vq)]);
    const { z, centers } = montage(panels.map(([, img]) => rowsOf(img, width)));
    const hidden = { showticklabels: false, showgrid: false, zeroline: false, ticks: '' };
    const layout = {
      height: 260,
      margin: { l: 10, r: 10, t: 30, b: 10 },
      showlegend: false,
      xaxis: { ...hidden, range: [-0.5, (z[0]?.length ?? 0) - 0.5] },
      // the y axis shrinks to the images' height (pixels stay square), so each name sits right above its image
      yaxis: { ...hidden, autorange: 'reversed', scaleanchor: 'x', constrain: 'domain' },
      annotations: panels.map(([name], i) => ({ text: name, x: centers[i], xref: 'x', y: 1, yref: 'y domain', yanchor: 'bottom', showarrow: false })),
    };
    const data = [{ type: 'heatmap', z, colorscale: 'Greys', zmin: 0, zmax: 1, showscale: false, hoverinfo: 'z', name: 'decoded images' }];
    plots.push({
      id: 'reconstructions',
      title: 'Decoded images',
      data,
      layout,
      caption: 'The same patches decoded by each codec; PCA is shown at the sweep point whose rate is nearest WaLLoC’s.',
    });
  }
  if (arr(last.usage_full).length) {
    const full = arr(last.usage_full);
    const shrunk = arr(last.usage_shrunk);
    plots.push({
      id: 'codebook-usage',
      title: `Codebook usage: ${num(last.vq_used_codes)} of ${full.length} codes used, shrunk to ${shrunk.length}`,
      data: [
        { type: 'bar', x: full.map((_, i) => i + 1), y: full, name: `trained codebook (${full.length})`, marker: { color: '#999999' } },
        { type: 'bar', x: shrunk.map((_, i) => i + 1), y: shrunk, name: `after k-means (${shrunk.length})`, marker: { color: COLORS.vq } },
      ],
      layout: { legend: LEGEND, barmode: 'overlay', xaxis: { title: { text: 'code, most used first' }, type: 'log' }, yaxis: { title: { text: 'patches' } } },
      caption: 'How many patches pick each codeword. A peaked histogram has low entropy: its indices cost fewer bits.',
    });
  }
  if (num(last.acc_latent) !== undefined) {
    const acc = [num(last.acc_latent) ?? 0, num(last.acc_downsampled) ?? 0];
    plots.push({
      id: 'compressed-learning',
      title: 'Learning on 16 numbers per digit',
      data: [{ type: 'bar', showlegend: false, name: 'test accuracy', x: ['16 rounded latents', '4×4 downsampled pixels'], y: acc, text: acc.map((a) => a.toFixed(3)), textposition: 'auto', marker: { color: [COLORS.walloc, '#999999'] } }],
      layout: { xaxis: {}, yaxis: { title: { text: 'test accuracy' }, range: [0, 1.02] } },
      caption: 'The same 16-32-10 classifier, trained on held-out-split digits coded two ways at equal size: the linear wavelet encoder’s rounded latents keep more of what tells digits apart than downsampling does.',
    });
  }
  const losses: Record<string, unknown>[] = [];
  for (const [key, name, color] of [['ae', 'linear AE (no rounding)', COLORS.pca], ['walloc', 'WaLLoC (noise + rate)', COLORS.walloc], ['vq', 'VQ (with commitment)', COLORS.vq]] as const) {
    if (arr(last[`${key}_loss`]).length) losses.push({ type: 'scatter', mode: 'lines', x: arr(last[`${key}_loss_steps`]), y: arr(last[`${key}_loss`]), name, line: { color } });
  }
  if (losses.length) {
    const floor = num(last.mse_pca_unquantized);
    plots.push({
      id: 'training',
      title: 'Training losses',
      data: losses,
      layout: {
        legend: LEGEND, xaxis: { title: { text: 'Adam step' } }, yaxis: { title: { text: 'loss' }, type: 'log' },
        ...(floor ? { shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: floor, y1: floor, line: { dash: 'dot', color: COLORS.pca } }] } : {}),
      },
      caption: 'The dotted line is PCA’s error at the same latent size: the linear autoencoder’s loss falls to it.',
    });
  }
  return plots;
}
