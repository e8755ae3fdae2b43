// Seeded mini-batches from a device-resident dataset: a fresh permutation per epoch, the last partial batch dropped.
import type { Backend, Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { gatherRows } from '../../learn/gatherKernels';
import type { DeviceDataset } from '../../learn/trainer';

/** Hands out the same sequence of batches to every optimizer that asks for step s (they share one sampler). */
export class BatchSampler {
  private readonly rng: Rng;
  private permutation: Tensor | null = null;
  private cursor = 0;

  constructor(private readonly be: Backend, private readonly data: DeviceDataset, readonly batchSize: number, seed: number) {
    if (!(batchSize >= 1 && batchSize <= data.n)) throw new RangeError(`BatchSampler: batch size ${batchSize} does not fit ${data.n} samples`);
    this.rng = new Rng(seed);
  }

  /** The next batch: x (B, features), y (B, 1); the caller disposes both. */
  next(): { x: Tensor; y: Tensor } {
    const be = this.be;
    if (!this.permutation || this.cursor + this.batchSize > this.data.n) {
      const order = new Int32Array(this.data.n);
      for (let i = 0; i < order.length; i++) order[i] = i;
      this.rng.shuffle(order);
      if (this.permutation) be.dispose(this.permutation);
      this.permutation = be.keep(be.upload(order, { rows: order.length, cols: 1 }));
      this.cursor = 0;
    }
    const batch = be.tidy(() => ({
      x: gatherRows(be, this.data.X, this.permutation!, this.cursor, this.batchSize),
      y: gatherRows(be, this.data.y, this.permutation!, this.cursor, this.batchSize),
    }));
    this.cursor += this.batchSize;
    return batch;
  }

  dispose(): void {
    if (this.permutation) this.be.dispose(this.permutation);
    this.permutation = null;
  }
}
