// Building blocks of projected (GaLore-family) Adam: project a gradient, an Adam direction in the subspace, project back, add in place.
import type { Backend, Tensor } from '../../engine/backend';
import { adamUpdate, sgdUpdate } from '../optimizerKernels';
import { copySegment } from '../gatherKernels';

/**
 * Which side of G (m×n) a projection P acts on, GaLore's 'std' rule: the smaller dimension is projected.
 * 'right': P is n×r, R = G·P (m×r); 'left': P is m×r, R = Pᵀ·G (r×n); 'identity': no projection, R = G.
 */
export type ProjectionSide = 'left' | 'right' | 'identity';

/** GaLore's choice of side for an m×n gradient at rank r: the identity when r covers the smaller dimension. */
export function projectionSide(rows: number, cols: number, rank: number): ProjectionSide {
  if (rank >= Math.min(rows, cols)) return 'identity';
  return rows >= cols ? 'right' : 'left';
}

/** Shape of the projected gradient R for an m×n gradient. */
export function projectedShape(rows: number, cols: number, rank: number, side: ProjectionSide): { rows: number; cols: number } {
  if (side === 'right') return { rows, cols: rank };
  if (side === 'left') return { rows: rank, cols };
  return { rows, cols };
}

/** R = G·P, Pᵀ·G or G itself. @param G (m, n); P (n, r) or (m, r) */
export function projectGradient(be: Backend, G: Tensor, P: Tensor | null, side: ProjectionSide): Tensor {
  if (side === 'identity' || !P) return G;
  return side === 'right' ? be.matmul(G, P) : be.matmul(P, G, { transA: true });
}

/** Back to m×n: Z·Pᵀ, P·Z or Z itself. */
export function projectBack(be: Backend, Z: Tensor, P: Tensor | null, side: ProjectionSide): Tensor {
  if (side === 'identity' || !P) return Z;
  return side === 'right' ? be.matmul(Z, P, { transB: true }) : be.matmul(P, Z);
}

export type AdamHyper = { beta1: number; beta2: number; eps: number };

/**
 * −(Adam's normalized step) for gradient R with moments m, v (updated in place), PyTorch's formula:
 * Z = −(1/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε). Computed by the engine's fused Adam kernel on a zero tensor with lr = 1.
 * @param step counts from 1
 */
export function adamDirection(be: Backend, R: Tensor, m: Tensor, v: Tensor, h: AdamHyper, step: number): Tensor {
  const Z = be.fill({ rows: R.rows, cols: R.cols }, 0);
  adamUpdate(be, Z, R, m, v, { lr: 1, beta1: h.beta1, beta2: h.beta2, eps: h.eps, weightDecay: 0, decoupled: false, step });
  return Z;
}

/** W ← W + c·D in place (the SGD kernel with momentum 0 and learning rate −c). Allocates a 1×1 placeholder; call inside `tidy`. */
export function addScaledInPlace(be: Backend, W: Tensor, D: Tensor, c: number): void {
  // The momentum buffer is never read without momentum, but WebGPU forbids binding D twice (read and read-write).
  sgdUpdate(be, W, D, be.upload([0], { rows: 1, cols: 1 }), { lr: -c, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, firstStep: false });
}

/** ‖R‖² and ‖G‖² of one matrix as a (1, 2) tensor: the captured gradient energy's numerator and denominator. */
export function energyPair(be: Backend, R: Tensor, G: Tensor): Tensor {
  const out = be.fill({ rows: 1, cols: 2 }, 0);
  copySegment(be, be.reduce('sumSquares', R, 'all'), 0, out, 0, 1);
  copySegment(be, be.reduce('sumSquares', G, 'all'), 0, out, 1, 1);
  return out;
}
