// k-subspaces: assign each point to the subspace that leaves the smallest residual, refit each subspace by its top singular vectors.
import type { Backend, Tensor } from '../engine/backend';
import { Rng } from '../data/rng';
import { randomOrthonormalBasis } from '../data/synthetic';
import { eigh } from '../linalg/eigh';
import { assignNearest, clustersAsBatch, maskRowsByLabel } from './assignKernels';
import { readLabels } from './tensorOps';
import { convergenceState, countChanged, readConvergence, recordConvergence, type ConvergenceReading } from './convergenceKernels';
import { defaultSubspaceDim, seededBases } from './kssInit';

export type KssOptions = {
  /** Dimension of every subspace; by default the data's numerical rank shared among the k subspaces (defaultSubspaceDim). */
  dim?: number;
  /** Restarts, alternating k-means++-style seeded bases and random bases; the lowest total residual wins (default 6). */
  restarts?: number;
  /** Most iterations per restart (default 50). */
  maxIter?: number;
  seed?: number;
  /**
   * Iterations between two reads of the device-side convergence state (default 1). Each iteration already waits
   * for its eigh, so a read costs little here, while every iteration past convergence costs a whole eigh; the
   * result does not depend on it.
   */
  checkEvery?: number;
};

export type KssResult = {
  labels: Int32Array;
  /** Orthonormal bases, k blocks of D×dim (row-major), of the winning restart. */
  bases: Float64Array;
  /** Σ_i min_j ‖x_i − U_jU_jᵀx_i‖² of the winning restart. */
  residual: number;
  /** The winning restart's total residual after each assignment. */
  residualHistory: number[];
  /** Final total residual of every restart. */
  restartResiduals: number[];
  /** The subspace dimension used (the option, or the default estimated from the data). */
  dim: number;
  iterations: number;
};

/**
 * k-subspaces (Bradley & Mangasarian 2000; Tseng 2000), the subspace analogue of k-means. Each iteration, on the
 * backend: residuals ‖x‖² − ‖U_jᵀx‖² to all k subspaces in one batched matmul, nearest subspace per point, then
 * each U_j = the top-dim right singular vectors of its points X_j, computed as the top eigenvectors of the
 * scatter X_jᵀX_j (one batched eigh of k D×D matrices). Stops when labels repeat, which the device counts
 * (count_changed) and the host reads with the residual in one small readback; labels stay on the device. Like k-means, one start often
 * lands in a poor local minimum, so restarts alternate seeded starts (k-means++ for subspaces: seed points drawn by
 * residual, each spanning a subspace with its nearest neighbors in angle) and uniformly random subspaces.
 * @param x (n, D) samples as rows; subspaces pass through the origin (center the data first for affine ones)
 */
export async function kss(be: Backend, x: Tensor, k: number, o: KssOptions = {}): Promise<KssResult> {
  const { rows: n, cols: D } = x;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`kss: k must be an integer in [1, ${n}], got ${k}`);
  const dim = o.dim ?? (await defaultSubspaceDim(be, x, k));
  if (!Number.isInteger(dim) || dim < 1 || dim > D) throw new RangeError(`kss: dim must be an integer in [1, ${D}], got ${dim}`);
  const restarts = o.restarts ?? 6;
  if (!Number.isInteger(restarts) || restarts < 1) throw new RangeError(`kss: restarts must be a positive integer, got ${restarts}`);
  const checkEvery = o.checkEvery ?? 1;
  if (!Number.isInteger(checkEvery) || checkEvery < 1) throw new RangeError(`kss: checkEvery must be a positive integer, got ${checkEvery}`);
  const rng = new Rng(o.seed ?? 0);
  const norms = be.tidy(() => be.reduce('sumSquares', x, 'perRow'));
  let best: KssResult | null = null;
  const restartResiduals: number[] = [];
  try {
    const host = await be.read(x);
    for (let r = 0; r < restarts; r++) {
      const start = r % 2 === 0 ? await seededBases(be, x, host, norms, k, dim, rng) : randomBases(be, rng, k, D, dim);
      const run = await kssRun(be, x, norms, start, k, dim, o.maxIter ?? 50, checkEvery);
      restartResiduals.push(run.residual);
      if (!best || run.residual < best.residual) best = run;
    }
  } finally {
    be.dispose(norms);
  }
  return { ...best!, restartResiduals, dim };
}

/** k uniformly random dim-dimensional subspaces of R^D, as (k, D, dim) orthonormal bases. */
function randomBases(be: Backend, rng: Rng, k: number, D: number, dim: number): Tensor {
  const start = new Float64Array(k * D * dim);
  for (let j = 0; j < k; j++) start.set(randomOrthonormalBasis(rng, D, dim), j * D * dim);
  return be.upload(start, { batch: k, rows: D, cols: dim });
}

/** One restart from `bases` (k, D, dim), which it takes ownership of. */
async function kssRun(be: Backend, x: Tensor, norms: Tensor, bases: Tensor, k: number, dim: number, maxIter: number, checkEvery: number): Promise<KssResult> {
  const { rows: n, cols: D } = x;
  const residualHistory: number[] = [];
  let iterations = 0;
  const state = convergenceState(be, 1, checkEvery);
  const last = be.fill({ rows: 1, cols: n }, -1); // the previous labels; none at first, so nothing repeats
  try {
    for (let it = 0; it < maxIter && iterations === 0;) {
      const chunkStart = it;
      let reading: ConvergenceReading | null = null;
      for (; it < maxIter && it < chunkStart + checkEvery; it++) {
        const step = be.tidy(() => {
          // residual_j(x) = ‖x‖² − ‖U_jᵀx‖², as (k, n, 1): one batch item per subspace
          const captured = be.reduce('sumSquares', be.matmul(x, bases), 'perRow');
          const residuals = be.elementwise('add', captured, norms, -1, 1);
          const { labels: assigned, best } = assignNearest(be, residuals, clustersAsBatch(residuals));
          const masked = maskRowsByLabel(be, x, assigned, k);
          // done once no label moved: the state stops recording at that iteration
          recordConvergence(be, state, countChanged(be, assigned, last), be.reduce('sum', best, 'all'), it, 0);
          return { scatter: be.matmul(masked, masked, { transA: true }) };
        });
        // Labels that repeat give the same scatter and so the same bases: past convergence every iteration repeats
        // the converged one exactly, and reading the state only every checkEvery iterations changes no result.
        if (checkEvery === 1 || it === chunkStart + checkEvery - 1) reading = await readConvergence(be, state);
        if (reading?.done) {
          be.dispose(step.scatter);
          it++;
          break;
        }
        const { vectors } = await eigh(be, step.scatter);
        be.dispose(step.scatter);
        be.dispose(bases);
        bases = be.tidy(() => be.slice(vectors, 0, 0, D, dim));
        be.dispose(vectors);
      }
      reading ??= await readConvergence(be, state);
      for (let i = chunkStart; i < reading.iterations; i++) residualHistory.push(reading.history[i % checkEvery]);
      if (reading.done || it >= maxIter) iterations = reading.iterations;
    }
    const labels = await readLabels(be, last);
    return {
      labels, bases: await be.read(bases), residual: residualHistory[residualHistory.length - 1],
      residualHistory, restartResiduals: [], iterations, dim,
    };
  } finally {
    be.dispose(bases);
    be.dispose(state);
    be.dispose(last);
  }
}
