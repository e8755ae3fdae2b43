// The subspace-clustering page's plots from the streamed metrics: 3-D scatter, sorted affinity, scores, objective curves.
import { matchLabels } from '../../cluster/metrics';
import type { Metrics, PlotSpec, Progress } from '../framework/types';
import { CLUSTER_COLORS } from '../framework/palette';
import { METHOD_OPTIONS, type SubspaceClusteringConfig } from './schema';
import { dscPlots } from './dscPlots';
import { sceneFrameAnchor, sceneFrameLayout, type SceneFrame } from '../framework/sceneFrame';
import { mlcPlots } from './mlcPlots';

/** Okabe & Ito's color-blind-safe palette (black last), then a grey for a ninth group and beyond. */
const EXTRA = '#999999';
const colorOf = (group: number) => (group >= 0 && group < CLUSTER_COLORS.length ? CLUSTER_COLORS[group] : EXTRA);
/** Marker shapes that tell groups apart beyond the eight colors. */
const SHAPES = ['circle', 'square', 'diamond'];

const arr = (v: unknown): number[] | undefined => (Array.isArray(v) ? (v as number[]) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const labelOf = (m: string) => METHOD_OPTIONS.find((o) => o.value === m)?.label ?? m;

/** The method whose assignment to draw: the chosen one if it has run, else the first that has. */
function shownMethod(m: Metrics, wanted: string, needs: 'labels' | 'affinity'): string | null {
  const done = (m.methods_done as string[] | undefined) ?? [];
  const has = (x: string) => arr(m[`${needs}_${x}`]) !== undefined;
  if (done.includes(wanted) && has(wanted)) return wanted;
  return done.find(has) ?? null;
}

/** The 3-D scatter's box: the top 3 principal coordinates, scaled into [−1, 1] (pcaInFrame). */
export const PCA_FRAME: SceneFrame = { x: { title: 'PC1', range: [-1, 1] }, y: { title: 'PC2', range: [-1, 1] }, z: { title: 'PC3', range: [-1, 1] } };

/**
 * The points' principal coordinates divided by the largest |coordinate| of any point, so they fill PCA_FRAME: one
 * factor for all three axes keeps the picture's shape (the spread along PC3 against PC1's).
 */
export function pcaInFrame(pca: number[][]): number[][] {
  let top = 0;
  for (const p of pca) for (const v of p) top = Math.max(top, Math.abs(v));
  return top > 0 ? pca.map((p) => p.map((v) => v / top)) : pca;
}

function scatterPlot(m: Metrics, config: SubspaceClusteringConfig): PlotSpec | null {
  const raw = m.pca as number[][] | undefined;
  const truth = arr(m.truth);
  if (!raw || !truth) return null;
  const pca = pcaInFrame(raw);
  const method = shownMethod(m, config.show, 'labels');
  const labels = method ? arr(m[`labels_${method}`])! : truth;
  // Clusters take the color of the class they match best, so a right point has its class's color.
  const mapped = method ? Array.from(matchLabels(labels, truth)) : truth;
  const traces: Record<string, unknown>[] = [];
  const groups = [...new Set(mapped)].sort((a, b) => a - b);
  for (const g of groups) {
    const right = mapped.map((v, i) => (v === g && (truth[i] === g || truth[i] < 0) ? i : -1)).filter((i) => i >= 0);
    if (!right.length) continue;
    traces.push({
      type: 'scatter3d', mode: 'markers', name: g < 0 ? 'unmatched cluster' : method ? `cluster ↔ group ${g}` : `group ${g}`,
      x: right.map((i) => pca[i][0]), y: right.map((i) => pca[i][1]), z: right.map((i) => pca[i][2]),
      marker: { size: 3, color: colorOf(g), symbol: SHAPES[Math.floor(Math.max(g, 0) / CLUSTER_COLORS.length) % SHAPES.length] },
    });
  }
  const wrong = mapped.map((v, i) => (truth[i] >= 0 && v !== truth[i] ? i : -1)).filter((i) => i >= 0);
  if (method && wrong.length) {
    traces.push({
      type: 'scatter3d', mode: 'markers', name: `misclustered (${wrong.length})`,
      x: wrong.map((i) => pca[i][0]), y: wrong.map((i) => pca[i][1]), z: wrong.map((i) => pca[i][2]),
      marker: { size: 5, symbol: 'x', color: wrong.map((i) => colorOf(mapped[i])), line: { color: '#000000', width: 1 } },
    });
  }
  return {
    id: 'scatter',
    title: method ? `${labelOf(method)}: assignment in the top 3 principal directions` : 'The data in its top 3 principal directions',
    data: [...traces, sceneFrameAnchor(PCA_FRAME)],
    layout: { scene: sceneFrameLayout(PCA_FRAME) },
    caption: `${method
      ? 'Colors are clusters, matched one-to-one to the true groups (Hungarian); crosses are points put in the wrong group.'
      : 'Colored by the true group; run a method to color by its assignment.'} Coordinates are divided by the largest |coordinate|, the same factor on every axis.`,
  };
}

function affinityPlot(m: Metrics, config: SubspaceClusteringConfig): PlotSpec | null {
  const method = shownMethod(m, config.show, 'affinity');
  if (!method) return null;
  const z = m[`affinity_${method}`] as number[][];
  let top = 0;
  for (const row of z) for (const v of row) top = Math.max(top, v);
  return {
    id: 'affinity',
    title: `${labelOf(method)}: affinity, sorted by true group`,
    // √ keeps weak links visible next to strong ones; Viridis reads in grey and for color-blind viewers.
    data: [{ type: 'heatmap', z: z.map((row) => row.map((v) => Math.sqrt(v / (top || 1)))), colorscale: 'Viridis', showscale: true, colorbar: { title: { text: '√(w / max w)' } } }],
    layout: { yaxis: { autorange: 'reversed', scaleanchor: 'x', showticklabels: false }, xaxis: { showticklabels: false }, showlegend: false },
    caption: 'A good affinity is block diagonal: points connect only to points of their own group. Large data sets are block-averaged.',
  };
}

function scorePlots(m: Metrics): PlotSpec[] {
  const done = ((m.methods_done as string[] | undefined) ?? []).filter((x) => num(m[`accuracy_${x}`]) !== undefined);
  if (!done.length) return [];
  const names = done.map(labelOf);
  const series = [['accuracy', 'accuracy (Hungarian)'], ['nmi', 'NMI'], ['ari', 'ARI']].map(([key, name], j) => ({
    type: 'bar', name, x: names, y: done.map((x) => num(m[`${key}_${x}`])), marker: { color: CLUSTER_COLORS[[4, 0, 2][j]] },
    hovertemplate: '%{x}: %{y:.3f}<extra>' + name + '</extra>',
  }));
  const fmt = (v: number | undefined, digits: number) => (v === undefined ? '—' : v.toFixed(digits));
  return [
    {
      id: 'scores', title: 'Scores against the true groups', data: series,
      layout: { barmode: 'group', yaxis: { title: { text: 'score' }, range: [Math.min(0, ...done.map((x) => num(m[`ari_${x}`]) ?? 0)), 1.02] } },
      caption: 'Accuracy under the best cluster-to-group matching, normalized mutual information and adjusted Rand index (1 is perfect).',
    },
    {
      id: 'score-table', title: 'Scores and time per method',
      data: [{
        type: 'table',
        header: { values: ['method', 'accuracy', 'NMI', 'ARI', 'time (ms)'], align: 'left', fill: { color: '#e8e8e8' } },
        cells: { values: [names, done.map((x) => fmt(num(m[`accuracy_${x}`]), 3)), done.map((x) => fmt(num(m[`nmi_${x}`]), 3)), done.map((x) => fmt(num(m[`ari_${x}`]), 3)), done.map((x) => fmt(num(m[`time_ms_${x}`]), 0))], align: 'left' },
      }],
      caption: 'Times are wall-clock on this page’s backend, including the spectral clustering step.',
    },
  ];
}

function curvePlots(m: Metrics): PlotSpec[] {
  const done = (m.methods_done as string[] | undefined) ?? [];
  const plots: PlotSpec[] = [];
  const curves = done.filter((x) => arr(m[`curve_${x}`])?.length);
  if (curves.length) {
    plots.push({
      id: 'objective', title: 'Objective over iterations (relative to the first)',
      data: curves.map((x) => {
        const v = arr(m[`curve_${x}`])!;
        return { type: 'scatter', mode: 'lines+markers', name: `${labelOf(x)}: ${String(m[`curve_name_${x}`] ?? 'objective')}`, x: arr(m[`curve_iterations_${x}`]), y: v.map((y) => y / (v[0] || 1)), marker: { size: 4, color: colorOf(METHOD_OPTIONS.findIndex((o) => o.value === x)) } };
      }),
      layout: { xaxis: { title: { text: 'iteration' } }, yaxis: { title: { text: 'f / f(first)' }, type: 'log' } },
      caption: 'k-means and k-subspaces descend monotonically; ADMM’s objective settles as its constraint C = Z is met.',
    });
  }
  const admm = done.filter((x) => arr(m[`primal_residual_${x}`])?.length);
  if (admm.length) {
    plots.push({
      id: 'admm-residual', title: 'ADMM primal residual max|Z − C|',
      data: admm.map((x) => ({ type: 'scatter', mode: 'lines+markers', name: labelOf(x), x: arr(m[`primal_residual_iterations_${x}`]), y: arr(m[`primal_residual_${x}`])!.map((v) => Math.max(v, 1e-12)), marker: { size: 4, color: colorOf(METHOD_OPTIONS.findIndex((o) => o.value === x)) } })),
      layout: { xaxis: { title: { text: 'iteration' } }, yaxis: { title: { text: 'max |Z − C|' }, type: 'log' } },
      caption: 'The solver stops once this and the change in C fall below 2·10⁻⁴, or at the iteration limit.',
    });
  }
  return plots;
}

export function subspaceClusteringPlots(history: Progress[], config: SubspaceClusteringConfig): PlotSpec[] {
  const m = history[history.length - 1]?.metrics;
  if (!m) return [];
  return [scatterPlot(m, config), affinityPlot(m, config), ...scorePlots(m), ...curvePlots(m), ...dscPlots(m), ...mlcPlots(m)].filter((p): p is PlotSpec => p !== null);
}
