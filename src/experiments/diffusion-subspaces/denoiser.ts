// The optimal denoiser of a mixture of low-rank Gaussians, x̂ = Σ_k w_k(x_t)·c_t·U_kU_kᵀx_t, evaluated on the backend.
//
// Noise model (variance exploding): x_t = x₀ + σ·ε. For x₀ ~ N(0, U_kU_kᵀ) with U_k orthonormal of rank r_k,
// E[x₀ | x_t, k] = c_t·U_kU_kᵀx_t with c_t = 1/(1 + σ²), and the posterior weights are
// w_k ∝ exp(‖U_kᵀx_t‖²/(2σ²(1 + σ²)) − (r_k/2)·log(1 + σ²)) (equal mixing weights; terms equal for all k dropped).
import type { Backend } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import { reshape } from '../../learn/gatherKernels';
import { batchSum, rowSums } from '../common/matmulSums';

/** A noise-free test set: `perComponent` samples x = U*_k·a, a ~ N(0, I), from each true basis (D×d). */
export function sampleMixture(rng: Rng, bases: Float64Array[], D: number, d: number, perComponent: number, noise = 0): Float64Array {
  const K = bases.length;
  const x = new Float64Array(K * perComponent * D);
  const a = new Float64Array(d);
  for (let k = 0; k < K; k++) {
    for (let s = 0; s < perComponent; s++) {
      for (let p = 0; p < d; p++) a[p] = rng.normal();
      const row = (k * perComponent + s) * D;
      for (let i = 0; i < D; i++) {
        let v = noise > 0 ? noise * rng.normal() : 0;
        for (let p = 0; p < d; p++) v += bases[k][i * d + p] * a[p];
        x[row + i] = v;
      }
    }
  }
  return x;
}

export type DenoiseSetup = {
  /** Clean samples (M×D). */
  x0: Float64Array;
  M: number;
  D: number;
  sigmas: number[];
  /** Standard normal noise (L·M×D), one block per noise level, shared by every denoiser compared. */
  noise: ArrayLike<number>;
};

/**
 * Relative denoising error E‖x̂(x_t) − x₀‖² / E‖x₀‖² at each noise level for the mixture denoiser with these bases
 * (each D×dim, zero columns past its rank). One batched evaluation and one readback.
 */
export async function denoisingErrors(be: Backend, s: DenoiseSetup, bases: Float64Array[], ranks: number[], dim: number): Promise<number[]> {
  const { M, D, sigmas, x0 } = s;
  const L = sigmas.length;
  const K = bases.length;
  const rows = L * M;
  const clean = new Float64Array(rows * D);
  const noisy = new Float64Array(rows * D);
  const gain = new Float64Array(rows); // 1/(2σ²(1+σ²))
  const halfLog = new Float64Array(rows); // ½·log(1+σ²)
  const shrink = new Float64Array(rows); // c_t = 1/(1+σ²)
  for (let l = 0; l < L; l++) {
    const v = sigmas[l] ** 2;
    for (let m = 0; m < M; m++) {
      const r = l * M + m;
      gain[r] = 1 / (2 * v * (1 + v));
      halfLog[r] = 0.5 * Math.log1p(v);
      shrink[r] = 1 / (1 + v);
      for (let i = 0; i < D; i++) {
        clean[r * D + i] = x0[m * D + i];
        noisy[r * D + i] = x0[m * D + i] + sigmas[l] * s.noise[r * D + i];
      }
    }
  }
  const stacked = new Float64Array(K * D * dim);
  bases.forEach((b, k) => stacked.set(b, k * D * dim));
  const errors = be.tidy(() => {
    const xt = be.upload(noisy, { rows, cols: D });
    const U = be.upload(stacked, { batch: K, rows: D, cols: dim });
    const proj = be.matmul(xt, U); // (K, rows, dim)
    const energy = be.transpose(reshape(be, rowSums(be, be.elementwise('square', proj)), { rows: K, cols: rows })); // (rows, K)
    const penalty = be.matmul(be.upload(halfLog, { rows, cols: 1 }), be.upload(ranks, { rows: 1, cols: K }));
    const logits = be.elementwise('add', be.elementwise('mul', energy, be.upload(gain, { rows, cols: 1 })), penalty, 1, -1);
    // the row maximum by K − 1 elementwise maxima of columns (K is small)
    let top = be.slice(logits, 0, 0, rows, 1);
    for (let k = 1; k < K; k++) top = be.elementwise('max', top, be.slice(logits, 0, k, rows, 1));
    const shifted = be.elementwise('exp', be.elementwise('add', logits, top, 1, -1));
    const weights = be.elementwise('div', shifted, rowSums(be, shifted)); // (rows, K)
    const perComponent = be.elementwise('mul', be.matmul(proj, U, { transB: true }), reshape(be, be.transpose(weights), { batch: K, rows, cols: 1 }));
    const estimate = be.elementwise('mul', batchSum(be, perComponent), be.upload(shrink, { rows, cols: 1 }));
    return rowSums(be, be.elementwise('square', be.elementwise('add', estimate, be.upload(clean, { rows, cols: D }), 1, -1)));
  });
  const e = await be.read(errors).finally(() => be.dispose(errors));
  let signal = 0;
  for (let i = 0; i < M * D; i++) signal += x0[i] ** 2;
  return sigmas.map((_, l) => {
    let sum = 0;
    for (let m = 0; m < M; m++) sum += e[l * M + m];
    return sum / signal;
  });
}
