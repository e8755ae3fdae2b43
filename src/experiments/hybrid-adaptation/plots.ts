// The hybrid-adaptation page's plots: sample grids before and after, distance to each target subspace, source identity.
import type { PlotSpec, Progress } from '../framework/types';
import type { HybridAdaptationConfig } from './schema';
import { clusterColor } from '../framework/palette';

const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const images = (v: unknown): number[][] => (Array.isArray(v) ? (v as number[][]) : []);

/**
 * Rows of 8×8 images side by side, one grid row per entry of `rows`, with a blank (null) pixel between images.
 * @returns z for a plotly heatmap: (9·rows − 1) × (9·max images − 1)
 */
export function imageGrid(rows: number[][][]): (number | null)[][] {
  const width = Math.max(1, ...rows.map((r) => r.length)) * 9 - 1;
  const z: (number | null)[][] = [];
  rows.forEach((row, g) => {
    if (g > 0) z.push(new Array(width).fill(null));
    for (let r = 0; r < 8; r++) {
      const line: (number | null)[] = new Array(width).fill(null);
      row.forEach((img, k) => {
        for (let c = 0; c < 8; c++) line[k * 9 + c] = img[r * 8 + c];
      });
      z.push(line);
    }
  });
  return z;
}

export function hybridAdaptationPlots(history: Progress[], _config: HybridAdaptationConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const plots: PlotSpec[] = [];
  const grid: [string, number[][]][] = [
    ['A: thick', images(last.shots_a)], ['B: slanted', images(last.shots_b)],
    ['source G', images(last.samples_before)], ['adapted G′', images(last.samples_after)],
  ];
  const shown = grid.filter(([, rows]) => rows.length);
  if (shown.length) {
    const z = imageGrid(shown.map(([, rows]) => rows));
    plots.push({
      id: 'samples',
      title: 'Target shots, and generated digits before and after adaptation',
      data: [{ type: 'heatmap', z, colorscale: 'Greys', reversescale: true, zmin: 0, zmax: 1, showscale: false, hoverongaps: false }],
      layout: {
        margin: { l: 90 },
        xaxis: { visible: false },
        yaxis: { autorange: 'reversed', tickvals: shown.map((_, g) => g * 9 + 3.5), ticktext: shown.map(([name]) => name), scaleanchor: 'x' },
      },
      caption: 'Rows: a few shots of each target domain, then the source generator and the adapted one on the same held-out latents (one per digit class).',
    });
  }
  const steps = arr(last.steps);
  if (steps.length) {
    plots.push({
      id: 'distances',
      title: 'Distance to each target subspace during adaptation',
      data: [
        { type: 'scatter', mode: 'lines+markers', x: steps, y: arr(last.distance_a), name: 'domain A (thick)', line: { color: clusterColor(0) } },
        { type: 'scatter', mode: 'lines+markers', x: steps, y: arr(last.distance_b), name: 'domain B (slanted)', line: { color: clusterColor(1) } },
      ],
      layout: { xaxis: { title: { text: 'adaptation step' } }, yaxis: { title: { text: 'mean ‖(I − PPᵀ) f(G′(z))‖' }, rangemode: 'tozero' } },
      caption: 'Mean distance of the encoded generated digits (held-out latents) to each domain’s subspace; the hybrid lowers both at once.',
    });
    plots.push({
      id: 'identity',
      title: 'Source identity: does an independent classifier still read the digit?',
      data: [{ type: 'scatter', mode: 'lines+markers', x: steps, y: arr(last.identity), name: 'identity score', line: { color: clusterColor(2) } }],
      layout: { xaxis: { title: { text: 'adaptation step' } }, yaxis: { title: { text: 'fraction classified as its source digit' }, range: [0, 1.02] } },
      caption: 'A second digits classifier (never used by the loss) labels G′(z); the score is how often it names the class of the digit z was encoded from.',
    });
  }
  return plots;
}
