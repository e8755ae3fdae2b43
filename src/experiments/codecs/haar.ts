// The 2-level Haar wavelet packet on 8×8 patches as a fixed orthonormal 64×64 matrix, applied by matmul on the backend.
import type { Backend, Tensor } from '../../engine/backend';

/** Side of the square patches the codecs work on. */
export const PATCH = 8;

/**
 * 1-D Haar wavelet packet of `levels` levels on length n (n divisible by 2^levels): every band, low and high,
 * is split again at each level (a packet, not the dyadic wavelet tree).
 * @returns n×n row-major, orthonormal (H·Hᵀ = I); row r is the r-th basis function
 */
export function haarPacket1d(n: number, levels: number): Float64Array {
  if (!Number.isInteger(n) || n < 1 || n % (1 << levels) !== 0) throw new RangeError(`haarPacket1d: n = ${n} must be a positive multiple of 2^${levels}`);
  // start from the identity and apply one analysis step to every band of the current level
  let h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) h[i * n + i] = 1;
  const s = Math.SQRT1_2;
  for (let level = 0, band = n; level < levels; level++, band /= 2) {
    const next = new Float64Array(n * n);
    for (let b0 = 0; b0 < n; b0 += band) {
      for (let k = 0; k < band / 2; k++) {
        const [even, odd, lo, hi] = [b0 + 2 * k, b0 + 2 * k + 1, b0 + k, b0 + band / 2 + k];
        for (let j = 0; j < n; j++) {
          next[lo * n + j] = s * (h[even * n + j] + h[odd * n + j]);
          next[hi * n + j] = s * (h[even * n + j] - h[odd * n + j]);
        }
      }
    }
    h = next;
  }
  return h;
}

/**
 * The separable 2-D packet on p×p patches flattened row by row: H₂ = H₁ ⊗ H₁.
 * @returns (p², p²) row-major, orthonormal
 */
export function haarPacket2d(p = PATCH, levels = 2): Float64Array {
  const h = haarPacket1d(p, levels);
  const d = p * p;
  const out = new Float64Array(d * d);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
    out[(a * p + b) * d + i * p + j] = h[a * p + i] * h[b * p + j];
  }
  return out;
}

/** Wavelet coefficients of patches as rows: Y = X·Hᵀ. @param x (n, 64) @param h (64, 64) @returns (n, 64) */
export function haarForward(be: Backend, x: Tensor, h: Tensor): Tensor {
  return be.matmul(x, h, { transB: true });
}

/** Patches back from coefficients: X = Y·H (H is orthonormal, so Hᵀ is its inverse). @param y (n, 64) @returns (n, 64) */
export function haarInverse(be: Backend, y: Tensor, h: Tensor): Tensor {
  return be.matmul(y, h);
}
