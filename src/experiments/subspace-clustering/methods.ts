// Runs one clustering method for the subspace-clustering page and returns what the plots need (host data only).
import type { Backend, Tensor } from '../../engine/backend';
import { kmeans } from '../../cluster/kmeans';
import { kss } from '../../cluster/kss';
import { ensc, ssc, type SelfExpressionResult } from '../../cluster/selfExpression';
import { lsr } from '../../cluster/lsr';
import { spectral } from '../../cluster/spectral';
import { mcr2Cluster } from '../../cluster/mcr2';
import { runMlc } from './mlcMethod';
import type { MethodId, SubspaceClusteringConfig } from './schema';
import { runDsc } from './dscMethod';

/** A method's labels, its affinity if it builds one, and its objective over iterations if it iterates. */
export type MethodOutcome = {
  labels: Int32Array;
  affinity?: Float64Array;
  /** Objective (or residual) per iteration, with its name. */
  curve?: { iterations: number[]; values: number[]; name: string };
  /** ADMM's primal residual max|Z − C| per check. */
  primalResidual?: { iterations: number[]; values: number[] };
  /** Extra scalar facts worth a metric (e.g. the SSC data weight). */
  scalars: Record<string, number>;
  /** Metrics written under their own names (MLC's headline and training history). */
  extra?: Record<string, number | number[]>;
};

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);

function admmOutcome(r: SelfExpressionResult, name: string): MethodOutcome {
  return {
    labels: r.labels, affinity: r.affinity,
    curve: { iterations: r.history.iteration, values: r.history.objective, name },
    primalResidual: { iterations: r.history.iteration, values: r.history.primalResidual },
    scalars: { weight: r.weight, iterations: r.iterations },
  };
}

/**
 * Runs `method` on x (n, d) into k clusters with the page's parameters; seeds derive from config.seed.
 * `score` (accuracy against the truth) lets a learning method report its accuracy while it trains.
 */
export async function runMethod(be: Backend, method: MethodId, x: Tensor, k: number, config: SubspaceClusteringConfig, score?: (labels: Int32Array) => number): Promise<MethodOutcome> {
  const seed = config.seed;
  const restarts = config.restarts;
  const admm = { seed, restarts, alpha: config.alpha, maxIter: config.admmIterations, topK: config.topK };
  switch (method) {
    case 'kmeans': {
      const r = await kmeans(be, x, k, { seed, restarts });
      return { labels: r.labels, curve: { iterations: range(r.inertiaHistory.length), values: r.inertiaHistory, name: 'inertia' }, scalars: { inertia: r.inertia, iterations: r.iterations } };
    }
    case 'kss': {
      const r = await kss(be, x, k, { seed, dim: Math.min(config.kssDim, x.cols), restarts: Math.min(restarts, 5) });
      return { labels: r.labels, curve: { iterations: range(r.residualHistory.length), values: r.residualHistory, name: 'Σ residual²' }, scalars: { residual: r.residual, iterations: r.iterations } };
    }
    case 'ssc':
      return admmOutcome(await ssc(be, x, k, admm), 'ℓ1 objective');
    case 'ensc':
      return admmOutcome(await ensc(be, x, k, { ...admm, mix: config.enscMix }), 'elastic-net objective');
    case 'lsr': {
      const r = await lsr(be, x, k, { seed, restarts, lambda: config.lsrLambda, topK: config.topK });
      return { labels: r.labels, affinity: r.affinity, scalars: {} };
    }
    case 'spectral': {
      const r = await spectral(be, x, k, { seed, restarts, neighbors: config.neighbors });
      return { labels: r.labels, affinity: r.affinity, scalars: {} };
    }
    case 'mcr2': {
      const r = await mcr2Cluster(be, x, k, { seed, restarts });
      return { labels: r.labels, affinity: r.affinity, scalars: { R: r.R, Rc: r.Rc, deltaR: r.deltaR } };
    }
    case 'dsc':
      return runDsc(be, x, k, config);
    case 'mlc':
      return runMlc(be, x, k, config, score);
    default: {
      const never: never = method;
      throw new Error(`unknown method ${String(never)}`);
    }
  }
}
