// The subspace-clustering run: make the data, run each chosen method on the active backend, score it against the truth.
import type { Metrics, Progress, RunContext } from '../framework/types';
import { accuracy, ari, nmi } from '../../cluster/metrics';
import { loadClusteringData, orderByTruth, pcaCoordinates, reorderedAffinity } from './data';
import { runMethod } from './methods';
import { dscHeadline } from './dscMethod';
import type { MethodId, SubspaceClusteringConfig } from './schema';

/** Scores on the inliers only (outliers have truth −1 and no right answer). */
export function inlierScores(labels: ArrayLike<number>, truth: ArrayLike<number>): { accuracy: number; nmi: number; ari: number } {
  const keep = Array.from({ length: truth.length }, (_, i) => i).filter((i) => truth[i] >= 0);
  const pred = keep.map((i) => labels[i]);
  const real = keep.map((i) => truth[i]);
  return { accuracy: accuracy(pred, real), nmi: nmi(pred, real), ari: ari(pred, real) };
}

/**
 * Yields once with the data (PCA view, truth), then once per method with its labels, scores, time, affinity
 * (sorted by true label) and objective curve. Metrics accumulate, so the last yield holds everything;
 * per-method numbers are named accuracy_<method>, nmi_<method>, ari_<method>, time_ms_<method>.
 */
export async function* runSubspaceClustering(config: SubspaceClusteringConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const data = await loadClusteringData(config, ctx);
  const methods = config.methods as MethodId[];
  const total = methods.length + 1;
  const metrics: Metrics = {
    n: data.n, d: data.d, k: data.k, description: data.description,
    truth: Array.from(data.truth), pca: await pcaCoordinates(be, data), methods_done: [],
  };
  yield { step: 1, total, metrics: { ...metrics } };
  const order = orderByTruth(data.truth);
  const x = be.upload(data.X, { rows: data.n, cols: data.d });
  try {
    for (const [i, method] of methods.entries()) {
      if (ctx.signal.aborted) return;
      const started = performance.now();
      const outcome = await runMethod(be, method, x, data.k, config, (labels) => inlierScores(labels, data.truth).accuracy);
      const elapsed = performance.now() - started;
      const scores = inlierScores(outcome.labels, data.truth);
      metrics[`labels_${method}`] = Array.from(outcome.labels);
      metrics[`accuracy_${method}`] = scores.accuracy;
      metrics[`nmi_${method}`] = scores.nmi;
      metrics[`ari_${method}`] = scores.ari;
      metrics[`time_ms_${method}`] = elapsed;
      for (const [name, v] of Object.entries(outcome.scalars)) metrics[`${name}_${method}`] = v;
      if (outcome.extra) Object.assign(metrics, outcome.extra);
      if (outcome.affinity) metrics[`affinity_${method}`] = reorderedAffinity(outcome.affinity, data.n, order);
      if (outcome.curve) {
        metrics[`curve_${method}`] = outcome.curve.values;
        metrics[`curve_iterations_${method}`] = outcome.curve.iterations;
        metrics[`curve_name_${method}`] = outcome.curve.name;
      }
      if (outcome.primalResidual) {
        metrics[`primal_residual_${method}`] = outcome.primalResidual.values;
        metrics[`primal_residual_iterations_${method}`] = outcome.primalResidual.iterations;
      }
      metrics.methods_done = [...(metrics.methods_done as string[]), method];
      Object.assign(metrics, dscHeadline(metrics));
      yield { step: i + 2, total, metrics: { ...metrics } };
    }
  } finally {
    be.dispose(x);
  }
}
