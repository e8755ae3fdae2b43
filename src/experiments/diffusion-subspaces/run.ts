// The diffusion-subspaces run: sweep samples per class, fit the mixture's subspaces (with and without labels), then denoise.
import { randomOrthonormalBasis } from '../../data/synthetic';
import { accuracy } from '../../cluster/metrics';
import type { Metrics, Progress, RunContext } from '../framework/types';
import { NOISE_LEVELS, type DiffusionSubspacesConfig } from './schema';
import { clusterSubspaces, fitBases, subspaceErrors, type ClusterMethod, type FittedSubspaces } from './fitSubspaces';
import { denoisingErrors, sampleMixture, type DenoiseSetup } from './denoiser';

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);

/** The first `n` samples of each component of a pool holding `pool` per component (rows grouped by component). */
function firstOfEach(x: Float64Array, K: number, pool: number, n: number, D: number): { x: Float64Array; labels: Int32Array } {
  const out = new Float64Array(K * n * D);
  const labels = new Int32Array(K * n);
  for (let k = 0; k < K; k++) {
    out.set(x.subarray(k * pool * D, (k * pool + n) * D), k * n * D);
    labels.fill(k, k * n, (k + 1) * n);
  }
  return { x: out, labels };
}

/** Smallest N from which every larger N in the sweep has error below `tol` (−1 if even the largest does not). */
export function transitionPoint(ns: number[], errors: number[], tol: number): number {
  let at = -1;
  for (let i = ns.length - 1; i >= 0 && errors[i] < tol; i--) at = ns[i];
  return at;
}

export async function* runDiffusionSubspaces(config: DiffusionSubspacesConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const started = performance.now();
  const { ambient: D, components: K, dim: d, maxPerClass: nMax, trials } = config;
  if (d > D) throw new Error(`The subspace dimension d = ${d} cannot exceed the ambient dimension D = ${D}.`);
  const truth = Array.from({ length: K }, () => randomOrthonormalBasis(ctx.rng, D, d));
  const ns = Array.from({ length: nMax }, (_, i) => i + 1);
  const nSmall = Math.min(nMax, Math.max(1, Math.floor(d / 2)));
  const oracle: number[][] = ns.map(() => []);
  const clustered: number[][] = ns.map(() => []);
  const clusterAccuracy: number[][] = ns.map(() => []);
  let learnedLarge: FittedSubspaces | null = null;
  let learnedSmall: FittedSubspaces | null = null;
  const total = trials * ns.length + 1;
  const tol = 0.01 * Math.sqrt(d); // far below the ≥ 1 of a missing direction, far above f32 rounding (~1e-3)
  const summary = (): Metrics => {
    const done = ns.filter((_, i) => oracle[i].length > 0);
    const errO = done.map((_, i) => mean(oracle[i]));
    const errC = done.map((_, i) => mean(clustered[i]));
    return {
      D, K, d, per_class: done, error_oracle: errO, error_cluster: errC,
      accuracy_cluster: done.map((_, i) => mean(clusterAccuracy[i])),
      error_theory: done.map((n) => Math.sqrt(Math.max(0, d - n))),
      transition_oracle: transitionPoint(done, errO, tol), transition_cluster: transitionPoint(done, errC, tol),
    };
  };
  for (let t = 0; t < trials; t++) {
    const pool = sampleMixture(ctx.rng, truth, D, d, nMax, config.noise);
    for (const [i, n] of ns.entries()) {
      if (ctx.signal.aborted) return;
      const sample = firstOfEach(pool, K, nMax, n, D);
      const known = await fitBases(be, sample.x, D, sample.labels, K, d);
      oracle[i].push(mean(subspaceErrors(known, truth, d)));
      let fit: FittedSubspaces & { labels: Int32Array };
      if (K === 1) fit = { ...known, labels: sample.labels };
      else {
        const x = be.upload(sample.x, { rows: K * n, cols: D });
        try {
          fit = await clusterSubspaces(be, x, sample.x, K, d, { method: config.method as ClusterMethod, refine: config.refine, seed: config.seed + 7919 * t + n });
        } finally {
          be.dispose(x);
        }
      }
      clustered[i].push(mean(subspaceErrors(fit, truth, d)));
      clusterAccuracy[i].push(accuracy(fit.labels, sample.labels));
      if (t === trials - 1 && n === nMax) learnedLarge = fit;
      if (t === trials - 1 && n === nSmall) learnedSmall = fit;
      yield { step: t * ns.length + i + 1, total, metrics: { ...summary(), trial: t + 1 } };
    }
  }

  // denoising: the true subspaces against those learned (without labels) from many and from few samples
  const M = config.testPerClass * K;
  const setup: DenoiseSetup = {
    x0: sampleMixture(ctx.rng, truth, D, d, config.testPerClass), M, D, sigmas: NOISE_LEVELS,
    noise: ctx.rng.normals(NOISE_LEVELS.length * M * D),
  };
  const denoiseTrue = await denoisingErrors(be, setup, truth, truth.map(() => d), d);
  const denoiseLarge = learnedLarge ? await denoisingErrors(be, setup, learnedLarge.bases, learnedLarge.ranks, d) : [];
  const denoiseSmall = learnedSmall ? await denoisingErrors(be, setup, learnedSmall.bases, learnedSmall.ranks, d) : [];
  yield {
    step: total,
    total,
    metrics: {
      ...summary(), trial: trials, sigmas: NOISE_LEVELS, n_large: nMax, n_small: nSmall,
      denoise_true: denoiseTrue, denoise_large: denoiseLarge, denoise_small: denoiseSmall,
      denoise_theory: NOISE_LEVELS.map((s) => (s * s) / (1 + s * s)),
      wall_seconds: (performance.now() - started) / 1000,
    },
  };
}
