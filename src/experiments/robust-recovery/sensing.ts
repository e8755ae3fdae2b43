// The measurement operator on the backend: A(UUᵀ) is one matmul with the (m, n²) sensing matrix, its adjoint another.
import type { Backend, Tensor } from '../../engine/backend';
import { reshape } from '../../learn/gatherKernels';

/**
 * Residuals r_ib = ⟨A_i, U_bU_bᵀ⟩ − y_ib of a batch of factors.
 * @param sensing (m, n²): row i is vec(A_i)
 * @param y (m, B): column b holds the measurements run b fits
 * @param U (B, n, r)
 * @returns (m, B)
 */
export function residuals(be: Backend, sensing: Tensor, y: Tensor, U: Tensor): Tensor {
  return be.tidy(() => {
    const flat = reshape(be, be.matmul(U, U, { transB: true }), { rows: U.batch, cols: U.rows * U.rows }); // (B, n²): vec(UUᵀ) per row
    return be.elementwise('add', be.matmul(sensing, flat, { transB: true }), y, 1, -1);
  });
}

/**
 * The update direction D_b = (2/m) Σ_i w_ib A_i U_b with w_ib = l1Weight_b·sign(r_ib) + l2Weight_b·r_ib (A_i symmetric).
 * With l1Weight = 1, l2Weight = 0 it is a subgradient of f(U) = (1/m)Σ|r_i|; with (0, 1) the gradient of (1/2m)Σr_i².
 * Steps enter as the weights, so one adjoint matmul serves every run of the batch whatever its loss and step.
 * @param sensing (m, n²); residual (m, B); U (B, n, r); l1Weight, l2Weight (1, B)
 * @returns (B, n, r)
 */
export function descentDirection(be: Backend, sensing: Tensor, residual: Tensor, U: Tensor, l1Weight: Tensor, l2Weight: Tensor): Tensor {
  const m = sensing.rows;
  return be.tidy(() => {
    const w = be.elementwise('add', be.elementwise('mul', be.elementwise('sign', residual), l1Weight), be.elementwise('mul', residual, l2Weight));
    const adjoint = reshape(be, be.matmul(w, sensing, { transA: true }), { batch: U.batch, rows: U.rows, cols: U.rows }); // Σ_i w_ib A_i
    return be.elementwise('scale', be.matmul(adjoint, U), null, 2 / m, 0);
  });
}

/**
 * ‖U_bU_bᵀ − X*‖_F for each run of the batch.
 * @param U (B, n, r); xStar (n, n)
 * @returns (B, 1)
 */
export function recoveryErrors(be: Backend, U: Tensor, xStar: Tensor): Tensor {
  return be.tidy(() => {
    const diff = be.elementwise('add', be.matmul(U, U, { transB: true }), xStar, 1, -1);
    return be.reduce('norm', reshape(be, diff, { rows: U.batch, cols: U.rows * U.rows }), 'perRow');
  });
}
