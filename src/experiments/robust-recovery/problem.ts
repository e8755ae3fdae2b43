// The planted problem of robust matrix recovery: X* = U*U*ᵀ, symmetric Gaussian measurements, a nested set of gross outliers.
import type { Rng } from '../../data/rng';
import { randomOrthonormalBasis } from '../../data/synthetic';

/** Everything a run draws from its seed, in float64 on the host (uploaded once). */
export type RecoveryProblem = {
  n: number;
  trueRank: number;
  /** Measurements m. */
  m: number;
  /** (n, n) row-major, PSD, rank trueRank, ‖X*‖_F = 1. */
  xStar: Float64Array;
  /** (m, n²): row i is vec(A_i), A_i = (G_i + G_iᵀ)/2 with G_i standard Gaussian, so ⟨A_i, X⟩ ~ N(0, ‖X‖_F²) for symmetric X. */
  sensing: Float64Array;
  /** (m) the clean measurements ⟨A_i, X*⟩. */
  clean: Float64Array;
  /** A random order of the measurements: a fraction p corrupts the first ⌊p·m⌋ of it, so larger p adds outliers to smaller p’s. */
  outlierOrder: Int32Array;
  /** (m) the gross error each measurement gets when it is corrupted. */
  outlierValues: Float64Array;
};

export type ProblemOptions = { n: number; trueRank: number; m: number; outlierScale: number };

/**
 * Draws X* = U*U*ᵀ with U* = Q·diag(√λ) (Q a random orthonormal n×trueRank basis, λ_j ∝ 1/j so the spectrum is not flat),
 * the measurement operator and the outliers.
 */
export function drawProblem(rng: Rng, o: ProblemOptions): RecoveryProblem {
  const { n, trueRank: k, m } = o;
  if (k > n) throw new RangeError(`The true rank (${k}) cannot exceed the matrix size n = ${n}.`);
  const q = randomOrthonormalBasis(rng, n, k);
  const lambdaRaw = Array.from({ length: k }, (_, j) => 1 / (j + 1));
  const norm = Math.hypot(...lambdaRaw);
  const lambda = lambdaRaw.map((l) => l / norm); // ‖X*‖_F = ‖λ‖₂ = 1
  const xStar = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += q[i * k + p] * lambda[p] * q[j * k + p];
    xStar[i * n + j] = s;
  }
  const n2 = n * n;
  const sensing = new Float64Array(m * n2);
  const clean = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const row = sensing.subarray(r * n2, (r + 1) * n2);
    for (let i = 0; i < n; i++) {
      row[i * n + i] = rng.normal();
      for (let j = i + 1; j < n; j++) row[i * n + j] = row[j * n + i] = (rng.normal() + rng.normal()) / 2;
    }
    let y = 0;
    for (let e = 0; e < n2; e++) y += row[e] * xStar[e];
    clean[r] = y;
  }
  const outlierOrder = rng.shuffle(Int32Array.from({ length: m }, (_, i) => i)) as Int32Array;
  const outlierValues = Float64Array.from({ length: m }, () => o.outlierScale * rng.normal());
  return { n, trueRank: k, m, xStar, sensing, clean, outlierOrder, outlierValues };
}

/** y (m): the clean measurements with the first ⌊fraction·m⌋ of the outlier order replaced by clean + gross error. */
export function corruptedMeasurements(p: RecoveryProblem, fraction: number): Float64Array {
  const y = Float64Array.from(p.clean);
  const count = Math.floor(fraction * p.m + 1e-9);
  for (let t = 0; t < count; t++) {
    const i = p.outlierOrder[t];
    y[i] += p.outlierValues[i];
  }
  return y;
}

/** B (n, r): the common direction of every initialization U₀ = αB, entries N(0, 1/n). */
export function initDirection(rng: Rng, n: number, r: number): Float64Array {
  return Float64Array.from({ length: n * r }, () => rng.normal() / Math.sqrt(n));
}
