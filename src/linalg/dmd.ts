// Dynamic mode decomposition: eigenvalues of the rank-r best-fit linear operator X1 ≈ K·X0 (SVD and projections on the backend).
import type { Backend, Tensor } from '../engine/backend';
import { svd } from './svd';
import { matrixHealth, readMatrixHealth, requireFinite, unitRoundoff } from './matrixChecksKernels';
import { realEigenvalues, type ComplexValues } from './realEigenvalues';

/** Eigenvalues, the reduced operator Ã (r×r, row-major, host), X0's top singular values and, when asked, its left singular vectors U_r. */
export type DmdResult = ComplexValues & { reduced: Float64Array; singularValues: Float64Array; basis: Float64Array | null };

/**
 * Exact DMD (Tu et al., 2014): X0 = U_r Σ_r V_rᵀ (thin SVD, rank r), Ã = U_rᵀ·X1·V_r·Σ_r⁻¹, eigenvalues of Ã.
 * Ã is the rank-r projection of K = X1·X0⁺, so its eigenvalues are K's nonzero ones when r = rank X0.
 * @param x0 (m, n) snapshots as columns; x1 (m, n) the snapshots one step later; 1 ≤ r ≤ rank X0
 * @param o.basis also read U_r (m×r, row-major) back, so the caller can apply U_r·Ã·U_rᵀ to new states
 * @returns eigenvalues sorted by modulus (descending), Ã and the singular values of X0 (length r)
 * @throws RangeError when shapes disagree, r is out of range or exceeds the numerical rank of X0, or data is non-finite
 */
export async function dmd(be: Backend, x0: Tensor, x1: Tensor, r: number, o: { basis?: boolean } = {}): Promise<DmdResult> {
  if (x0.batch !== 1 || x1.batch !== 1) throw new RangeError('dmd: one pair of snapshot matrices at a time (batch 1)');
  if (x0.rows !== x1.rows || x0.cols !== x1.cols) {
    throw new RangeError(`dmd: X0 is ${x0.rows}×${x0.cols} but X1 is ${x1.rows}×${x1.cols}; they must have the same shape`);
  }
  const full = Math.min(x0.rows, x0.cols);
  if (!Number.isInteger(r) || r < 1 || r > full) throw new RangeError(`dmd: rank r = ${r} must be a whole number in [1, ${full}] for ${x0.rows}×${x0.cols} snapshots`);
  const health = matrixHealth(be, x1);
  try {
    requireFinite(await readMatrixHealth(be, health), 'dmd', 'X1');
  } finally {
    be.dispose(health);
  }
  const { U, S, V } = await svd(be, x0, { k: r, method: 'jacobi' }); // svd rejects a non-finite X0 itself
  try {
    // Below this σ_r is rounding noise: r exceeds the rank and Σ_r⁻¹ would amplify noise into the operator.
    const floor = S[0] * Math.max(x0.rows, x0.cols) * unitRoundoff(be) * 16;
    if (!(S[0] > 0) || S[r - 1] <= floor) {
      throw new RangeError(`dmd: r = ${r} exceeds the numerical rank of X0 (σ_${r} = ${S[r - 1].toExponential(2)}, σ_1 = ${S[0].toExponential(2)})`);
    }
    const reducedTensor = be.tidy(() => {
      const projected = be.matmul(be.matmul(U, x1, { transA: true }), V); // (r, r) = U_rᵀ·X1·V_r
      return be.elementwise('div', projected, be.upload(S, { rows: 1, cols: r })); // ·Σ_r⁻¹: column j by σ_j
    });
    const reduced = await be.read(reducedTensor);
    be.dispose(reducedTensor);
    const basis = o.basis ? await be.read(U) : null;
    return { ...realEigenvalues(reduced, r), reduced, singularValues: S, basis };
  } finally {
    be.dispose(U);
    be.dispose(V);
  }
}
