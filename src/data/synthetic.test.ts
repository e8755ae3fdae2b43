// Synthetic generators: points lie within noise of their subspace, rotations are orthogonal, seeds reproduce.
import { describe, expect, it } from 'vitest';
import { Rng } from './rng';
import { lowRankGaussianMixture, randomOrthonormalBasis, randomRotation, twoMoons, unionOfSubspaces } from './synthetic';

/** max |QᵀQ − I| for Q m×k row-major. */
function orthogonalityError(q: Float64Array, m: number, k: number): number {
  let worst = 0;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += q[i * k + a] * q[i * k + b];
    worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
  }
  return worst;
}

/** ‖x − UUᵀx‖ for one row x of length m and U m×k. */
function distanceToSpan(x: ArrayLike<number>, U: Float64Array, m: number, k: number): number {
  const coef = new Float64Array(k);
  for (let p = 0; p < k; p++) for (let i = 0; i < m; i++) coef[p] += U[i * k + p] * x[i];
  let r = 0;
  for (let i = 0; i < m; i++) {
    let proj = 0;
    for (let p = 0; p < k; p++) proj += U[i * k + p] * coef[p];
    r += (x[i] - proj) ** 2;
  }
  return Math.sqrt(r);
}

describe('synthetic data', { timeout: 30_000 }, () => {
  it('random bases and rotations are orthonormal', () => {
    expect(orthogonalityError(randomOrthonormalBasis(new Rng(1), 30, 4), 30, 4)).toBeLessThan(1e-12);
    const Q = randomRotation(new Rng(2), 10);
    expect(orthogonalityError(Q, 10, 10)).toBeLessThan(1e-12);
  });

  it('union of subspaces: noiseless points lie on their subspace with unit norm', () => {
    const data = unionOfSubspaces(new Rng(3), { subspaces: 3, dim: 4, ambient: 30, perSubspace: 20, noise: 0 });
    expect(data.n).toBe(60);
    expect(data.bases).toHaveLength(3);
    for (let s = 0; s < data.n; s++) {
      const x = data.X.subarray(s * 30, (s + 1) * 30);
      expect(distanceToSpan(x, data.bases[data.labels[s]], 30, 4)).toBeLessThan(1e-5);
      expect(Math.hypot(...x)).toBeCloseTo(1, 5);
      // and far from the other subspaces (random 4-dim subspaces of R^30 are nearly orthogonal)
      const other = data.bases[(data.labels[s] + 1) % 3];
      expect(distanceToSpan(x, other, 30, 4)).toBeGreaterThan(0.3);
    }
  });

  it('union of subspaces: noisy points lie within noise of their subspace; outliers are labeled −1', () => {
    const noise = 0.05;
    const data = unionOfSubspaces(new Rng(4), { subspaces: 2, dim: 3, ambient: 20, perSubspace: 100, noise, outlierFraction: 0.1 });
    expect(data.n).toBe(220);
    let mean = 0;
    for (let s = 0; s < 200; s++) {
      const r = distanceToSpan(data.X.subarray(s * 20, (s + 1) * 20), data.bases[data.labels[s]], 20, 3);
      expect(r).toBeLessThan(2.5 * noise);
      mean += r / 200;
    }
    // E‖P⊥g‖ ≈ noise·√((D − dim)/D) for g ~ N(0, noise²/D·I)
    expect(mean).toBeGreaterThan(0.8 * noise * Math.sqrt(17 / 20));
    expect(mean).toBeLessThan(1.1 * noise * Math.sqrt(17 / 20));
    expect(Array.from(data.labels.slice(200))).toEqual(new Array(20).fill(-1));
  });

  it('two moons: the lift is an orthogonal map, so planar distances are kept', () => {
    const data = twoMoons(new Rng(5), { n: 41, noise: 0.05, ambient: 10 });
    expect(orthogonalityError(data.rotation, 10, 10)).toBeLessThan(1e-12);
    expect(data.labels.filter((l) => l === 0).length).toBe(21);
    for (const [a, b] of [[0, 1], [3, 30], [10, 40]]) {
      const planar = Math.hypot(data.planar[2 * a] - data.planar[2 * b], data.planar[2 * a + 1] - data.planar[2 * b + 1]);
      let lifted = 0;
      for (let i = 0; i < 10; i++) lifted += (data.X[a * 10 + i] - data.X[b * 10 + i]) ** 2;
      expect(Math.sqrt(lifted)).toBeCloseTo(planar, 5);
    }
  });

  it('low-rank Gaussian mixture: exact rank without noise, covariance ≈ UUᵀ', () => {
    const data = lowRankGaussianMixture(new Rng(6), { components: 2, dim: 2, ambient: 8, perComponent: 2000 });
    const U = data.bases[0];
    for (let s = 0; s < 50; s++) expect(distanceToSpan(data.X.subarray(s * 8, (s + 1) * 8), U, 8, 2)).toBeLessThan(1e-5);
    // E‖x‖² = dim for a ~ N(0, I_dim)
    let sq = 0;
    for (let s = 0; s < 2000; s++) for (let i = 0; i < 8; i++) sq += data.X[s * 8 + i] ** 2 / 2000;
    expect(sq).toBeGreaterThan(1.85);
    expect(sq).toBeLessThan(2.15);
  });

  it('same seed, same data', () => {
    const o = { subspaces: 2, dim: 2, ambient: 5, perSubspace: 3, noise: 0.1 };
    expect(Array.from(unionOfSubspaces(new Rng(9), o).X)).toEqual(Array.from(unionOfSubspaces(new Rng(9), o).X));
  });
});
