// PCA of the centered wavelet coefficients on the backend: the baseline codec's basis and the best linear error.
import type { Backend, Tensor } from '../../engine/backend';
import { eigh } from '../../linalg/eigh';

/**
 * Top-c principal directions of y (n, d) from eigh(yᵀy), and the PCA reconstruction error at every size:
 * mseAt[k] = Σ_{i≥k} λᵢ / (n·d) (0-based, k = 0…d), the least any rank-k linear autoencoder can reach (Eckart–Young).
 * @returns basis (d, c) on the backend (the caller disposes it), host copy of the basis, eigenvalues descending
 */
export async function principalBasis(be: Backend, y: Tensor, c: number): Promise<{ basis: Tensor; host: Float64Array; eigenvalues: number[]; mseAt: number[] }> {
  const { rows: n, cols: d } = y;
  if (c < 1 || c > d) throw new RangeError(`principalBasis: c = ${c} must be in [1, ${d}]`);
  const gram = be.tidy(() => be.matmul(y, y, { transA: true }));
  const { values, vectors } = await eigh(be, gram);
  be.dispose(gram);
  const basis = be.tidy(() => be.slice(vectors, 0, 0, d, c));
  be.dispose(vectors);
  const eigenvalues = Array.from(values, (v) => Math.max(v, 0));
  const mseAt = Array.from({ length: d + 1 }, (_, k) => eigenvalues.slice(k).reduce((s, v) => s + v, 0) / (n * d));
  return { basis, host: await be.read(basis), eigenvalues, mseAt };
}
