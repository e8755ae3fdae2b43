// Pure low-rank arithmetic on singular spectra: energies, truncation errors, LoRD and WeLore ranks, image downsampling (spectrum, galore and codecs pages).

/** Cumulative energy Σ_{i≤k} σ_i² / Σ σ_i², for k = 1..r. */
export function cumulativeEnergy(sigma: ArrayLike<number>): number[] {
  let total = 0;
  for (let i = 0; i < sigma.length; i++) total += sigma[i] * sigma[i];
  const out: number[] = [];
  let acc = 0;
  for (let i = 0; i < sigma.length; i++) {
    acc += sigma[i] * sigma[i];
    out.push(total > 0 ? acc / total : 1);
  }
  return out;
}

/**
 * Eckart–Young: ‖A − A_k‖_F = √(Σ_{i>k} σ_i²) for k = 0..r (index k). Suffix sums from the small
 * end, so the tail is not lost to cancellation.
 */
export function truncationErrors(sigma: ArrayLike<number>, frobeniusSquared?: number): number[] {
  const r = sigma.length;
  const tail = new Array<number>(r + 1).fill(0);
  for (let i = r - 1; i >= 0; i--) tail[i] = tail[i + 1] + sigma[i] * sigma[i];
  // With a top-k SVD, the unseen tail is ‖A‖² − Σ σ_i².
  const unseen = frobeniusSquared !== undefined ? Math.max(0, frobeniusSquared - tail[0]) : 0;
  return tail.map((t) => Math.sqrt(t + unseen));
}

/** Parameters of a rank-k factorization of an m×n matrix, U_k (m×k) and S_kV_kᵀ (k×n). */
export function factoredParams(m: number, n: number, k: number): number {
  return k * (m + n);
}

/** LoRD: the factorization saves parameters only for k < mn/(m+n). */
export function lordBreakEvenRank(m: number, n: number): number {
  return (m * n) / (m + n);
}

/** WeLore's normalized spectrum σ̂ = (σ − min)/(max − min). */
export function normalizedSpectrum(sigma: ArrayLike<number>): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < sigma.length; i++) {
    lo = Math.min(lo, sigma[i]);
    hi = Math.max(hi, sigma[i]);
  }
  const span = hi - lo;
  return Array.from(sigma, (s) => (span > 0 ? (s - lo) / span : 1));
}

/** WeLore's rank: how many σ̂ ≥ threshold (σ descending, so a prefix). */
export function weloreRank(sigma: ArrayLike<number>, threshold: number): number {
  return normalizedSpectrum(sigma).filter((v) => v >= threshold).length;
}

/**
 * A_k = U_k diag(σ_k) V_kᵀ in plain JS (for the live k slider).
 * @param u m×r row-major, v n×r row-major
 */
export function reconstructRankK(u: ArrayLike<number>, sigma: ArrayLike<number>, v: ArrayLike<number>, m: number, n: number, r: number, k: number): Float32Array {
  const kk = Math.min(k, r);
  const out = new Float32Array(m * n);
  const us = new Float64Array(kk);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < kk; p++) us[p] = u[i * r + p] * sigma[p];
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < kk; p++) s += us[p] * v[j * r + p];
      out[i * n + j] = s;
    }
  }
  return out;
}

/** Block-averages a square image down by an integer factor. */
export function downsample(data: ArrayLike<number>, size: number, factor: number): Float32Array {
  const s = Math.floor(size / factor);
  const out = new Float32Array(s * s);
  for (let i = 0; i < s; i++)
    for (let j = 0; j < s; j++) {
      let acc = 0;
      for (let a = 0; a < factor; a++) for (let b = 0; b < factor; b++) acc += data[(i * factor + a) * size + j * factor + b];
      out[i * s + j] = acc / (factor * factor);
    }
  return out;
}
