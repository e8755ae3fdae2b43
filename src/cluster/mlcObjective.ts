// MLC's objective F(Z, Π) = R(Z) − R_c(Z, Π) + γ·H(Π) and its gradients in Z and Π, enqueued on the backend.
//
// Samples are ROWS (z is (n, d)); `eps2` is ε². Π (n, n) is doubly stochastic and its column j is the membership
// π_j of the j-th "cluster" — every sample gathers its soft neighbors, as in MLC (Ding et al. 2023). With α = d/(nε²),
//   R     = ½ logdet A₀,               A₀ = I + α·zᵀz
//   R_c   = (1/2n) Σ_j logdet A_j,     A_j = I + (d/ε²)·zᵀdiag(π_j)z   (tr π_j = 1, so MCR²'s d/(tr π_j ε²) is d/ε²)
//   H     = −(1/n) Σ_ij Π_ij log Π_ij  (the mean row entropy, at most log n)
//   ∂R/∂z = α·z·A₀⁻¹,   ∂R_c/∂z = α·Σ_j diag(π_j)·z·A_j⁻¹,   ∂R_c/∂Π_ij = (d/(2nε²))·z_iᵀA_j⁻¹z_i,   ∂H/∂Π = −(log Π + 1)/n.
import type { Backend, Tensor } from '../engine/backend';
import { choleskyFactor } from '../linalg/choleskyKernels';
import { substitute } from '../linalg/solveKernels';
import { batchSum } from '../experiments/common/matmulSums';
import { reshape, stackRows } from './tensorOps';

/** The objective's parts (a (1, 3) tensor [R, R_c, H]) and the gradients of F, all enqueued. */
export type MlcObjective = { parts: Tensor; dZ: Tensor; dPlan: Tensor };

/**
 * F = R(Z) − R_c(Z, Π) + γ·H(Π) and ∂F/∂Z, ∂F/∂Π (call inside a tidy).
 * @param z (n, d) features @param plan Π (n, n), columns summing to 1 @param eps2 ε² > 0 @param gamma γ ≥ 0
 */
export function mlcObjective(be: Backend, z: Tensor, plan: Tensor, eps2: number, gamma: number): MlcObjective {
  const { rows: n, cols: d } = z;
  if (plan.rows !== n || plan.cols !== n) throw new RangeError(`mlcObjective: Π is ${plan.rows}×${plan.cols}, z has ${n} rows`);
  if (!(eps2 > 0) || !(gamma >= 0)) throw new RangeError(`mlcObjective: need ε² > 0 and γ ≥ 0, got ${eps2}, ${gamma}`);
  // weights (n+1, n, 1): batch 0 is all ones (A₀), batch j+1 is column j of Π (A_j)
  const weights = stackRows(be, [be.fill({ rows: n, cols: 1 }, 1), be.transpose(plan)], { batch: n + 1, rows: n, cols: 1 });
  const scales = be.upload([d / (n * eps2), ...new Array<number>(n).fill(d / eps2)], { batch: n + 1, rows: 1, cols: 1 });
  const eye = be.upload(Float64Array.from({ length: (n + 1) * d * d }, (_, i) => (i % (d * d)) % (d + 1) === 0 ? 1 : 0), { batch: n + 1, rows: d, cols: d });
  const copies = stackRows(be, Array.from({ length: n + 1 }, () => z), { batch: n + 1, rows: n, cols: d });
  const systems = be.elementwise('add', be.elementwise('mul', be.matmul(be.elementwise('mul', copies, weights), z, { transA: true }), scales), eye);
  const { factor, pivots } = choleskyFactor(be, systems);
  const logdets = reshape(be, be.reduce('sum', be.elementwise('log', pivots), 'perRow'), { rows: 1, cols: n + 1 });
  const inverses = substitute(be, factor, substitute(be, factor, eye, true, false), false, true);
  const zInv = be.matmul(z, inverses); // (n+1, n, d): z·A_b⁻¹
  // ∂R/∂z − ∂R_c/∂z = α·(z·A₀⁻¹ − Σ_j diag(π_j)·z·A_j⁻¹): weight batch 0 by +1 and the rest by −π_j
  const signs = be.upload([1, ...new Array<number>(n).fill(-1)], { batch: n + 1, rows: 1, cols: 1 });
  const dZ = be.elementwise('scale', batchSum(be, be.elementwise('mul', be.elementwise('mul', zInv, weights), signs)), null, d / (n * eps2), 0);
  // q[j, i] = z_iᵀA_j⁻¹z_i for the n class systems, then transposed to Π's layout
  const quadratic = reshape(be, be.reduce('sum', be.elementwise('mul', zInv, copies), 'perRow'), { rows: n + 1, cols: n });
  const classQuadratic = be.transpose(be.slice(quadratic, 1, 0, n, n));
  const logPlan = be.elementwise('log', be.elementwise('clamp', plan, null, 1e-30, 3e38));
  // ∂F/∂Π = −∂R_c/∂Π + γ·∂H/∂Π
  const dPlan = be.elementwise('add', classQuadratic, be.elementwise('scale', logPlan, null, 1, 1), -d / (2 * n * eps2), -gamma / n);
  const entropy = be.elementwise('scale', be.reduce('sum', be.elementwise('mul', plan, logPlan), 'all'), null, -1 / n, 0);
  const R = be.elementwise('scale', be.slice(logdets, 0, 0, 1, 1), null, 0.5, 0);
  const Rc = be.elementwise('scale', be.reduce('sum', be.slice(logdets, 0, 1, 1, n), 'all'), null, 1 / (2 * n), 0);
  const parts = stackRows(be, [R, Rc, reshape(be, entropy, { rows: 1, cols: 1 })], { batch: 1, rows: 1, cols: 3 });
  return { parts, dZ, dPlan };
}

/** F = R − R_c + γ·H from the parts [R, R_c, H]. */
export function mlcValue(parts: ArrayLike<number>, gamma: number): number {
  return parts[0] - parts[1] + gamma * parts[2];
}
