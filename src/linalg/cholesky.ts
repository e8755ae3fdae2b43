// Cholesky factorization A = L·Lᵀ and log-determinants of symmetric positive definite matrices.
import type { Backend, Tensor } from '../engine/backend';
import { choleskyFactor } from './choleskyKernels';
import { matrixHealth, readMatrixHealth, requireFinite, requireSquare, Scratch } from './matrixChecksKernels';

/**
 * Lower-triangular L with A = L·Lᵀ for a: [batch, n, n] symmetric positive definite (only the lower triangle is read).
 * Returns L: [batch, n, n] with zeros above the diagonal; the caller owns it. Right-looking, one dispatch per column;
 * the pivots are read back once at the end. Throws Error('cholesky: matrix is not positive definite (pivot k = … is …)')
 * at the first pivot that is ≤ 0 or NaN, and a RangeError for non-finite input.
 */
export async function cholesky(be: Backend, a: Tensor): Promise<Tensor> {
  return (await checkedCholesky(be, a, 'cholesky')).factor;
}

/** log det A of one SPD matrix a: [n, n], as Σ log d_k = 2·Σ log L_kk summed in float64. Errors as in cholesky. */
export async function logdet(be: Backend, a: Tensor): Promise<number> {
  if (a.batch !== 1) throw new RangeError(`logdet: got a batch of ${a.batch} matrices; use logdetBatched`);
  return (await logdetBatched(be, a))[0];
}

/** log det of each batch item of a: [batch, n, n] SPD; returns Float64Array(batch). */
export async function logdetBatched(be: Backend, a: Tensor): Promise<Float64Array> {
  const { factor, pivots } = await checkedCholesky(be, a, 'logdet');
  be.dispose(factor);
  const n = a.rows;
  const out = new Float64Array(a.batch);
  for (let z = 0; z < a.batch; z++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += Math.log(pivots[z * n + k]);
    out[z] = sum;
  }
  return out;
}

/**
 * Factor plus its pivots d_k = L_kk² (batch·n, read back), after checking input finiteness and positive pivots.
 * `who` names the public function in error messages. The caller owns `factor`.
 */
export async function checkedCholesky(be: Backend, a: Tensor, who: string): Promise<{ factor: Tensor; pivots: Float64Array }> {
  requireSquare(a, who);
  const scratch = new Scratch(be);
  try {
    const health = scratch.track(matrixHealth(be, a));
    const { factor, pivots } = choleskyFactor(be, a);
    scratch.track(factor);
    scratch.track(pivots);
    const [h, d] = await Promise.all([readMatrixHealth(be, health), be.read(pivots)]);
    requireFinite(h, who);
    const n = a.rows;
    for (let z = 0; z < a.batch; z++) {
      for (let k = 0; k < n; k++) {
        const pivot = d[z * n + k];
        if (!(pivot > 0)) {
          const item = a.batch > 1 ? ` in batch item ${z}` : '';
          throw new Error(`${who}: matrix is not positive definite (pivot k = ${k} is ${pivot}${item})`);
        }
      }
    }
    return { factor: scratch.release(factor), pivots: d };
  } finally {
    scratch.dispose();
  }
}
