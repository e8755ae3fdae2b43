// How a network's weights are produced from what trains: the Parameterization interface and the dense case.
import type { Backend, Tensor } from '../engine/backend';
import { parameterCount } from './model';

/**
 * Maps trainable tensors to the network's weights and gradients back. Every scheme (dense, low-rank, sparse +
 * low-rank, random subspace) trains through this one interface:
 *
 *   weights = W(params);  ∂L/∂params = backward(∂L/∂weights)
 *
 * weights() and backward() allocate only intermediates; call them inside `be.tidy`. The weights they return may
 * alias `params` (dense), so never dispose them by hand.
 */
export interface Parameterization {
  /** A short name ('dense', 'lowRank', 'sparseLowRank', 'randomSubspace'). */
  readonly kind: string;
  /** Trainable tensors, updated in place by the optimizer; backward() returns their gradients in this order. */
  readonly params: Tensor[];
  /** The network's weights, in the model's order ([W1, b1, W2, b2, …] for an Mlp). */
  weights(): Tensor[];
  /** ∂L/∂params from ∂L/∂weights (same order and shapes as weights()). */
  backward(weightGrads: Tensor[]): Tensor[];
  /** Number of trainable scalars. */
  trainableCount(): number;
  /** Frees params and any fixed tensors (projections, supports). */
  dispose(): void;
}

/** Every weight trains directly: params = weights, gradients pass through. */
export class DenseParameterization implements Parameterization {
  readonly kind = 'dense';
  readonly params: Tensor[];

  /** Takes ownership of `weights` (e.g. from Mlp.init). */
  constructor(private readonly be: Backend, weights: Tensor[]) {
    this.params = weights.map((w) => be.keep(w));
  }

  weights(): Tensor[] {
    return this.params;
  }

  backward(weightGrads: Tensor[]): Tensor[] {
    return weightGrads;
  }

  trainableCount(): number {
    return parameterCount(this.params);
  }

  dispose(): void {
    for (const p of this.params) this.be.dispose(p);
    this.params.length = 0;
  }
}
