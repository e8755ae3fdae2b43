// A two-layer ReLU net x → relu(x·W1ᵀ + b1)·W2ᵀ + b2 whose backward also returns ∂L/∂x (the generator and encoders chain through it).
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { activationBackward, activationForward, linearBackward, linearForward } from '../../learn/layers';

/** [W1 (hidden, in), b1 (1, hidden), W2 (out, hidden), b2 (1, out)], torch.nn.Linear layout. */
export type TwoLayerWeights = Tensor[];
export type TwoLayerCache = { x: Tensor; pre: Tensor; h: Tensor };

/** Uploads torch's default init for in → hidden → out (kept: the caller disposes). */
export function initTwoLayer(be: Backend, rng: Rng, sizes: [number, number, number]): TwoLayerWeights {
  return new Mlp(sizes).init(be, rng);
}

/**
 * @param w the net's weights; x (B, in)
 * @returns out (B, out) and what backward needs
 */
export function twoLayerForward(be: Backend, w: TwoLayerWeights, x: Tensor): { out: Tensor; cache: TwoLayerCache } {
  const pre = linearForward(be, x, w[0], w[1]);
  const h = activationForward(be, pre, 'relu');
  return { out: linearForward(be, h, w[2], w[3]), cache: { x, pre, h } };
}

/**
 * @param dOut (B, out) = ∂L/∂out
 * @returns grads in weight order, and dx (B, in) = ∂L/∂x when asked for
 */
export function twoLayerBackward(be: Backend, w: TwoLayerWeights, cache: TwoLayerCache, dOut: Tensor, needDx: boolean): { grads: Tensor[]; dx: Tensor | null } {
  const top = linearBackward(be, cache.h, w[2], dOut, true);
  const dPre = activationBackward(be, cache.pre, top.dx!, 'relu');
  const bottom = linearBackward(be, cache.x, w[0], dPre, needDx);
  return { grads: [bottom.dW, bottom.db, top.dW, top.db], dx: bottom.dx };
}

export function disposeAll(be: Backend, tensors: readonly Tensor[]): void {
  for (const t of tensors) be.dispose(t);
}
