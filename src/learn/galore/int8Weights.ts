// Q-GaLore's INT8 weight store: after every update, each weight matrix is re-stored as SR((w̃ + Δ)/scale) in int8.
import { sizeOf, type Backend, type Tensor } from '../../engine/backend';
import { copySegment } from '../gatherKernels';
import type { WeightShape } from '../model';
import { dequantizeInt8OnBackend, disposeInt8, int8ScalesOnBackend, int8TensorBytes, quantizeInt8SrOnBackend, type Int8Tensors } from './int8Kernels';

/**
 * Holds every 'matrix' weight as packed int8 codes plus float32 scales (one per row, or one per matrix); biases stay
 * float32, as in Q-GaLore, which quantizes only the linear layers. The caller's float tensors are the dequantized
 * working copy w̃ the forward pass reads: `store` rounds them into int8 and writes w̃ = scale·code back in place
 * (params[i] stays the same tensor, as the optimizers require).
 */
export class Int8Weights {
  private readonly stored: (Int8Tensors | null)[];

  constructor(private readonly be: Backend, private readonly shapes: readonly WeightShape[], private readonly groups: 'row' | 'tensor', private readonly seed: number) {
    if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) throw new RangeError(`Int8Weights: seed ${seed} is not a u32 integer`);
    this.stored = shapes.map(() => null);
  }

  /**
   * Re-stores each matrix of `weights` (which hold w̃ + Δ after an optimizer step) as int8 with stochastic rounding
   * drawn from (seed, step, entry), with scales recomputed from the new values, and overwrites it with its dequantization.
   */
  store(weights: Tensor[], step: number): void {
    const be = this.be;
    if (weights.length !== this.shapes.length) throw new RangeError(`Int8Weights: expected ${this.shapes.length} weights, got ${weights.length}`);
    this.shapes.forEach((s, i) => {
      if (s.role !== 'matrix') return;
      const w = weights[i];
      const groupSize = this.groups === 'row' ? w.cols : sizeOf(w);
      const q = be.tidy(() => {
        const scales = int8ScalesOnBackend(be, w, groupSize);
        const out = quantizeInt8SrOnBackend(be, w, scales, groupSize, (this.seed + i) >>> 0, step);
        be.keep(out.packed);
        be.keep(out.scales);
        return out;
      });
      const old = this.stored[i];
      if (old) disposeInt8(be, old);
      this.stored[i] = q;
      be.tidy(() => copySegment(be, dequantizeInt8OnBackend(be, q), 0, w, 0, sizeOf(w)));
    });
  }

  /** Bytes of weights kept: each matrix's packed int8 words and float32 scales, plus 4 per float32 bias entry. */
  bytes(): number {
    return this.shapes.reduce((b, s, i) => {
      const q = this.stored[i];
      return b + (q ? int8TensorBytes(q) : 4 * s.rows * s.cols);
    }, 0);
  }

  /** Frees the int8 tensors (not the caller's float working copies). */
  dispose(): void {
    this.stored.forEach((q, i) => {
      if (q) disposeInt8(this.be, q);
      this.stored[i] = null;
    });
  }
}
