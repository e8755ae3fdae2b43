// A small CNN for 8×8 digits: two 3×3 convolutions (im2col + matmul) with ReLU, a linear classifier, softmax cross-entropy.
import type { Backend, Tensor } from '../engine/backend';
import type { Rng } from '../data/rng';
import { activationBackward, activationForward, linearBackward, linearForward } from './layers';
import { reshape } from './gatherKernels';
import { col2im, Conv3x3TableCache, im2col, KERNEL_TAPS } from './im2col';
import { softmaxCrossEntropy } from './softmaxCrossEntropy';
import { parameterCount, type LossAndGrads, type Model, type WeightShape } from './model';

/** What forward() keeps for backward(): each layer's input (im2col columns for the convolutions) and pre-activation. */
export type ConvNetCache = {
  batch: number;
  /** (B·H·W, 9) and (B·H·W, 9·c1) */
  cols1: Tensor;
  cols2: Tensor;
  /** (B·H·W, c1) and (B·H·W, c2) */
  z1: Tensor;
  z2: Tensor;
  /** (B, H·W·c2): the flattened ReLU(z2), feature order (pixel, channel) */
  features: Tensor;
};

/**
 * conv1 (1→c1, 3×3, pad 1) → ReLU → conv2 (c1→c2, 3×3, pad 1) → ReLU → flatten → linear (classes) on H×W grayscale
 * images (default 8×8, the digits), x (B, H·W) row-major pixels. Activations are NHWC rows (B·H·W, C).
 *
 * Weights: [K1 (c1, 9), k1bias (1, c1), K2 (c2, 9·c1), k2bias (1, c2), W3 (classes, H·W·c2), b3 (1, classes)]; a
 * kernel matrix K (c_out, 9·c_in) has column (ky·3 + kx)·c_in + ci, the 4-D kernel (c_out, kh, kw, c_in) row-major.
 *
 * Unlike Mlp the model owns device tensors: the im2col/col2im index tables, built once per (backend, batch size)
 * and cached. Call dispose() when done with the model.
 */
export class ConvNet implements Model {
  readonly weightShapes: readonly WeightShape[];
  readonly height: number;
  readonly width: number;
  private readonly tables: Conv3x3TableCache;

  constructor(readonly channels: readonly [number, number], readonly classes = 10, image: { height: number; width: number } = { height: 8, width: 8 }) {
    if (channels.length !== 2 || channels.some((c) => !Number.isInteger(c) || c < 1)) throw new RangeError(`ConvNet: invalid channels [${channels.join(', ')}]`);
    if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`ConvNet: invalid number of classes ${classes}`);
    this.height = image.height;
    this.width = image.width;
    this.tables = new Conv3x3TableCache(image.height, image.width);
    const [c1, c2] = channels;
    this.weightShapes = [
      { rows: c1, cols: KERNEL_TAPS, role: 'matrix' },
      { rows: 1, cols: c1, role: 'bias' },
      { rows: c2, cols: KERNEL_TAPS * c1, role: 'matrix' },
      { rows: 1, cols: c2, role: 'bias' },
      { rows: classes, cols: this.pixels * c2, role: 'matrix' },
      { rows: 1, cols: classes, role: 'bias' },
    ];
  }

  /** H·W, the input features per sample. */
  get pixels(): number {
    return this.height * this.width;
  }

  /** D, the number of scalar parameters. */
  parameterCount(): number {
    return parameterCount(this.weightShapes);
  }

  /** fan_in of the layer weight i belongs to: 9·c_in for a convolution, H·W·c2 for the linear layer. */
  fanIn(i: number): number {
    return [KERNEL_TAPS, KERNEL_TAPS * this.channels[0], this.pixels * this.channels[1]][Math.floor(i / 2)];
  }

  /** Host arrays of torch's default init: weights and biases ~ U(−1/√fan_in, 1/√fan_in), drawn in weight order. */
  initialWeights(rng: Rng): Float64Array[] {
    return this.weightShapes.map((s, i) => {
      const bound = 1 / Math.sqrt(this.fanIn(i));
      return Float64Array.from({ length: s.rows * s.cols }, () => (2 * rng.uniform() - 1) * bound);
    });
  }

  /** Uploads weights (default: initialWeights(rng)); the tensors are kept out of any tidy and owned by the caller. */
  init(be: Backend, rng: Rng, values: Float64Array[] = this.initialWeights(rng)): Tensor[] {
    return this.weightShapes.map((s, i) => be.keep(be.upload(values[i], s)));
  }

  /**
   * @param weights [K1, k1bias, K2, k2bias, W3, b3]; x (B, H·W)
   * @returns logits (B, classes) and the cache for backward
   */
  forward(be: Backend, weights: Tensor[], x: Tensor): { logits: Tensor; cache: ConvNetCache } {
    this.checkWeights(weights);
    if (x.batch !== 1 || x.cols !== this.pixels) throw new RangeError(`ConvNet: x must be (B, ${this.pixels}), got ${x.batch}×${x.rows}×${x.cols}`);
    const [K1, k1bias, K2, k2bias, W3, b3] = weights;
    const [c1, c2] = this.channels;
    const batch = x.rows;
    const idx = this.tables.tables(be, batch).im2col;
    const cols1 = im2col(be, x, 1, idx);
    const z1 = linearForward(be, cols1, K1, k1bias);
    const cols2 = im2col(be, activationForward(be, z1, 'relu'), c1, idx);
    const z2 = linearForward(be, cols2, K2, k2bias);
    const features = reshape(be, activationForward(be, z2, 'relu'), { rows: batch, cols: this.pixels * c2 });
    const logits = linearForward(be, features, W3, b3);
    return { logits, cache: { batch, cols1, cols2, z1, z2, features } };
  }

  /**
   * Backpropagates ∂L/∂logits (conv1's input gradient is skipped).
   * @param dLogits (B, classes)
   * @returns ∂L/∂weight for each weight, in weight order
   */
  backward(be: Backend, weights: Tensor[], cache: ConvNetCache, dLogits: Tensor): Tensor[] {
    const [K1, , K2, , W3] = weights;
    const [c1, c2] = this.channels;
    const rows = cache.batch * this.pixels;
    const g3 = linearBackward(be, cache.features, W3, dLogits, true);
    const dz2 = activationBackward(be, cache.z2, reshape(be, g3.dx!, { rows, cols: c2 }), 'relu');
    const g2 = linearBackward(be, cache.cols2, K2, dz2, true);
    const dh1 = col2im(be, g2.dx!, c1, this.tables.tables(be, cache.batch).col2im);
    const dz1 = activationBackward(be, cache.z1, dh1, 'relu');
    const g1 = linearBackward(be, cache.cols1, K1, dz1, false);
    return [g1.dW, g1.db, g2.dW, g2.db, g3.dW, g3.db];
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

  /** Number of cached (backend, batch size) index-table pairs the model holds. */
  cachedTables(): number {
    return this.tables.size;
  }

  /** Frees the cached index tables (on every backend); the model stays usable and rebuilds them on demand. */
  dispose(): void {
    this.tables.dispose();
  }

  private checkWeights(weights: Tensor[]): void {
    if (weights.length !== this.weightShapes.length) throw new RangeError(`ConvNet: expected ${this.weightShapes.length} weights, got ${weights.length}`);
    weights.forEach((w, i) => {
      const s = this.weightShapes[i];
      if (w.batch !== 1 || w.rows !== s.rows || w.cols !== s.cols) throw new RangeError(`ConvNet: weight ${i} is ${w.rows}×${w.cols}, expected ${s.rows}×${s.cols}`);
    });
  }
}
