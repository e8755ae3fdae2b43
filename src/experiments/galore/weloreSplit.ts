// WeLore's layer split: each weight matrix's normalized-spectrum rank, LRC (factoring saves parameters) vs N-LRC, and the LRC factor adapter.
import type { Backend, Tensor } from '../../engine/backend';
import { scaledColumns } from '../../learn/adapters/lowRankAdapters';
import type { WeightAdapter } from '../../learn/adapters/weightAdapter';
import { factoredParams, weloreRank } from '../common/lowRank';

/** One weight matrix's verdict: its WeLore rank k of min(m, n), and whether it is a low-rank component. */
export type LayerSplit = { rows: number; cols: number; rank: number; fullRank: number; lowRank: boolean; factorParams: number };

/**
 * WeLore's split: k = #{σ̂ ≥ threshold} with σ̂ = (σ − min)/(max − min); a layer is a low-rank component (LRC) when its
 * rank-k factors U_k√Σ (m×k), V_k√Σ (n×k) hold fewer parameters than W (k(m+n) < mn), else it stays whole (N-LRC).
 * @param spectra per layer, σ descending (min(m, n) values); shapes per layer, (rows, cols)
 */
export function weloreSplit(spectra: ArrayLike<number>[], shapes: { rows: number; cols: number }[], threshold: number): LayerSplit[] {
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`WeLore threshold ${threshold} is not in [0, 1]`);
  if (spectra.length !== shapes.length) throw new RangeError(`WeLore: ${spectra.length} spectra for ${shapes.length} layers`);
  return spectra.map((sigma, l) => {
    const { rows, cols } = shapes[l];
    const fullRank = Math.min(rows, cols);
    if (sigma.length !== fullRank) throw new RangeError(`WeLore: layer ${l + 1} (${rows}×${cols}) has ${sigma.length} singular values, not ${fullRank}`);
    for (let i = 0; i < sigma.length; i++) if (!Number.isFinite(sigma[i])) throw new RangeError(`WeLore: layer ${l + 1} has a non-finite singular value`);
    const rank = weloreRank(sigma, threshold);
    const factorParams = factoredParams(rows, cols, rank);
    return { rows, cols, rank, fullRank, lowRank: factorParams < rows * cols, factorParams };
  });
}

/**
 * An LRC fine-tuned through its factors: W = A·Mᵀ with A = U_k·diag(√σ_k) (m×k) and M = V_k·diag(√σ_k) (n×k), so W
 * starts at W's best rank-k approximation (the tail below the threshold is dropped, as WeLore compresses). θ = [A, M];
 * ∂A = G·M, ∂M = Gᵀ·A.
 * @param U (m×≥k), V (n×≥k) W's singular vectors; S its singular values
 */
export function lowRankComponentAdapter(be: Backend, U: Tensor, S: ArrayLike<number>, V: Tensor, k: number): WeightAdapter {
  if (!(k >= 1 && k <= Math.min(U.cols, V.cols, S.length))) throw new RangeError(`WeLore: rank ${k} exceeds the ${S.length} singular values given`);
  const root = Array.from({ length: k }, (_, j) => Math.sqrt(S[j]));
  const A = be.keep(be.tidy(() => scaledColumns(be, U, k, root)));
  const M = be.keep(be.tidy(() => scaledColumns(be, V, k, root)));
  return {
    kind: 'welore',
    params: [A, M],
    weight: () => be.matmul(A, M, { transB: true }),
    backward: (G) => [be.matmul(G, M), be.matmul(G, A, { transA: true })],
    dispose: () => [A, M].forEach((t) => be.dispose(t)),
  };
}
