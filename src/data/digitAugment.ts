// Digit augmentations for contrastive training and retrieval queries: a random shift of up to one pixel and Gaussian noise.
import type { Rng } from './rng';

/**
 * Augmented copies of rows of X (8×8 images, values in [0, 1]): each shifted by (dy, dx) ∈ {−1, 0, 1}² with zeros
 * shifted in, plus N(0, noise²) per pixel.
 * @param X (n, 64) row-major; rows the indices to copy @returns (rows.length, 64)
 */
export function augmentDigits(X: ArrayLike<number>, rows: ArrayLike<number>, rng: Rng, noise: number): Float32Array {
  const out = new Float32Array(rows.length * 64);
  for (let i = 0; i < rows.length; i++) {
    const dy = rng.int(3) - 1;
    const dx = rng.int(3) - 1;
    const src = rows[i] * 64;
    for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) {
      const sr = r - dy;
      const sc = c - dx;
      const v = sr >= 0 && sr < 8 && sc >= 0 && sc < 8 ? X[src + sr * 8 + sc] : 0;
      out[i * 64 + r * 8 + c] = v + noise * rng.normal();
    }
  }
  return out;
}
