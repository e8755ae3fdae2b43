// The MCR² feature map: an MLP whose outputs are scaled to the unit sphere, trained by gradient ascent on ΔR.
import type { Backend, Tensor } from '../../engine/backend';
import { Mlp } from '../../learn/mlp';
import type { Activation } from '../../learn/activationKernels';
import { rateReductionGradient, type RateSystem } from './rateGradient';
import { rowNorms, rowSums } from '../common/matmulSums';

/** Rows of h below this norm are divided by it instead (keeps the map finite at h = 0). */
const NORM_FLOOR = 1e-12;

/**
 * z_i = h_i/‖h_i‖ for each row. @param h (n, d) @returns z (n, d) and the row norms (n, 1), floored
 */
export function sphereForward(be: Backend, h: Tensor): { z: Tensor; norms: Tensor } {
  const norms = be.elementwise('max', rowNorms(be, h), be.fill({ rows: 1, cols: 1 }, NORM_FLOOR));
  return { z: be.elementwise('div', h, norms), norms };
}

/**
 * Backpropagates through z = h/‖h‖: ∂L/∂h = (g − z·⟨z, g⟩)/‖h‖ per row (the component along z does not move z).
 * @param z (n, d) @param norms (n, 1) from sphereForward @param g ∂L/∂z (n, d)
 */
export function sphereBackward(be: Backend, z: Tensor, norms: Tensor, g: Tensor): Tensor {
  const along = rowSums(be, be.elementwise('mul', z, g));
  return be.elementwise('div', be.elementwise('add', g, be.elementwise('mul', z, along), 1, -1), norms);
}

/** The network D → hidden → featureDim; its weights are [W1, b1, W2, b2] as in src/learn's Mlp. */
export function featureNet(inputs: number, hidden: number, featureDim: number, activation: Activation): Mlp {
  return new Mlp([inputs, hidden, featureDim], activation);
}

/** The unit-sphere features of x (n, D). Enqueued; call inside a tidy. */
export function features(be: Backend, mlp: Mlp, weights: Tensor[], x: Tensor): Tensor {
  return sphereForward(be, mlp.forward(be, weights, x).logits).z;
}

/**
 * Gradients of the loss −ΔR(z(x)) with respect to every weight, and the log-determinants of the current step.
 * Enqueued; call inside a tidy and keep what you need.
 */
export function rateReductionStep(be: Backend, mlp: Mlp, weights: Tensor[], x: Tensor, system: RateSystem): { grads: Tensor[]; logdets: Tensor } {
  const { logits: h, cache } = mlp.forward(be, weights, x);
  const { z, norms } = sphereForward(be, h);
  const { grad, logdets } = rateReductionGradient(be, z, system);
  const dh = sphereBackward(be, z, norms, be.elementwise('scale', grad, null, -1, 0));
  return { grads: mlp.backward(be, weights, cache, dh), logdets };
}
