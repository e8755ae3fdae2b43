// HDA's directional subspace loss on embeddings: squared distances to every target subspace plus a direction term, with its gradient.
import type { Backend, Tensor } from '../../engine/backend';

/** Target domains as subspaces of the embedding space: orthonormal bases P_i (F, r) and blend weights α_i. */
export type TargetSubspaces = { bases: Tensor[]; alphas: number[] };

/**
 * (I − PPᵀ) applied to every row: e − (e·P)·Pᵀ.
 * @param e (B, F); P (F, r) with orthonormal columns
 * @returns (B, F)
 */
export function offSubspace(be: Backend, e: Tensor, P: Tensor): Tensor {
  return be.elementwise('add', e, be.matmul(be.matmul(e, P), P, { transB: true }), 1, -1);
}

/**
 * Each row's distance to span(P), ‖(I − PPᵀ)e_j‖.
 * @returns (B, 1)
 */
export function subspaceDistances(be: Backend, e: Tensor, P: Tensor): Tensor {
  return be.reduce('norm', offSubspace(be, e, P), 'perRow');
}

/**
 * Unit rows of the perpendicular from each source embedding toward the blend of subspaces,
 * v_j = Σ_i α_i (P_iP_iᵀ − I) e_s,j, normalized (a zero v stays zero instead of dividing by it).
 * @param sourceEmbeddings (B, F)
 * @returns (B, F)
 */
export function perpendicularDirections(be: Backend, sourceEmbeddings: Tensor, targets: TargetSubspaces): Tensor {
  let v: Tensor | null = null;
  targets.bases.forEach((P, i) => {
    const term = be.elementwise('scale', offSubspace(be, sourceEmbeddings, P), null, -targets.alphas[i], 0);
    v = v ? be.elementwise('add', v, term) : term;
  });
  if (!v) throw new RangeError('perpendicularDirections: no target subspaces');
  const norms = be.elementwise('clamp', be.reduce('norm', v, 'perRow'), null, 1e-30, 1e30);
  return be.elementwise('div', v, norms);
}

/**
 * L = (1/B)·[λ_dist·Σ_i α_i‖(I − P_iP_iᵀ)e_t,j‖² + λ_dir·‖m_j − (m_j·v̂_j)v̂_j‖²] summed over rows j, with m = e_t − e_s:
 * the distance term pulls toward every subspace; the direction term penalizes the part of the move that is not
 * along the perpendicular v̂ (it and its gradient vanish at the start, where e_t = e_s).
 * @param adapted e_t (B, F); source e_s (B, F); directions v̂ (B, F) from perpendicularDirections
 * @returns loss (1, 1) and ∂L/∂e_t (B, F)
 */
export function directionalSubspaceLoss(
  be: Backend, adapted: Tensor, source: Tensor, directions: Tensor, targets: TargetSubspaces, distanceWeight: number, directionWeight: number,
): { loss: Tensor; grad: Tensor } {
  const B = adapted.rows;
  const move = be.elementwise('add', adapted, source, 1, -1);
  const along = be.reduce('sum', be.elementwise('mul', move, directions), 'perRow');
  const sideways = be.elementwise('add', move, be.elementwise('mul', directions, along), 1, -1);
  let loss = be.elementwise('scale', be.reduce('sumSquares', sideways, 'all'), null, directionWeight / B, 0);
  let grad = be.elementwise('scale', sideways, null, (2 * directionWeight) / B, 0);
  targets.bases.forEach((P, i) => {
    const off = offSubspace(be, adapted, P);
    const w = distanceWeight * targets.alphas[i];
    loss = be.elementwise('add', loss, be.reduce('sumSquares', off, 'all'), 1, w / B);
    grad = be.elementwise('add', grad, off, 1, (2 * w) / B);
  });
  return { loss, grad };
}
