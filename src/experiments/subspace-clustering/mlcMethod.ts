// The subspace-clustering page's MLC method: learned Π against the fixed Sinkhorn reading of the same data.
import type { Backend, Tensor } from '../../engine/backend';
import { mcr2Cluster } from '../../cluster/mcr2';
import { mlcCluster } from '../../cluster/mlc';
import type { MethodOutcome } from './methods';
import type { SubspaceClusteringConfig } from './schema';

/**
 * Trains MLC on x (n, D) and, for comparison, runs today's non-learned reading (Sinkhorn of the input similarity,
 * spectral clustering). Headline: mlc_acc_learned, mlc_acc_fixed; history: mlc_steps, mlc_accuracy, mlc_objective,
 * mlc_R, mlc_Rc, mlc_H, mlc_row_error, mlc_col_error (one entry per report). The affinity is the learned Π.
 */
export async function runMlc(be: Backend, x: Tensor, k: number, config: SubspaceClusteringConfig, score?: (labels: Int32Array) => number): Promise<MethodOutcome> {
  const seed = config.seed;
  const steps = config.mlcSteps;
  const r = await mlcCluster(be, x, k, { seed, restarts: config.restarts, steps, gamma: config.mlcGamma, eta: config.mlcEta, reportEvery: Math.max(1, Math.round(steps / 6)) }, score);
  const fixed = await mcr2Cluster(be, x, k, { seed, restarts: config.restarts });
  const h = r.history;
  const extra: Record<string, number | number[]> = {
    mlc_steps: h.map((p) => p.step), mlc_objective: h.map((p) => p.objective), mlc_R: h.map((p) => p.R), mlc_Rc: h.map((p) => p.Rc), mlc_H: h.map((p) => p.H),
    mlc_row_error: h.map((p) => p.rowError), mlc_col_error: h.map((p) => p.colError),
  };
  if (score) {
    extra.mlc_accuracy = h.map((p) => p.accuracy ?? NaN);
    extra.mlc_acc_learned = score(r.labels);
    extra.mlc_acc_fixed = score(fixed.labels);
  }
  return { labels: r.labels, affinity: r.plan, scalars: { objective: h[h.length - 1].objective }, extra };
}
