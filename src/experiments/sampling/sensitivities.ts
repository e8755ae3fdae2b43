// ℓp sensitivities sᵢ = sup_x |aᵢx|^p/‖Ax‖_p^p, bracketed on the backend: lower bounds from test directions, upper bounds from Lewis weights.
import type { Backend, Tensor } from '../../engine/backend';
import { householderQr } from '../../linalg/qr';
import { absPower } from '../../linalg/rowScores';
import { Scratch } from '../../linalg/matrixChecksKernels';
import { batchChunks, ENTRIES_PER_CHUNK } from './samplingMath';

/**
 * For each row i, |aᵢxᵢ|^p / ‖Axᵢ‖_p^p at xᵢ = (AᵀCA)⁻¹aᵢ, C = diag(rootScale²): a lower bound on sᵢ. With
 * B = diag(rootScale)·A = Q_B·R_B and U = A·R_B⁻¹ = Q_B ÷ rootScale, the n×n matrix U·Uᵀ holds A·xᵢ in column i and
 * aᵢxᵢ on its diagonal (= ‖Uᵢ‖²); it is formed a block of columns at a time.
 * @param a (n, d); rootScale (n, 1), positive
 * @returns Float64Array(n), each in (0, 1]
 */
async function directionBounds(be: Backend, a: Tensor, rootScale: Tensor, p: number, limit: number): Promise<Float64Array> {
  const scratch = new Scratch(be);
  try {
    const u = scratch.track(be.tidy(() => be.elementwise('div', householderQr(be, be.elementwise('mul', a, rootScale)).Q, rootScale)));
    const tau = await be.read(scratch.track(be.reduce('sumSquares', u, 'perRow')));
    const norms = new Float64Array(a.rows);
    // Column blocks of the n×n matrix U·Uᵀ keep every device tensor within `limit` entries.
    for (const [start, count] of batchChunks(a.rows, a.rows, limit)) {
      const block = scratch.track(be.tidy(() => be.reduce('sum', absPower(be, be.matmul(u, be.slice(u, start, 0, count, a.cols), { transB: true }), p), 'perCol')));
      norms.set(await be.read(block), start);
      scratch.free(block);
    }
    return tau.map((t, i) => Math.min(1, Math.abs(t) ** p / norms[i]));
  } finally {
    scratch.dispose();
  }
}

/**
 * Brackets the ℓp sensitivities of A's rows. Lower: the best of two test directions per row, the leverage direction
 * (AᵀA)⁻¹aᵢ and the Lewis direction (AᵀW^{1−2/p}A)⁻¹aᵢ (exact for p = 2, where it equals τᵢ). Upper: the Lewis-weight
 * bound sᵢ ≤ wᵢ for p ≤ 2 and sᵢ ≤ d^{p/2−1}·wᵢ for p > 2 (capped at 1).
 * @param a (n, d) with full column rank; lewis: its ℓp Lewis weights (n); limit: most entries per n×block tensor
 */
export async function sensitivityBracket(be: Backend, a: Tensor, lewis: Float64Array, p: number, limit = ENTRIES_PER_CHUNK): Promise<{ lower: Float64Array; upper: Float64Array }> {
  const d = a.cols;
  const ones = be.fill({ rows: a.rows, cols: 1 }, 1);
  const lewisRoot = be.upload(lewis.map((w) => Math.max(w, 1e-30) ** (0.5 - 1 / p)), { rows: a.rows, cols: 1 });
  try {
    const byLeverage = await directionBounds(be, a, ones, p, limit);
    const byLewis = p === 2 ? byLeverage : await directionBounds(be, a, lewisRoot, p, limit);
    const factor = p > 2 ? d ** (p / 2 - 1) : 1;
    return {
      lower: byLeverage.map((s, i) => Math.max(s, byLewis[i])),
      upper: lewis.map((w) => Math.min(1, factor * w)),
    };
  } finally {
    be.dispose(ones);
    be.dispose(lewisRoot);
  }
}
