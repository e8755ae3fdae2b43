// A multilayer perceptron for classification: linear layers with an activation between them, softmax cross-entropy.
import type { Backend, Tensor } from '../engine/backend';
import type { Rng } from '../data/rng';
import { activationBackward, activationForward, linearBackward, linearForward, type Activation } from './layers';
import { softmaxCrossEntropy } from './softmaxCrossEntropy';
import { parameterCount, type LossAndGrads, type Model, type WeightShape } from './model';

/** What forward() keeps for backward(): each layer's input and pre-activation. */
export type MlpCache = { inputs: Tensor[]; preActivations: Tensor[] };

/**
 * MLP sizes[0] → sizes[1] → … → sizes[L] (the last is the number of classes). Weights are the flat list
 * [W1, b1, W2, b2, …] with W_l (sizes[l], sizes[l−1]) and b_l (1, sizes[l]); the object itself holds no tensors.
 */
export class Mlp implements Model {
  readonly weightShapes: readonly WeightShape[];

  constructor(readonly sizes: readonly number[], readonly activation: Activation = 'relu') {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new RangeError(`Mlp: invalid sizes ${sizes.join('-')}`);
    const shapes: WeightShape[] = [];
    for (let l = 1; l < sizes.length; l++) {
      shapes.push({ rows: sizes[l], cols: sizes[l - 1], role: 'matrix' }, { rows: 1, cols: sizes[l], role: 'bias' });
    }
    this.weightShapes = shapes;
  }

  get layers(): number {
    return this.sizes.length - 1;
  }

  /** D, the number of scalar parameters. */
  parameterCount(): number {
    return parameterCount(this.weightShapes);
  }

  /** Host arrays of torch.nn.Linear's default init: W and b ~ U(−1/√in, 1/√in), drawn from `rng` in weight order. */
  initialWeights(rng: Rng): Float64Array[] {
    return this.weightShapes.map((s, i) => {
      const bound = 1 / Math.sqrt(this.sizes[Math.floor(i / 2)]);
      return Float64Array.from({ length: s.rows * s.cols }, () => (2 * rng.uniform() - 1) * bound);
    });
  }

  /** Uploads weights (default: initialWeights(rng)); the tensors are kept out of any tidy and owned by the caller. */
  init(be: Backend, rng: Rng, values: Float64Array[] = this.initialWeights(rng)): Tensor[] {
    return this.weightShapes.map((s, i) => be.keep(be.upload(values[i], s)));
  }

  /**
   * @param weights [W1, b1, …]; x (B, sizes[0])
   * @returns logits (B, classes) and the cache for backward
   */
  forward(be: Backend, weights: Tensor[], x: Tensor): { logits: Tensor; cache: MlpCache } {
    this.checkWeights(weights);
    const inputs: Tensor[] = [];
    const preActivations: Tensor[] = [];
    let h = x;
    for (let l = 0; l < this.layers; l++) {
      inputs.push(h);
      const z = linearForward(be, h, weights[2 * l], weights[2 * l + 1]);
      preActivations.push(z);
      h = l < this.layers - 1 ? activationForward(be, z, this.activation) : z;
    }
    return { logits: h, cache: { inputs, preActivations } };
  }

  /**
   * Backpropagates ∂L/∂logits through the layers.
   * @param dLogits (B, classes)
   * @returns ∂L/∂weight for each weight, in weight order
   */
  backward(be: Backend, weights: Tensor[], cache: MlpCache, dLogits: Tensor): Tensor[] {
    const grads: Tensor[] = new Array(weights.length);
    let dz = dLogits;
    for (let l = this.layers - 1; l >= 0; l--) {
      const g = linearBackward(be, cache.inputs[l], weights[2 * l], dz, l > 0);
      grads[2 * l] = g.dW;
      grads[2 * l + 1] = g.db;
      if (g.dx) dz = activationBackward(be, cache.preActivations[l - 1], g.dx, this.activation);
    }
    return grads;
  }

  /** Mean softmax cross-entropy over the batch: its gradients and the per-sample [loss, correct]. */
  lossAndGrads(be: Backend, weights: Tensor[], x: Tensor, labels: Tensor): LossAndGrads {
    const { logits, cache } = this.forward(be, weights, x);
    const { grad, rowStats } = softmaxCrossEntropy(be, logits, labels);
    return { grads: this.backward(be, weights, cache, grad), rowStats };
  }

  rowStats(be: Backend, weights: Tensor[], x: Tensor, labels: Tensor): Tensor {
    return softmaxCrossEntropy(be, this.forward(be, weights, x).logits, labels).rowStats;
  }

  private checkWeights(weights: Tensor[]): void {
    if (weights.length !== this.weightShapes.length) throw new RangeError(`Mlp: expected ${this.weightShapes.length} weights, got ${weights.length}`);
    weights.forEach((w, i) => {
      const s = this.weightShapes[i];
      if (w.rows !== s.rows || w.cols !== s.cols) throw new RangeError(`Mlp: weight ${i} is ${w.rows}×${w.cols}, expected ${s.rows}×${s.cols}`);
    });
  }
}
