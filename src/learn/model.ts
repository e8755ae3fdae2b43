// What the trainer needs of a model: its weight shapes and the gradient of its mean loss on a mini-batch.
import type { Backend, Tensor } from '../engine/backend';

/** One weight tensor of a model: a matrix W (out, in) or a bias row (1, out). */
export type WeightShape = { rows: number; cols: number; role: 'matrix' | 'bias' };

export type LossAndGrads = {
  /** ∂(mean loss)/∂weight, one per weight, same shapes. */
  grads: Tensor[];
  /** (B, 2): per-sample [loss, 1 if predicted correctly]. */
  rowStats: Tensor;
};

/** A differentiable model over device tensors; weights are passed in so any parameterization can supply them. */
export interface Model {
  readonly weightShapes: readonly WeightShape[];
  /**
   * @param x (B, features); labels (B, 1) class indices as floats
   */
  lossAndGrads(be: Backend, weights: Tensor[], x: Tensor, labels: Tensor): LossAndGrads;
  /** Per-sample [loss, correct] without gradients' bookkeeping: (B, 2). */
  rowStats(be: Backend, weights: Tensor[], x: Tensor, labels: Tensor): Tensor;
}

/** Total number of entries over the shapes (D, the length of the flat parameter vector). */
export function parameterCount(shapes: readonly { batch?: number; rows: number; cols: number }[]): number {
  return shapes.reduce((s, w) => s + (w.batch ?? 1) * w.rows * w.cols, 0);
}
