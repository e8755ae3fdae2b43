// MLC (Ding et al. 2023) made whole: features and a doubly stochastic membership Π learned jointly on ΔR + γ·H(Π).
import type { Backend, Tensor } from '../engine/backend';
import { Rng } from '../data/rng';
import { createOptimizer } from '../learn/optimizers';
import { spectralFromAffinity } from './spectral';
import { initMlcParams, mlcGradients, type MlcObjectiveOptions, type MlcParams } from './mlcModel';
import { mlcValue } from './mlcObjective';

export type MlcOptions = Partial<MlcObjectiveOptions> & {
  seed?: number;
  /** Backbone width h and feature/cluster-code dimension d (defaults 64, 16). */
  hidden?: number;
  dim?: number;
  /** Adam steps and learning rate (defaults 60, 0.003). */
  steps?: number;
  lr?: number;
  /** Read back the objective, Π's sums and (with truth) the accuracy every this many steps (default 10). */
  reportEvery?: number;
  /** k-means restarts inside spectral clustering of Π (default 10). */
  restarts?: number;
};

/** One reading during training: objective parts, Π's worst row and column sum errors, and the accuracy if known. */
export type MlcReport = { step: number; R: number; Rc: number; H: number; objective: number; rowError: number; colError: number; accuracy: number | null };

export type MlcResult = { labels: Int32Array; plan: Float64Array; history: MlcReport[] };

const DEFAULTS = { eps2: 0.5, gamma: 0.3, eta: 0.1, sinkhornIterations: 20, hidden: 64, dim: 16, steps: 60, lr: 0.003, reportEvery: 10, restarts: 10 };

/** Labels of spectral clustering on ½(Π + Πᵀ) — how MLC reads clusters off its membership. */
async function labelsFromPlan(be: Backend, plan: Tensor, k: number, seed: number, restarts: number): Promise<Int32Array> {
  const affinity = be.tidy(() => be.elementwise('add', plan, be.transpose(plan), 0.5, 0.5));
  try {
    return (await spectralFromAffinity(be, affinity, k, { seed, restarts, returnAffinity: false })).labels;
  } finally {
    be.dispose(affinity);
  }
}

/**
 * Trains MLC's backbone, feature head and cluster head on x with Adam (ascent on F = R − R_c + γ·H), reporting
 * every `reportEvery` steps, then clusters the final Π spectrally.
 * @param x (n, D) samples as rows @param k clusters @param score optional scorer of labels (accuracy against the truth) for each report
 * @returns labels (n), Π (n×n row-major) and the reports
 */
export async function mlcCluster(be: Backend, x: Tensor, k: number, o: MlcOptions = {}, score?: (labels: Int32Array) => number): Promise<MlcResult> {
  const c = { ...DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS & { seed?: number };
  const seed = c.seed ?? 0;
  if (!(k >= 2 && k <= x.rows)) throw new RangeError(`mlcCluster: k=${k} needs 2 ≤ k ≤ n=${x.rows}`);
  if (!(c.steps >= 0 && c.reportEvery >= 1 && c.lr > 0)) throw new RangeError(`mlcCluster: need steps ≥ 0, reportEvery ≥ 1, lr > 0`);
  const objective: MlcObjectiveOptions = { eps2: c.eps2, gamma: c.gamma, eta: c.eta, sinkhornIterations: c.sinkhornIterations };
  const params: MlcParams = initMlcParams(be, new Rng(seed), x.cols, c.hidden, c.dim);
  const optimizer = createOptimizer(be, { kind: 'adam', lr: c.lr });
  const history: MlcReport[] = [];
  let labels: Int32Array = new Int32Array(x.rows);
  try {
    for (let step = 0; ; step++) {
      const last = step === c.steps;
      if (last || step % c.reportEvery === 0) {
        const reading = be.tidy(() => {
          const g = mlcGradients(be, x, params, objective);
          const sumError = (axis: 'perRow' | 'perCol') => be.reduce('maxAbs', be.elementwise('scale', be.reduce('sum', g.plan, axis), null, 1, -1), 'all');
          return { parts: g.parts, plan: be.keep(g.plan), rowError: sumError('perRow'), colError: sumError('perCol') };
        });
        try {
          const [parts, rowError, colError] = await Promise.all([be.read(reading.parts), be.read(reading.rowError), be.read(reading.colError)]);
          if (score || last) labels = await labelsFromPlan(be, reading.plan, k, seed, c.restarts);
                    history.push({ step, R: parts[0], Rc: parts[1], H: parts[2], objective: mlcValue(parts, c.gamma), rowError: rowError[0], colError: colError[0], accuracy: score ? score(labels) : null });
          if (last) return { labels, plan: await be.read(reading.plan), history };
        } finally {
          [reading.parts, reading.plan, reading.rowError, reading.colError].forEach((t) => be.dispose(t));
        }
      }
      const descent = be.tidy(() => mlcGradients(be, x, params, objective).grads.map((g) => be.elementwise('scale', g, null, -1, 0)));
      optimizer.step(params, descent);
      descent.forEach((g) => be.dispose(g));
    }
  } finally {
    optimizer.dispose();
    params.forEach((t) => be.dispose(t));
  }
}
