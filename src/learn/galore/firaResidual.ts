// Fira's full-rank correction: the residual G − P·PᵀG scaled by the low-rank Adam step's norm ratio, and the norm-growth limiter.
import type { Backend, Tensor } from '../../engine/backend';
import { projectBack, type ProjectionSide } from './projectedAdam';

/** The limiter's memory: ‖scaled residual‖ after the previous step's limiting (one number on the device). */
export class NormGrowthLimiter {
  private previous: Tensor | null = null;
  constructor(private readonly be: Backend, readonly gamma = 1.01) {}

  /**
   * s ← s / (max(‖s‖ / (‖s_prev‖ + 1e-8), γ) / γ); ‖s_prev‖ ← ‖s‖ / that factor. The first call only records ‖s‖.
   * Everything stays on the device (no readback).
   */
  apply(s: Tensor): Tensor {
    const be = this.be;
    const norm = be.reduce('norm', s, 'all');
    if (!this.previous) {
      this.previous = be.keep(norm);
      return s;
    }
    const ratio = be.elementwise('div', norm, be.elementwise('scale', this.previous, null, 1, 1e-8));
    const limiter = be.elementwise('scale', be.elementwise('clamp', ratio, null, this.gamma, 3e38), null, 1 / this.gamma, 0);
    const next = be.keep(be.elementwise('div', norm, limiter));
    be.dispose(this.previous);
    this.previous = next;
    return be.elementwise('div', s, limiter);
  }

  dispose(): void {
    if (this.previous) this.be.dispose(this.previous);
    this.previous = null;
  }
}

/**
 * Euclidean norms of each column (1, n) or each row (m, 1) of A, as a matmul of A⊙A with ones: the same numbers as
 * reduce('norm'), but one matmul instead of one workgroup per output (far cheaper on software adapters).
 */
export function sliceNorms(be: Backend, A: Tensor, perCol: boolean): Tensor {
  const squares = be.elementwise('square', A);
  const ones = be.fill(perCol ? { rows: 1, cols: A.rows } : { rows: A.cols, cols: 1 }, 1);
  return be.elementwise('sqrt', perCol ? be.matmul(ones, squares) : be.matmul(squares, ones));
}

/**
 * Fira's correction term (before the learning rate), as in the official fira_adamw:
 *   φ = ‖ψ(R)‖ / (‖R‖ + 1e-8) per row of R (per column when R is wider than tall), ψ = m̂-over-√v̂ Adam step,
 *   s = limiter((G − P·PᵀG) ⊙ φ).
 * Our Z is −ψ·√(1−β₂ᵗ)/(1−β₁ᵗ) (PyTorch's Adam form), so ‖ψ‖ = ‖Z‖·(1−β₁ᵗ)/√(1−β₂ᵗ).
 * The residual is the paper's G − P·PᵀG (the official code subtracts α·P·PᵀG; equal for α = 1).
 * @param G (m, n); R the projected gradient; Z the (negated, bias-corrected) low-rank Adam step, R's shape
 */
export function firaScaledResidual(
  be: Backend, G: Tensor, R: Tensor, Z: Tensor, P: Tensor | null, side: ProjectionSide,
  biasCorrection1: number, biasCorrection2Sqrt: number, limiter: NormGrowthLimiter,
): Tensor {
  const residual = be.elementwise('add', G, projectBack(be, R, P, side), 1, -1);
  const perCol = R.rows < R.cols;
  const psiNorm = be.elementwise('scale', sliceNorms(be, Z, perCol), null, biasCorrection1 / biasCorrection2Sqrt, 0);
  const phi = be.elementwise('div', psiNorm, be.elementwise('scale', sliceNorms(be, R, perCol), null, 1, 1e-8));
  return limiter.apply(be.elementwise('mul', residual, phi));
}
