// ℓp subspace-embedding distortion of sampled rows, for many samples at once on the backend.
import type { Backend, Tensor } from '../../engine/backend';
import { svdBatched } from '../../linalg/svd';
import { absPower } from '../../linalg/rowScores';
import { Scratch } from '../../linalg/matrixChecksKernels';
import { DISTORTION_CAP } from './schema';

/** sup_x ρ(x) / inf_x ρ(x) with ρ = ‖SAx‖/‖Ax‖ (ratios ≤ 0 or non-finite mean a missed direction: the cap). */
function capped(largest: number, smallest: number): number {
  const ratio = largest / smallest;
  return smallest > 0 && Number.isFinite(ratio) ? Math.min(ratio, DISTORTION_CAP) : DISTORTION_CAP;
}

/**
 * Distortion D(S) = max_x ρ(x) / min_x ρ(x), ρ(x) = ‖SAx‖_p / ‖Ax‖_p, of `trials` Bernoulli samples of A's rows.
 * With A = Q·R, x = R⁻¹z gives Ax = Qz, so the work is on Q. For p = 2 (and `exactForP2`) it is exact: σ_max/σ_min of
 * S·Q. Otherwise ρ is evaluated over test directions z: the given ones (random and adversarial, shared by all
 * samples) and, per sample, the d right singular vectors of S·Q (the sample's own ℓ2-extreme directions). That is a
 * lower bound on the true distortion; for p = 2 the singular vectors attain it.
 * @param q (n, d) with orthonormal columns (A's thin-QR factor)
 * @param directions (d, K) test directions z, shared by all samples
 * @param weights trials×n row-major: 1/πᵢ for kept rows, 0 for the others (the rows of S·A are weightᵢ^{1/p}·aᵢ)
 * @returns one distortion per trial, capped at DISTORTION_CAP
 */
export async function sampleDistortions(
  be: Backend, q: Tensor, directions: Tensor, weights: Float64Array, trials: number, p: number, exactForP2 = true,
): Promise<number[]> {
  const { rows: n, cols: d } = q;
  if (weights.length !== trials * n) throw new RangeError(`sampleDistortions: ${weights.length} weights for ${trials} trials of ${n} rows`);
  const scratch = new Scratch(be);
  try {
    const rowScale = scratch.track(be.upload(weights.map((w) => w ** (1 / p)), { batch: trials, rows: n, cols: 1 }));
    const sq = scratch.track(be.tidy(() => be.elementwise('mul', be.elementwise('mul', be.fill({ batch: trials, rows: n, cols: d }, 1), q), rowScale)));
    const { U, S, V } = await svdBatched(be, sq);
    scratch.track(U);
    scratch.track(V);
    scratch.free(sq);
    if (p === 2 && exactForP2) return Array.from({ length: trials }, (_, t) => capped(S[t * d], S[t * d + d - 1]));

    const { shared, sampledShared, own, sampledOwn } = be.tidy(() => {
      const sharedPowers = absPower(be, be.matmul(q, directions), p); // (n, K): |Qz|^p
      const ownPowers = absPower(be, be.matmul(q, V), p); // (trials, n, d)
      const flat = be.upload(weights, { rows: trials, cols: n });
      const perTrial = be.upload(weights, { batch: trials, rows: 1, cols: n });
      return {
        shared: scratch.track(be.reduce('sum', sharedPowers, 'perCol')), // (1, K): ‖Qz‖_p^p
        sampledShared: scratch.track(be.matmul(flat, sharedPowers)), // (trials, K): ‖SQz‖_p^p
        own: scratch.track(be.reduce('sum', ownPowers, 'perCol')), // (trials, 1, d)
        sampledOwn: scratch.track(be.matmul(perTrial, ownPowers)), // (trials, 1, d)
      };
    });
    const [full, sampled, fullOwn, sampledOwnV] = await Promise.all([be.read(shared), be.read(sampledShared), be.read(own), be.read(sampledOwn)]);
    const k = directions.cols;
    return Array.from({ length: trials }, (_, t) => {
      let largest = 0;
      let smallest = Infinity;
      const consider = (s: number, f: number) => {
        const r = (s / f) ** (1 / p);
        largest = Math.max(largest, r);
        smallest = Math.min(smallest, r);
      };
      for (let j = 0; j < k; j++) consider(sampled[t * k + j], full[j]);
      for (let j = 0; j < d; j++) consider(sampledOwnV[t * d + j], fullOwn[t * d + j]);
      return capped(largest, smallest);
    });
  } finally {
    scratch.dispose();
  }
}

/**
 * The shared test directions z (d, K + L): K Gaussian ones (x = R⁻¹z spreads Ax over the whole subspace) and, for
 * the L rows of largest score, z = Qᵢᵀ (x = (AᵀA)⁻¹aᵢ, the direction that row i dominates the most).
 * @param q (n, d) read back (row-major); gaussian: d·K standard normals
 */
export function testDirections(qRows: Float64Array, d: number, gaussian: ArrayLike<number>, k: number, topRows: number[]): Float64Array {
  const cols = k + topRows.length;
  const z = new Float64Array(d * cols);
  for (let r = 0; r < d; r++) {
    for (let j = 0; j < k; j++) z[r * cols + j] = gaussian[r * k + j];
    topRows.forEach((i, j) => (z[r * cols + k + j] = qRows[i * d + r]));
  }
  return z;
}
