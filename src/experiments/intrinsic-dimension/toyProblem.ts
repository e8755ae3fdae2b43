// The paper's toy: D = 1000 parameters in 10 groups of 100 whose sums must hit 1…10; its intrinsic dimension is 10.
import type { Backend, Tensor } from '../../engine/backend';
import { copySegment } from '../../learn/gatherKernels';
import type { SubspaceProjection } from '../../learn/subspaceProjections';

export const TOY_GROUPS = 10;
export const TOY_GROUP_SIZE = 100;
export const TOY_D = TOY_GROUPS * TOY_GROUP_SIZE;

/** Group g (0-based) must sum to g + 1. */
export function toyTargets(): Float64Array {
  return Float64Array.from({ length: TOY_GROUPS }, (_, g) => g + 1);
}

/** r_g = Σ_{i∈g} θ_i − (g+1): θ (10, 100), targets (10, 1) → (10, 1). */
function toyResidual(be: Backend, theta: Tensor, targets: Tensor): Tensor {
  return be.elementwise('add', be.reduce('sum', theta, 'perRow'), targets, 1, -1);
}

/** L(θ) = Σ_g r_g² as (1, 1). @param theta (10, 100) */
export function toyLoss(be: Backend, theta: Tensor, targets: Tensor): Tensor {
  return be.reduce('sumSquares', toyResidual(be, theta, targets), 'all');
}

/** ∂L/∂θ = 2·r_g on every entry of group g: (10, 100). @param theta (10, 100) */
export function toyGradient(be: Backend, theta: Tensor, targets: Tensor): Tensor {
  // 0·θ + 2·r, with r broadcast along each row
  return be.elementwise('add', theta, toyResidual(be, theta, targets), 0, 2);
}

/** M = A·P (10×d), A the group-sum matrix, as Mᵀ's rows Pᵀ·a_g; one (10, d) tensor. */
export function groupSumProjection(be: Backend, projection: SubspaceProjection): Tensor {
  const d = projection.d;
  const out = be.fill({ rows: TOY_GROUPS, cols: d }, 0);
  for (let g = 0; g < TOY_GROUPS; g++) {
    const indicator = new Float64Array(TOY_D);
    indicator.fill(1, g * TOY_GROUP_SIZE, (g + 1) * TOY_GROUP_SIZE);
    be.tidy(() => copySegment(be, projection.projectTranspose(be.upload(indicator, { rows: TOY_D, cols: 1 })), 0, out, g * d, d));
  }
  return out;
}

/**
 * The lowest loss the subspace allows, min_z ‖M·z − r‖² (float64, modified Gram–Schmidt twice on M's columns):
 * positive for d < 10 and 0 (to rounding) for d ≥ 10, whatever the random draw.
 * @param m (10×d) row-major; r (10) = targets − group sums of θ₀
 */
export function subspaceLossFloor(m: ArrayLike<number>, d: number, r: ArrayLike<number>): number {
  const rows = TOY_GROUPS;
  const basis: Float64Array[] = [];
  const project = (v: Float64Array) => {
    for (let pass = 0; pass < 2; pass++) for (const q of basis) {
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += q[i] * v[i];
      for (let i = 0; i < rows; i++) v[i] -= dot * q[i];
    }
  };
  let scale = 0;
  for (let i = 0; i < m.length; i++) scale = Math.max(scale, Math.abs(m[i]));
  for (let j = 0; j < d && basis.length < rows; j++) {
    const v = Float64Array.from({ length: rows }, (_, i) => m[i * d + j]);
    project(v);
    const norm = Math.hypot(...v);
    if (norm > 1e-10 * Math.max(scale, 1e-300)) basis.push(v.map((x) => x / norm));
  }
  const res = Float64Array.from(r);
  project(res);
  return res.reduce((s, x) => s + x * x, 0);
}

/** Eigenvalues of a small symmetric matrix (n×n row-major, float64) by cyclic Jacobi rotations. */
export function symmetricEigenvalues(a: ArrayLike<number>, n: number): number[] {
  const m = Float64Array.from(a);
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) {
      const apq = m[p * n + q];
      if (apq === 0) continue;
      const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < n; k++) {
        const kp = m[k * n + p], kq = m[k * n + q];
        m[k * n + p] = c * kp - s * kq;
        m[k * n + q] = s * kp + c * kq;
      }
      for (let k = 0; k < n; k++) {
        const pk = m[p * n + k], qk = m[q * n + k];
        m[p * n + k] = c * pk - s * qk;
        m[q * n + k] = s * pk + c * qk;
      }
    }
  }
  return Array.from({ length: n }, (_, i) => m[i * n + i]).sort((x, y) => y - x);
}

/**
 * Polyak's heavy-ball settings for the toy in one subspace: the loss in z is ‖M·z − r‖², whose Hessian 2·MᵀM has
 * nonzero eigenvalues 2·eig(M·Mᵀ) in [μ, L]; lr = 4/(√L + √μ)², momentum = ((√L − √μ)/(√L + √μ))² (torch SGD form).
 * @param m (10×d) row-major
 */
export function heavyBallSettings(m: ArrayLike<number>, d: number): { lr: number; momentum: number; condition: number } {
  const gram = new Float64Array(TOY_GROUPS * TOY_GROUPS);
  for (let i = 0; i < TOY_GROUPS; i++) for (let j = 0; j < TOY_GROUPS; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += m[i * d + k] * m[j * d + k];
    gram[i * TOY_GROUPS + j] = s;
  }
  const eig = symmetricEigenvalues(gram, TOY_GROUPS);
  const L = 2 * eig[0];
  const nonzero = eig.filter((v) => v > 1e-9 * eig[0]);
  const mu = 2 * nonzero[nonzero.length - 1];
  const [rl, rm] = [Math.sqrt(L), Math.sqrt(mu)];
  return { lr: 4 / (rl + rm) ** 2, momentum: ((rl - rm) / (rl + rm)) ** 2, condition: L / mu };
}
