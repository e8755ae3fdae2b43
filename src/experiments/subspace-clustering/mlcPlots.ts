// The subspace-clustering page's MLC plots: accuracy and objective over training, and the learned Π sorted by group.
import type { Metrics, PlotSpec } from '../framework/types';
import { CLUSTER_COLORS } from '../framework/palette';

const arr = (v: unknown): number[] | undefined => (Array.isArray(v) ? (v as number[]) : undefined);

function trainingPlot(m: Metrics): PlotSpec | null {
  const steps = arr(m.mlc_steps);
  const objective = arr(m.mlc_objective);
  if (!steps || !objective) return null;
  const data: Record<string, unknown>[] = [
    { type: 'scatter', mode: 'lines+markers', name: 'F = R − R_c + γ·H(Π)', x: steps, y: objective, yaxis: 'y2', marker: { size: 5, color: CLUSTER_COLORS[1] } },
  ];
  const accuracy = arr(m.mlc_accuracy);
  if (accuracy) {
    data.unshift({ type: 'scatter', mode: 'lines+markers', name: 'accuracy, learned Π', x: steps, y: accuracy, marker: { size: 5, color: CLUSTER_COLORS[4] } });
    if (typeof m.mlc_acc_fixed === 'number') {
      data.splice(1, 0, { type: 'scatter', mode: 'lines', name: 'accuracy, fixed Sinkhorn Π', x: [steps[0], steps[steps.length - 1]], y: [m.mlc_acc_fixed, m.mlc_acc_fixed], line: { dash: 'dash', color: '#666666' } });
    }
  }
  return {
    id: 'mlc-training', title: 'MLC: accuracy and objective over training',
    data,
    layout: { xaxis: { title: { text: 'Adam step' } }, yaxis: { title: { text: 'accuracy (Hungarian)' }, range: [0, 1.02] }, yaxis2: { title: { text: 'F (nats)' }, overlaying: 'y', side: 'right' } },
    caption: 'Accuracy of spectral clustering on the learned Π at each report, against the fixed reading (Sinkhorn of the input similarity, dashed).',
  };
}

function membershipPlot(m: Metrics): PlotSpec | null {
  const plan = m.affinity_mlc as number[][] | undefined;
  if (!plan) return null;
  const rowError = arr(m.mlc_row_error);
  let top = 0;
  for (const row of plan) for (const v of row) top = Math.max(top, v);
  return {
    id: 'mlc-membership', title: 'MLC: learned membership Π, sorted by true group',
    // √ keeps the off-diagonal blocks visible next to the strong self-membership on the diagonal
    data: [{ type: 'heatmap', z: plan.map((row) => row.map((v) => Math.sqrt(v / (top || 1)))), colorscale: 'Viridis', showscale: true, colorbar: { title: { text: '√(Π_ij / max Π)' } } }],
    layout: { yaxis: { autorange: 'reversed', scaleanchor: 'x', showticklabels: false }, xaxis: { showticklabels: false }, showlegend: false },
    caption: `Π is doubly stochastic (columns sum to 1 exactly, rows within ${rowError ? Math.max(...rowError).toExponential(1) : '—'}); good clustering shows blocks on the diagonal.`,
  };
}

/** The MLC plots, when the MLC method has run. */
export function mlcPlots(m: Metrics): PlotSpec[] {
  return [trainingPlot(m), membershipPlot(m)].filter((p): p is PlotSpec => p !== null);
}
