// The post-hoc baseline: dense mean-field VI trained to the end, then pruned to the s coordinates with the largest |μ|/σ.
import type { Backend } from '../../engine/backend';
import { flatten } from '../../learn/flatParams';
import type { DenseGaussianPosterior } from './posterior';
import { SparseGaussianPosterior } from './sparsePosterior';
import { largestScores } from './supportUpdate';

/** Every coordinate of a dense posterior ordered by descending |μ|/σ (computed on the device, one readback). */
export async function signalToNoiseOrder(be: Backend, dense: DenseGaussianPosterior): Promise<Int32Array> {
  const snr = be.tidy(() => be.elementwise('div', be.elementwise('abs', flatten(be, dense.means)), be.elementwise('exp', flatten(be, dense.logSigmas))));
  try {
    const v = await be.read(snr);
    return largestScores(v, v.length);
  } finally {
    be.dispose(snr);
  }
}

/** The dense posterior restricted to the first `supportSize` coordinates of `order` (μ and ρ gathered on the device). */
export function prunedPosterior(be: Backend, dense: DenseGaussianPosterior, order: Int32Array, supportSize: number): SparseGaussianPosterior {
  const [mu, rho] = be.tidy(() => [be.keep(flatten(be, dense.means)), be.keep(flatten(be, dense.logSigmas))]);
  try {
    return SparseGaussianPosterior.gatheredFrom(be, dense.shapes, order.subarray(0, supportSize), mu, rho, dense.objective);
  } finally {
    be.dispose(mu);
    be.dispose(rho);
  }
}
