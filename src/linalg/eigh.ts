// Symmetric eigendecomposition A = V·diag(λ)·Vᵀ by parallel cyclic Jacobi; the O(n³) sweeps run on the backend.
import type { Backend, Tensor } from '../engine/backend';
import { gatherColumns, jacobiProgress, jacobiSweep, type JacobiWork } from './eighKernels';
import { matrixHealth, readMatrixHealth, requireFinite, requireSquare, Scratch } from './matrixChecksKernels';

/** Eigenvalues (descending per batch item) and the matching orthonormal eigenvectors as columns. */
export type EighResult = { values: Float64Array; vectors: Tensor };

/** Sweeps are quadratically convergent; 40 is far beyond what a well-posed problem needs. */
const MAX_SWEEPS = 40;

/**
 * Eigendecomposition of a symmetric matrix a: [batch, n, n].
 * Returns values: Float64Array of length batch·n, descending within each batch item, and vectors: [batch, n, n]
 * with orthonormal columns, A ≈ V·diag(λ)·Vᵀ. The caller owns `vectors`.
 *
 * Algorithm: two-sided cyclic Jacobi with the round-robin (circle) ordering, so each GPU dispatch applies n/2
 * disjoint rotations (Golub & Van Loan, Matrix Computations, "Jacobi methods", parallel ordering). One readback
 * per sweep checks off(A)/‖A‖_F against 2e-6 (f32) or 1e-14 (f64). Each item is scaled to max|a_ij| = 1 first.
 * Throws a RangeError for non-finite input, or when max|A − Aᵀ| > 1e-5·max|A|·n (A is symmetrized below that).
 */
export async function eigh(be: Backend, a: Tensor): Promise<EighResult> {
  requireSquare(a, 'eigh');
  const { batch, rows: n } = a;
  const shape = { batch, rows: n, cols: n };
  const scratch = new Scratch(be);
  try {
    const health = await readMatrixHealth(be, scratch.track(matrixHealth(be, a)));
    requireFinite(health, 'eigh');
    health.forEach((h, z) => {
      const limit = 1e-5 * h.maxAbs * n;
      if (h.maxAsymmetry > limit) {
        const item = batch > 1 ? ` (batch item ${z})` : '';
        throw new RangeError(
          `eigh: matrix${item} is not symmetric: max |A − Aᵀ| = ${h.maxAsymmetry.toExponential(2)} exceeds 1e-5·max|A|·n = ${limit.toExponential(2)}`,
        );
      }
    });
    // Scaling keeps the squared norms of the convergence test inside f32's range.
    const scale = health.map((h) => (h.maxAbs > 0 ? h.maxAbs : 1));
    const inverseScale = scratch.track(be.upload(scale.map((s) => 1 / s), { batch, rows: 1, cols: 1 }));
    let work: JacobiWork = {
      matrix: scratch.track(be.tidy(() => be.elementwise('mul', be.elementwise('add', a, be.transpose(a), 0.5, 0.5), inverseScale))),
      spare: scratch.track(be.fill(shape, 0)),
      vectors: scratch.track(be.upload(identities(batch, n), shape)),
    };
    const tolerance = be.precision === 'f32' ? 2e-6 : 1e-14;
    let previous = Infinity;
    let progress: Float64Array;
    for (let sweep = 0; ; sweep++) {
      const p = scratch.track(jacobiProgress(be, work.matrix));
      progress = await be.read(p);
      scratch.free(p);
      const relative = worstOffDiagonal(progress, batch, n);
      // Stop when converged, or when, already close, rounding keeps another sweep from halving off(A).
      // (Near-ties slow convergence to linear well above that, so "close" is strict.)
      if (relative <= tolerance || sweep === MAX_SWEEPS || (relative < 10 * tolerance && relative > 0.5 * previous)) break;
      previous = relative;
      work = jacobiSweep(be, work);
    }
    const values = new Float64Array(batch * n);
    const order = new Float64Array(batch * n);
    for (let z = 0; z < batch; z++) {
      const diagonal = Array.from({ length: n }, (_, i) => progress[z * (n + 2) + 2 + i] * scale[z]);
      const sorted = diagonal.map((_, i) => i).sort((i, j) => diagonal[j] - diagonal[i] || i - j);
      sorted.forEach((from, j) => {
        values[z * n + j] = diagonal[from];
        order[z * n + j] = from;
      });
    }
    return { values, vectors: be.keep(gatherColumns(be, work.vectors, order)) };
  } finally {
    scratch.dispose();
  }
}

/** max over batch items of off(A)/‖A‖_F, from jacobiProgress numbers. */
function worstOffDiagonal(progress: Float64Array, batch: number, n: number): number {
  let worst = 0;
  for (let z = 0; z < batch; z++) {
    const off = progress[z * (n + 2)];
    const total = progress[z * (n + 2) + 1];
    if (total > 0) worst = Math.max(worst, Math.sqrt(off / total));
  }
  return worst;
}

/** batch identity matrices n×n, back to back. */
function identities(batch: number, n: number): Float64Array {
  const eye = new Float64Array(batch * n * n);
  for (let z = 0; z < batch; z++) for (let i = 0; i < n; i++) eye[z * n * n + i * n + i] = 1;
  return eye;
}
