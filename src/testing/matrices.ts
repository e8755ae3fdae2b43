// Float64 test matrices with known structure: random orthonormal columns, prescribed spectra, SPD matrices.
import { Rng } from '../data/rng';
import { randomOrthonormalBasis } from '../data/synthetic';

/** An m×k matrix (row-major, float64) with orthonormal columns, by modified Gram–Schmidt twice (the synthetic data's own). */
export function randomOrthonormal(rng: Rng, m: number, k: number): Float64Array {
  if (k > m) throw new RangeError(`randomOrthonormal: k=${k} > m=${m}`);
  return randomOrthonormalBasis(rng, m, k);
}

/** A = U diag(s) Vᵀ, m×n, with random orthonormal U (m×r), V (n×r), r = s.length ≤ min(m, n). */
export function withSingularValues(rng: Rng, m: number, n: number, s: ArrayLike<number>): Float64Array {
  const r = s.length;
  const u = randomOrthonormal(rng, m, r);
  const v = randomOrthonormal(rng, n, r);
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < r; p++) {
      const us = u[i * r + p] * s[p];
      for (let j = 0; j < n; j++) a[i * n + j] += us * v[j * r + p];
    }
  }
  return a;
}

/** A symmetric positive definite n×n matrix with eigenvalues `lambda` (descending or not). */
export function spdWithEigenvalues(rng: Rng, lambda: ArrayLike<number>): Float64Array {
  const n = lambda.length;
  const q = randomOrthonormal(rng, n, n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += q[i * n + p] * lambda[p] * q[j * n + p];
      a[i * n + j] = s;
    }
  }
  return a;
}

/** Singular values spaced geometrically from `hi` down to `lo`. */
export function gradedSpectrum(k: number, hi = 1, lo = 1e-4): Float64Array {
  const s = new Float64Array(k);
  for (let i = 0; i < k; i++) s[i] = hi * (lo / hi) ** (k === 1 ? 0 : i / (k - 1));
  return s;
}

/** Rounds float64 data to float32 (what a user's matrix looks like on the GPU). */
export function toF32(a: Float64Array): Float32Array {
  return Float32Array.from(a);
}
