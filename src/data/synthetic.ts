// Seeded synthetic datasets: union of subspaces (with noise and outliers), two moons lifted to R^D, low-rank Gaussian mixtures.
import type { Rng } from './rng';

/** Samples as rows: X is n×d row-major; labels[i] is sample i's group (−1 marks an outlier). */
export type LabeledData = { X: Float32Array; labels: Int32Array; n: number; d: number };

/**
 * An m×k matrix (row-major, float64) with orthonormal columns: Gaussian entries, then modified Gram–Schmidt twice
 * (the second pass restores orthogonality lost to rounding). Columns span a uniformly random k-dim subspace.
 */
export function randomOrthonormalBasis(rng: Rng, m: number, k: number): Float64Array {
  if (!(k >= 0 && k <= m)) throw new RangeError(`randomOrthonormalBasis: need 0 ≤ k ≤ m, got k=${k}, m=${m}`);
  const q = new Float64Array(m * k);
  for (let i = 0; i < m * k; i++) q[i] = rng.normal();
  for (let j = 0; j < k; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[i * k + p] * q[i * k + j];
        for (let i = 0; i < m; i++) q[i * k + j] -= dot * q[i * k + p];
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[i * k + j] ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) q[i * k + j] /= norm;
  }
  return q;
}

/** A random D×D orthogonal matrix Q (row-major; QᵀQ = I), uniformly distributed up to column signs. */
export function randomRotation(rng: Rng, D: number): Float64Array {
  return randomOrthonormalBasis(rng, D, D);
}

/** x = U·a for U (m×k row-major) and a (k), added into out[offset..offset+m). */
function addBasisCombination(out: Float32Array, offset: number, U: Float64Array, m: number, k: number, a: ArrayLike<number>): void {
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += U[i * k + p] * a[p];
    out[offset + i] += s;
  }
}

/** A point uniform on the unit sphere of R^k. */
function unitSphere(rng: Rng, k: number): Float64Array {
  const a = new Float64Array(k);
  let norm = 0;
  for (let p = 0; p < k; p++) norm += (a[p] = rng.normal()) ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let p = 0; p < k; p++) a[p] /= norm;
  return a;
}

export type UnionOfSubspacesOptions = {
  /** Number of subspaces (groups). */
  subspaces: number;
  /** Dimension of each subspace. */
  dim: number;
  /** Ambient dimension D (≥ dim). */
  ambient: number;
  /** Points drawn on each subspace. */
  perSubspace: number;
  /** Gaussian noise: each coordinate gets N(0, noise²/D), so ‖noise‖ ≈ noise while points have norm 1. */
  noise: number;
  /** Outliers added, as a fraction of the inlier count: uniform on the unit sphere of R^D, labeled −1. Default 0. */
  outlierFraction?: number;
};

/**
 * Points on a union of random subspaces (the subspace clustering benchmark of Elhamifar & Vidal): for each
 * subspace j a uniformly random orthonormal basis U_j (D×dim); x = U_j·a with a uniform on the unit sphere of
 * R^dim, plus noise. Rows are grouped by subspace (labels 0,0,…,1,1,…), outliers last.
 * @returns X (n×D) with n = subspaces·perSubspace + outliers, labels (n), and the bases (each D×dim, row-major)
 */
export function unionOfSubspaces(rng: Rng, o: UnionOfSubspacesOptions): LabeledData & { bases: Float64Array[] } {
  const { subspaces, dim, ambient: D, perSubspace, noise } = o;
  if (dim > D) throw new RangeError(`unionOfSubspaces: subspace dimension ${dim} exceeds ambient dimension ${D}`);
  const inliers = subspaces * perSubspace;
  const outliers = Math.round((o.outlierFraction ?? 0) * inliers);
  const n = inliers + outliers;
  const X = new Float32Array(n * D);
  const labels = new Int32Array(n);
  const bases: Float64Array[] = [];
  const noiseScale = noise / Math.sqrt(D);
  for (let j = 0; j < subspaces; j++) {
    const U = randomOrthonormalBasis(rng, D, dim);
    bases.push(U);
    for (let s = 0; s < perSubspace; s++) {
      const row = j * perSubspace + s;
      addBasisCombination(X, row * D, U, D, dim, unitSphere(rng, dim));
      for (let i = 0; i < D; i++) X[row * D + i] += noiseScale * rng.normal();
      labels[row] = j;
    }
  }
  for (let s = 0; s < outliers; s++) {
    const row = inliers + s;
    X.set(unitSphere(rng, D), row * D);
    labels[row] = -1;
  }
  return { X, labels, n, d: D, bases };
}

export type TwoMoonsOptions = {
  /** Total points (the outer moon gets ⌈n/2⌉). */
  n: number;
  /** Standard deviation of the Gaussian noise added to the 2-D coordinates (as scikit-learn's make_moons). */
  noise: number;
  /** Ambient dimension D ≥ 2 the plane is rotated into. */
  ambient: number;
};

/**
 * scikit-learn's two moons (outer: (cos t, sin t); inner: (1 − cos t, ½ − sin t), t evenly spaced on [0, π]),
 * noise in the plane, then padded with zeros to R^D and rotated by a random orthogonal Q: x = Q·[p; 0].
 * @returns X (n×D), labels (0 outer, 1 inner), the rotation Q (D×D row-major) and the planar points (n×2)
 */
export function twoMoons(rng: Rng, o: TwoMoonsOptions): LabeledData & { rotation: Float64Array; planar: Float64Array } {
  const { n, noise, ambient: D } = o;
  if (D < 2) throw new RangeError(`twoMoons: ambient dimension must be at least 2, got ${D}`);
  const outer = Math.ceil(n / 2);
  const inner = n - outer;
  const planar = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const isOuter = s < outer;
    const count = isOuter ? outer : inner;
    const t = count > 1 ? (Math.PI * (isOuter ? s : s - outer)) / (count - 1) : 0;
    planar[2 * s] = (isOuter ? Math.cos(t) : 1 - Math.cos(t)) + noise * rng.normal();
    planar[2 * s + 1] = (isOuter ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * rng.normal();
    labels[s] = isOuter ? 0 : 1;
  }
  const rotation = randomRotation(rng, D);
  const X = new Float32Array(n * D);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < D; i++) X[s * D + i] = rotation[i * D] * planar[2 * s] + rotation[i * D + 1] * planar[2 * s + 1];
  }
  return { X, labels, n, d: D, rotation, planar };
}

export type LowRankMixtureOptions = {
  /** Number of Gaussian components. */
  components: number;
  /** Rank of each component's covariance. */
  dim: number;
  /** Ambient dimension D. */
  ambient: number;
  /** Samples per component. */
  perComponent: number;
  /** Isotropic noise standard deviation per coordinate (0 for exactly low-rank samples). Default 0. */
  noise?: number;
};

/**
 * A mixture of low-rank Gaussians with equal weights (the model of "Diffusion Models Learn Low-Dimensional
 * Distributions via Subspace Clustering"): component j has covariance U_jU_jᵀ with U_j a random D×dim
 * orthonormal basis, so x = U_j·a, a ~ N(0, I_dim), plus optional isotropic noise. Rows grouped by component.
 * @returns X (n×D), labels (n), bases (each D×dim, row-major)
 */
export function lowRankGaussianMixture(rng: Rng, o: LowRankMixtureOptions): LabeledData & { bases: Float64Array[] } {
  const { components, dim, ambient: D, perComponent } = o;
  if (dim > D) throw new RangeError(`lowRankGaussianMixture: rank ${dim} exceeds ambient dimension ${D}`);
  const noise = o.noise ?? 0;
  const n = components * perComponent;
  const X = new Float32Array(n * D);
  const labels = new Int32Array(n);
  const bases: Float64Array[] = [];
  const a = new Float64Array(dim);
  for (let j = 0; j < components; j++) {
    const U = randomOrthonormalBasis(rng, D, dim);
    bases.push(U);
    for (let s = 0; s < perComponent; s++) {
      const row = j * perComponent + s;
      for (let p = 0; p < dim; p++) a[p] = rng.normal();
      addBasisCombination(X, row * D, U, D, dim, a);
      if (noise > 0) for (let i = 0; i < D; i++) X[row * D + i] += noise * rng.normal();
      labels[row] = j;
    }
  }
  return { X, labels, n, d: D, bases };
}
