// Float64 host references of the layer compressors: 4-bit rounding, 2:4 pruning, OMP and K-SVD (the backend twins' oracle).
import type { Rng } from '../../data/rng';
import { mm, sumSquares, tr } from './hostMatrix';

/** Per-row symmetric 4-bit rounding: w ≈ s_i·q, q ∈ {−8…7}, s_i = max|w_i·|/7. */
export function round4bit(W: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(W.length);
  for (let i = 0; i < m; i++) {
    let amax = 0;
    for (let j = 0; j < n; j++) amax = Math.max(amax, Math.abs(W[i * n + j]));
    const s = amax * (1 / 7) || 1;
    for (let j = 0; j < n; j++) out[i * n + j] = s * Math.max(-8, Math.min(7, Math.round(W[i * n + j] / s)));
  }
  return out;
}

/** 2:4 pruning: in each group of four consecutive inputs keep the two largest |w|. */
export function prune24(W: Float64Array): Float64Array {
  const out = Float64Array.from(W);
  for (let g = 0; g + 4 <= W.length; g += 4) {
    const idx = [0, 1, 2, 3].sort((a, b) => Math.abs(W[g + a]) - Math.abs(W[g + b]));
    out[g + idx[0]] = 0;
    out[g + idx[1]] = 0;
  }
  return out;
}

/**
 * Orthogonal matching pursuit of one signal y (length m) over the unit-norm atoms D (m×K): `s` greedy picks,
 * each followed by a least-squares refit on the picked atoms (normal equations, Cholesky).
 * @returns the coefficients (length K) and the residual norm after 0, 1, …, s picks
 */
export function omp(D: Float64Array, m: number, K: number, y: ArrayLike<number>, s: number): { x: Float64Array; residuals: number[] } {
  const picked: number[] = [];
  let r = Float64Array.from(y);
  const residuals = [Math.hypot(...r)];
  let coef: Float64Array = new Float64Array(0);
  for (let step = 0; step < Math.min(s, K); step++) {
    let best = -1, bestC = -1;
    for (let k = 0; k < K; k++) {
      if (picked.includes(k)) continue;
      let c = 0;
      for (let i = 0; i < m; i++) c += D[i * K + k] * r[i];
      if (Math.abs(c) > bestC) { bestC = Math.abs(c); best = k; }
    }
    picked.push(best);
    const p = picked.length;
    const G = new Float64Array(p * p);
    const b = new Float64Array(p);
    for (let a = 0; a < p; a++) {
      for (let i = 0; i < m; i++) b[a] += D[i * K + picked[a]] * y[i];
      for (let c = 0; c < p; c++) for (let i = 0; i < m; i++) G[a * p + c] += D[i * K + picked[a]] * D[i * K + picked[c]];
      G[a * p + a] += 1e-12;
    }
    coef = choleskySolve(G, b, p);
    r = Float64Array.from(y);
    for (let a = 0; a < p; a++) for (let i = 0; i < m; i++) r[i] -= coef[a] * D[i * K + picked[a]];
    residuals.push(Math.hypot(...r));
  }
  const x = new Float64Array(K);
  picked.forEach((k, a) => (x[k] = coef[a]));
  return { x, residuals };
}

/** Solves G·z = b for symmetric positive definite G (p×p). */
export function choleskySolve(G: Float64Array, b: Float64Array, p: number): Float64Array {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) {
    let s = G[i * p + j];
    for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
    L[i * p + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / L[j * p + j];
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * z[k];
    z[i] = s / L[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * z[k];
    z[i] = s / L[i * p + i];
  }
  return z;
}

/** K-SVD's starting atoms (m×K, unit columns): columns of Y (m×N) in a shuffled order, plus 1e-3 noise. */
export function initialDictionary(Y: Float64Array, m: number, N: number, K: number, rng: Rng): Float64Array {
  const D = new Float64Array(m * K);
  const order = Array.from({ length: N }, (_, i) => i);
  rng.shuffle(order);
  for (let k = 0; k < K; k++) {
    const col = order[k % N];
    let norm = 0;
    for (let i = 0; i < m; i++) norm += (D[i * K + k] = Y[i * N + col] + 1e-3 * rng.normal()) ** 2;
    for (let i = 0; i < m; i++) D[i * K + k] /= Math.sqrt(norm);
  }
  return D;
}

/**
 * K-SVD: columns of Y (m×N) ≈ D·C with D (m×K) unit-norm atoms and s nonzeros per column of C (by OMP).
 * Each atom update is the top singular pair of the residual on the columns that use it (topLeftSingularVector).
 * @returns D, C (K×N) and the worst increase of any OMP residual along its picks (≤ 0 when it never grows)
 */
export function ksvd(Y: Float64Array, m: number, N: number, K: number, s: number, rng: Rng, iters = 6): { D: Float64Array; C: Float64Array; worstGrowth: number } {
  const D = initialDictionary(Y, m, N, K, rng);
  let C = new Float64Array(K * N);
  let worstGrowth = -Infinity;
  const code = () => {
    C = new Float64Array(K * N);
    for (let j = 0; j < N; j++) {
      const { x, residuals } = omp(D, m, K, Array.from({ length: m }, (_, i) => Y[i * N + j]), s);
      for (let t = 1; t < residuals.length; t++) worstGrowth = Math.max(worstGrowth, residuals[t] - residuals[t - 1]);
      for (let k = 0; k < K; k++) C[k * N + j] = x[k];
    }
  };
  for (let it = 0; it < iters; it++) {
    code();
    for (let k = 0; k < K; k++) {
      const users: number[] = [];
      for (let j = 0; j < N; j++) if (C[k * N + j] !== 0) users.push(j);
      if (!users.length) continue;
      // E_k = Y − Σ_{l≠k} d_l c_l on the users' columns (zero elsewhere)
      const E = new Float64Array(m * N);
      for (const j of users) {
        for (let i = 0; i < m; i++) {
          let v = Y[i * N + j];
          for (let l = 0; l < K; l++) if (l !== k) v -= D[i * K + l] * C[l * N + j];
          E[i * N + j] = v;
        }
      }
      const d = topLeftSingularVector(E, m, N, Array.from({ length: m }, (_, i) => D[i * K + k]));
      for (let i = 0; i < m; i++) D[i * K + k] = d[i];
      for (let j = 0; j < N; j++) {
        let c = 0;
        for (let i = 0; i < m; i++) c += d[i] * E[i * N + j];
        C[k * N + j] = c;
      }
    }
  }
  code();
  return { D, C, worstGrowth };
}

/** Power steps of the atom update, as repeated squarings of the gram: 2^5 = 32 steps. */
export const ATOM_SQUARINGS = 5;

/**
 * The top left singular vector of E (m×N): G = E·Eᵀ squared ATOM_SQUARINGS times (each scaled to ‖G‖_F = 1),
 * applied to `start` and normalized; 32 power steps in 5 products (the backend twin runs the same sequence).
 */
export function topLeftSingularVector(E: Float64Array, m: number, N: number, start: ArrayLike<number>): Float64Array {
  let G = mm(E, tr(E, m, N), m, N, m);
  for (let t = 0; t < ATOM_SQUARINGS; t++) {
    const G2 = mm(G, G, m, m, m);
    const norm = Math.max(Math.sqrt(sumSquares(G2)), 1e-30);
    G = G2.map((v) => v / norm);
  }
  const d = mm(G, Float64Array.from(start), m, m, 1);
  const norm = Math.max(Math.sqrt(sumSquares(d)), 1e-30);
  return d.map((v) => v / norm);
}
