// Randomized SVD (Halko–Martinsson–Tropp): a Gaussian sketch, QR-stabilized power iterations, exact Jacobi SVD of QᵀA.
import type { Backend, Tensor } from '../engine/backend';
import { Rng } from '../data/rng';
import { Scratch } from './matrixChecksKernels';
import { householderQr } from './qr';
import { jacobiSvd } from './jacobiSvd';

export type RandomizedSvdOptions = {
  /** Singular triplets wanted (the largest). */
  k: number;
  /** Extra sketch columns beyond k; default 10. */
  oversample?: number;
  /** Power iterations, each re-orthonormalized by QR; default 2. */
  powerIters?: number;
  /** Seeds the Gaussian test matrix Ω; default 0. */
  seed?: number;
  /** Passed to the Jacobi SVD of the small matrix. */
  tol?: number;
  maxSweeps?: number;
};

/**
 * Top-k SVD of each batch item: Y = A·Ω with Ω (n, k+p) Gaussian, Q = orth(Y), then q power iterations
 * Q = orth(A·orth(Aᵀ·Q)); B = QᵀA is small, its exact SVD B = Û·Σ·Vᵀ gives A ≈ (Q·Û)·Σ·Vᵀ. The caller owns U and V.
 * @param a (batch, m, n), finite and scaled near 1 (`svd` sees to both)
 * @returns U (batch, m, k), S (batch·k, descending per item), V (batch, n, k)
 * @see Halko, Martinsson & Tropp, "Finding structure with randomness", SIAM Review 53 (2011), Algorithms 4.4 and 5.1
 */
export async function randomizedSvd(be: Backend, a: Tensor, o: RandomizedSvdOptions): Promise<{ U: Tensor; S: Float64Array; V: Tensor }> {
  const { rows: m, cols: n } = a;
  const small = Math.min(m, n);
  const { k } = o;
  if (!Number.isInteger(k) || k < 1 || k > small) throw new RangeError(`svd: k must be an integer in [1, ${small}], got ${k}`);
  const width = Math.min(k + (o.oversample ?? 10), small);
  const powerIters = o.powerIters ?? 2;
  const scratch = new Scratch(be);
  try {
    const basis = be.tidy(() => {
      const omega = be.upload(new Rng(o.seed ?? 0).normals(n * width), { rows: n, cols: width });
      let q = orthonormalColumns(be, be.matmul(a, omega)); // (batch, m, width)
      for (let i = 0; i < powerIters; i++) {
        q = orthonormalColumns(be, be.matmul(a, orthonormalColumns(be, be.matmul(a, q, { transA: true }))));
      }
      return q;
    });
    scratch.track(basis);
    const b = scratch.track(be.matmul(basis, a, { transA: true })); // (batch, width, n)
    const sketchSvd = await jacobiSvd(be, b, { k, tol: o.tol, maxSweeps: o.maxSweeps, seed: o.seed });
    scratch.track(sketchSvd.U);
    const V = scratch.track(sketchSvd.V);
    const U = scratch.track(be.matmul(basis, sketchSvd.U)); // (batch, m, k)
    return { U: scratch.release(U), S: sketchSvd.S, V: scratch.release(V) };
  } finally {
    scratch.dispose();
  }
}

/** Q of the thin QR of y (batch, rows, cols), rows ≥ cols; intermediates follow the enclosing tidy. */
function orthonormalColumns(be: Backend, y: Tensor): Tensor {
  return householderQr(be, y).Q;
}
