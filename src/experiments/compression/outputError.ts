// The layer-output error on the backend: ‖A·Xᵀ‖_F² per batch item, the numerator of ‖(W − Ŵ)Xᵀ‖ / ‖W·Xᵀ‖.
import type { Backend, Tensor } from '../../engine/backend';

/** ‖A_b·Xᵀ‖_F² for each item of A (batch, m, n) and inputs X (N×n) as rows: a (batch, 1, 1) tensor. */
export function outputSquares(be: Backend, A: Tensor, X: Tensor): Tensor {
  if (A.cols !== X.cols || X.batch !== 1) throw new RangeError(`outputSquares: A is ${A.rows}×${A.cols}, inputs X must be one N×${A.cols} matrix, got ${X.batch}×${X.rows}×${X.cols}`);
  return be.tidy(() => be.reduce('sumSquares', be.matmul(A, X, { transB: true }), 'all'));
}

/** √max(0, e²)/√ref², elementwise on host numbers read back from outputSquares. */
export function relativeErrors(squares: ArrayLike<number>, refSquare: number): number[] {
  return Array.from(squares, (e) => Math.sqrt(Math.max(0, e)) / Math.sqrt(refSquare));
}
