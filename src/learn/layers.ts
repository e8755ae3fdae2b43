// Batched layers with forward and backward: linear (y = x·Wᵀ + b, PyTorch's layout) and pointwise activations.
import type { Backend, Tensor } from '../engine/backend';

/**
 * y = x·Wᵀ + b, samples as rows (torch.nn.Linear's convention, so W is (out, in)).
 * @param x (B, in); W (out, in); b (1, out) or null
 * @returns (B, out)
 */
export function linearForward(be: Backend, x: Tensor, W: Tensor, b: Tensor | null): Tensor {
  if (x.cols !== W.cols) throw new RangeError(`linearForward: x has ${x.cols} features, W expects ${W.cols}`);
  const xw = be.matmul(x, W, { transB: true });
  if (!b) return xw;
  if (b.rows !== 1 || b.cols !== W.rows) throw new RangeError(`linearForward: bias must be 1×${W.rows}, got ${b.rows}×${b.cols}`);
  return be.elementwise('add', xw, b);
}

export type LinearGrads = {
  /** (out, in): dyᵀ·x */
  dW: Tensor;
  /** (1, out): Σ over the batch rows of dy */
  db: Tensor;
  /** (B, in): dy·W, or null when not asked for (the first layer) */
  dx: Tensor | null;
};

/**
 * Gradients of a linear layer from the upstream gradient.
 * @param x (B, in) the layer's input; W (out, in); dy (B, out)
 */
export function linearBackward(be: Backend, x: Tensor, W: Tensor, dy: Tensor, needDx = true): LinearGrads {
  if (dy.rows !== x.rows || dy.cols !== W.rows) throw new RangeError(`linearBackward: dy is ${dy.rows}×${dy.cols}, expected ${x.rows}×${W.rows}`);
  return {
    dW: be.matmul(dy, x, { transA: true }),
    db: be.reduce('sum', dy, 'perCol'),
    dx: needDx ? be.matmul(dy, W) : null,
  };
}

export { activationBackward, activationForward, ACTIVATIONS, type Activation } from './activationKernels';
