// Thin QR by Householder reflections: 2n kernel steps, each applying one reflector to all trailing columns on the device.
import type { Backend, Tensor } from '../engine/backend';
import { extractR, householderAccumulate, householderStep } from './qrKernels';

/**
 * Thin QR of each batch item, A = Q·R, enqueued without any readback. Tensors follow `tidy` rules: the
 * result belongs to the enclosing tidy, if any.
 * @param a (batch, m, n) with m ≥ n
 * @returns Q (batch, m, n) with orthonormal columns and R (batch, n, n) upper triangular with R_ii ≥ 0
 * @see Golub & Van Loan, Matrix Computations, §5.2.1 (Householder QR) and §5.1.6 (backward accumulation of Q)
 */
export function householderQr(be: Backend, a: Tensor): { Q: Tensor; R: Tensor } {
  const { batch, rows: m, cols: n } = a;
  if (m < n) {
    throw new RangeError(`qr: a thin QR needs rows ≥ cols, got ${m}×${n}; factor the transpose instead`);
  }
  return be.tidy(() => {
    const work = be.transpose(a); // (batch, n, m): row k is column k of A
    const reflectors = be.fill({ batch, rows: n, cols: m }, 0);
    for (let j = 0; j < n; j++) householderStep(be, work, reflectors, j);
    const R = extractR(be, work);
    // R is out, so `work` is free to hold Qᵀ while it is accumulated.
    for (let j = n - 1; j >= 0; j--) householderAccumulate(be, work, reflectors, j);
    return { Q: be.transpose(work), R };
  });
}

/**
 * Thin QR of `a` (each item of a batch), A = Q·R. The caller owns Q and R (they are kept out of any enclosing tidy).
 * Non-finite input gives non-finite factors; check first where that matters.
 * @param a (batch, m, n) with m ≥ n, else a RangeError
 * @returns Q (batch, m, n) with QᵀQ = I, and R (batch, n, n) upper triangular with a non-negative diagonal
 */
export async function qr(be: Backend, a: Tensor): Promise<{ Q: Tensor; R: Tensor }> {
  const { Q, R } = householderQr(be, a);
  return { Q: be.keep(Q), R: be.keep(R) };
}
