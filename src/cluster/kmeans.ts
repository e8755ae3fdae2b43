// k-means: greedy k-means++ seeding on the host, then Lloyd iterations for all restarts at once on the backend.
import type { Backend, Tensor } from '../engine/backend';
import { Rng } from '../data/rng';
import { centroidUpdate, nearestCentroid, oneHot } from './assignKernels';
import { convergenceState, holdWhenDone, readConvergence, recordConvergence } from './convergenceKernels';

export type KmeansOptions = {
  /** Seeds the k-means++ draws (default 0). */
  seed?: number;
  /** Independent k-means++ starts; the one with the lowest inertia wins (default 10, as scikit-learn's n_init). */
  restarts?: number;
  /** Most Lloyd iterations (default 300). */
  maxIter?: number;
  /** Stop when every restart's squared centroid shift is ≤ tol × the mean per-feature variance (default 1e-4, as scikit-learn). */
  tol?: number;
  /**
   * Iterations between two reads of the convergence state (default KMEANS_CHECK_EVERY). The result does not
   * depend on it: iterations past convergence change nothing; it only trades readbacks for up to checkEvery − 1
   * wasted iterations.
   */
  checkEvery?: number;
};

/**
 * Default iterations between convergence reads: one readback per 4 iterations instead of two per iteration. On a
 * real GPU a readback stalls the queue for longer than an iteration takes; on a software adapter an iteration
 * costs more than a readback, so a larger value would waste more than it saves.
 */
export const KMEANS_CHECK_EVERY = 4;

export type KmeansResult = {
  /** Cluster of each sample, 0..k−1. */
  labels: Int32Array;
  /** Centroids, k×d row-major (float64 copies of the backend's numbers). */
  centroids: Float64Array;
  /** Σ squared distance to the assigned centroid, of the winning restart. */
  inertia: number;
  /** The winning restart's inertia at each assignment (the last one after the final update). */
  inertiaHistory: number[];
  /** Final inertia of every restart. */
  restartInertias: number[];
  iterations: number;
};

/**
 * Greedy k-means++ (Arthur & Vassilvitskii, with scikit-learn's 2 + ⌊ln k⌋ local trials per center), in float64.
 * @param x n×d row-major @returns k×d initial centers
 */
export function kmeansPlusPlus(x: ArrayLike<number>, n: number, d: number, k: number, rng: Rng): Float64Array {
  const centers = new Float64Array(k * d);
  const sqDist = (i: number, j: number) => {
    let s = 0;
    for (let p = 0; p < d; p++) s += (x[i * d + p] - x[j * d + p]) ** 2;
    return s;
  };
  const trials = 2 + Math.floor(Math.log(k));
  let first = rng.int(n);
  for (let p = 0; p < d; p++) centers[p] = x[first * d + p];
  let closest = Float64Array.from({ length: n }, (_, i) => sqDist(i, first));
  let potential = closest.reduce((s, v) => s + v, 0);
  const cumulative = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) cumulative[i] = acc += closest[i];
    let bestPotential = Infinity;
    let bestDistances = closest;
    for (let t = 0; t < trials; t++) {
      const target = rng.uniform() * potential;
      let lo = 0, hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] < target) lo = mid + 1;
        else hi = mid;
      }
      const candidate = lo;
      const distances = new Float64Array(n);
      let pot = 0;
      for (let i = 0; i < n; i++) pot += distances[i] = Math.min(closest[i], sqDist(i, candidate));
      if (pot < bestPotential) (bestPotential = pot), (bestDistances = distances), (first = candidate);
    }
    for (let p = 0; p < d; p++) centers[c * d + p] = x[first * d + p];
    closest = bestDistances;
    potential = bestPotential;
  }
  return centers;
}

/** Mean over features of the per-feature variance (scikit-learn scales its tolerance by it). */
function meanVariance(x: ArrayLike<number>, n: number, d: number): number {
  let total = 0;
  for (let p = 0; p < d; p++) {
    let mean = 0, sq = 0;
    for (let i = 0; i < n; i++) mean += x[i * d + p];
    mean /= n;
    for (let i = 0; i < n; i++) sq += (x[i * d + p] - mean) ** 2;
    total += sq / n;
  }
  return total / d;
}

/** One Lloyd step for every restart: assignment to the centroids, then the centroid update. */
function lloydStep(be: Backend, x: Tensor, centroids: Tensor, k: number) {
  return be.tidy(() => {
    const { labels, best } = nearestCentroid(be, x, centroids);
    const member = oneHot(be, labels, k);
    const sums = be.matmul(member, x, { transA: true });
    const next = centroidUpdate(be, sums, be.reduce('sum', member, 'perCol'), centroids);
    return {
      next,
      labels,
      inertia: be.reduce('sum', best, 'all'),
      shift: be.reduce('sumSquares', be.elementwise('add', next, centroids, 1, -1), 'all'),
    };
  });
}

/**
 * k-means (Lloyd) with greedy k-means++ seeding and several restarts, keeping the lowest inertia.
 * Seeding reads X once and runs on the host in float64 (it is sequential sampling); the iterations run on the
 * backend for all restarts at once: nearest centroid (one fused kernel), one-hot membership M, centroids =
 * Mᵀ·X / counts (a matmul). Convergence is tracked on the device (lloyd_convergence.wgsl) and read once every
 * `checkEvery` iterations: one small readback then, none in between; labels stay on the device until the end.
 * @param x (n, d), samples as rows @returns labels (n) and extras; every tensor made here is freed
 */
export async function kmeans(be: Backend, x: Tensor, k: number, o: KmeansOptions = {}): Promise<KmeansResult> {
  const { rows: n, cols: d } = x;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`kmeans: k must be an integer in [1, ${n}], got ${k}`);
  const restarts = Math.max(1, o.restarts ?? 10);
  const maxIter = Math.max(1, o.maxIter ?? 300);
  const checkEvery = o.checkEvery ?? KMEANS_CHECK_EVERY;
  if (!Number.isInteger(checkEvery) || checkEvery < 1) throw new RangeError(`kmeans: checkEvery must be a positive integer, got ${checkEvery}`);
  const host = await be.read(x);
  const rng = new Rng(o.seed ?? 0);
  const seeds = new Float64Array(restarts * k * d);
  for (let r = 0; r < restarts; r++) seeds.set(kmeansPlusPlus(host, n, d, k, rng), r * k * d);
  const threshold = (o.tol ?? 1e-4) * meanVariance(host, n, d);
  let centroids = be.upload(seeds, { batch: restarts, rows: k, cols: d });
  const histories: number[][] = Array.from({ length: restarts }, () => []);
  let iterations = 0;
  let inertias: Float64Array = new Float64Array(restarts);
  const state = convergenceState(be, restarts, checkEvery);
  let labels: Tensor | null = null;
  try {
    for (let it = 0; it < maxIter && iterations === 0;) {
      // checkEvery iterations go to the device back to back; once converged, hold_when_done keeps every later one
      // from moving the centroids, so the result is the one of stopping at once, read up to checkEvery − 1 late.
      const chunkStart = it;
      for (; it < maxIter && it < chunkStart + checkEvery; it++) {
        const step = lloydStep(be, x, centroids, k);
        holdWhenDone(be, state, centroids, step.next);
        recordConvergence(be, state, step.shift, step.inertia, it, threshold);
        for (const t of [centroids, step.labels, step.shift, step.inertia]) be.dispose(t);
        centroids = step.next;
      }
      const reading = await readConvergence(be, state);
      for (let i = chunkStart; i < reading.iterations; i++) {
        for (let r = 0; r < restarts; r++) histories[r].push(reading.history[(i % checkEvery) * restarts + r]);
      }
      if (reading.done || it >= maxIter) iterations = reading.iterations;
    }
    // A last assignment, so labels and inertia belong to the returned centroids (as scikit-learn's final E-step).
    const final = be.tidy(() => {
      const { labels: assigned, best } = nearestCentroid(be, x, centroids);
      return { assigned, inertia: be.reduce('sum', best, 'all') };
    });
    labels = final.assigned;
    inertias = await be.read(final.inertia);
    be.dispose(final.inertia);
    inertias.forEach((v, r) => histories[r].push(v));
    let best = 0;
    for (let r = 1; r < restarts; r++) if (inertias[r] < inertias[best]) best = r;
    const [allLabels, allCentroids] = await Promise.all([be.read(labels), be.read(centroids)]);
    return {
      labels: Int32Array.from(allLabels.subarray(best * n, (best + 1) * n), (v) => Math.round(v)),
      centroids: allCentroids.slice(best * k * d, (best + 1) * k * d),
      inertia: inertias[best],
      inertiaHistory: histories[best],
      restartInertias: Array.from(inertias),
      iterations,
    };
  } finally {
    be.dispose(centroids);
    be.dispose(state);
    if (labels) be.dispose(labels);
  }
}
