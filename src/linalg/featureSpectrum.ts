// Feature spectra: eigenvalues of a feature covariance on the backend, normalized, and their effective rank.
import type { Backend, Tensor } from '../engine/backend';
import { eigh } from './eigh';
import { centerColumns } from './similarity';

/**
 * The normalized spectrum λ_i/Σλ of the covariance XcᵀXc/n (descending) and the effective rank exp(−Σ p_i log p_i).
 * @param X (n, d) features, samples as rows
 */
export async function featureSpectrum(be: Backend, X: Tensor): Promise<{ spectrum: number[]; effectiveRank: number }> {
  const cov = be.tidy(() => {
    const c = centerColumns(be, X);
    return be.elementwise('scale', be.matmul(c, c, { transA: true }), null, 1 / X.rows);
  });
  try {
    const { values, vectors } = await eigh(be, cov);
    be.dispose(vectors);
    const positive = Array.from(values, (v) => Math.max(0, v));
    const total = positive.reduce((a, b) => a + b, 0);
    if (!(total > 0)) throw new RangeError('featureSpectrum: the features have no variance');
    const spectrum = positive.map((v) => v / total);
    const entropy = -spectrum.reduce((a, p) => a + (p > 0 ? p * Math.log(p) : 0), 0);
    return { spectrum, effectiveRank: Math.exp(entropy) };
  } finally {
    be.dispose(cov);
  }
}
