// Epoch-wise SGD for a dense Mlp with SAF's trajectory loss: KL to the outputs recorded for the same samples epochs ago.
import type { Backend, Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import type { Mlp } from '../../learn/mlp';
import type { Optimizer } from '../../learn/optimizers';
import type { DeviceDataset } from '../../learn/trainer';
import { copySegment, gatherRows } from '../../learn/gatherKernels';
import { softmaxCrossEntropy } from '../../learn/softmaxCrossEntropy';
import { logSoftmaxRows } from '../../learn/softmaxRows';

/**
 * SAF (AngusDujw/SAF, SAF_train.py): loss = CE + λ·τ²·mean_i KL(softmax(ŷ_i/τ) ‖ softmax(z_i/τ)), where ŷ_i are the
 * logits recorded for sample i during the epoch `lag` epochs earlier (a ring of lag + 1 epoch buffers), applied
 * in epochs e > startEpoch (and e ≥ lag, so a record exists).
 */
export type SafOptions = { lambda: number; tau: number; lag: number; startEpoch: number };

export type EpochReport = {
  /** Epochs completed (1 after the first). */
  epoch: number;
  /** Mean mini-batch cross-entropy and accuracy over the epoch. */
  loss: number;
  accuracy: number;
  /** Mean trajectory loss τ²·KL over the epoch (0 when inactive). */
  trajectoryLoss: number;
  testLoss?: number;
  testAccuracy?: number;
};

/**
 * Trains `weights` (updated in place by `optimizer`). Batches follow the engine Trainer exactly: per epoch a fresh
 * seeded shuffle (Rng(seed), Fisher–Yates of 0..n−1), ⌊n/B⌋ batches, so with λ = 0 this is the Trainer's run.
 * With SAF the training set size must be a multiple of the batch size (every sample is then recorded each epoch).
 */
export class TrajectoryTrainer {
  private readonly rng: Rng;
  private readonly kept: Tensor[] = [];
  private readonly slots: Tensor[] = [];
  private readonly slotOrders: Int32Array[] = [];
  private sums: Tensor;
  private kl: Tensor;
  epochs = 0;
  steps = 0;
  readbacks = 0;

  constructor(
    private readonly be: Backend,
    readonly mlp: Mlp,
    readonly weights: Tensor[],
    readonly optimizer: Optimizer,
    readonly train: DeviceDataset,
    readonly options: { batchSize: number; seed: number; saf: SafOptions | null; test?: DeviceDataset },
  ) {
    const { batchSize: B, saf } = options;
    if (!(B >= 1 && B <= train.n)) throw new RangeError(`TrajectoryTrainer: batch size ${B} does not fit ${train.n} samples`);
    if (saf && train.n % B !== 0) throw new RangeError(`TrajectoryTrainer: SAF needs the training set (${train.n}) to be a multiple of the batch size (${B})`);
    if (saf && !(saf.lag >= 1 && Number.isInteger(saf.lag))) throw new RangeError(`TrajectoryTrainer: SAF lag must be a positive integer, got ${saf.lag}`);
    this.rng = new Rng(options.seed);
    this.sums = this.keep(be.fill({ rows: 1, cols: 2 }, 0));
    this.kl = this.keep(be.fill({ rows: 1, cols: 1 }, 0));
    const classes = mlp.sizes[mlp.sizes.length - 1];
    if (saf) for (let s = 0; s <= saf.lag; s++) this.slots.push(this.keep(be.fill({ rows: train.n, cols: classes }, 0)));
  }

  get stepsPerEpoch(): number {
    return Math.floor(this.train.n / this.options.batchSize);
  }

  /** Whether SAF's trajectory term is applied in epoch e (0-based). */
  safActive(epoch: number): boolean {
    const saf = this.options.saf;
    return !!saf && epoch > saf.startEpoch && epoch >= saf.lag;
  }

  /** One epoch of steps and one readback of its sums (see enqueueEpoch and report). */
  async epoch(signal?: AbortSignal): Promise<EpochReport | null> {
    return this.enqueueEpoch(signal) ? this.report() : null;
  }

  /** Enqueues one epoch of steps (no readback); false when stopped by `signal`. */
  enqueueEpoch(signal?: AbortSignal): boolean {
    const be = this.be;
    const B = this.options.batchSize;
    const n = this.train.n;
    const saf = this.options.saf;
    const e = this.epochs;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    this.rng.shuffle(order);
    const perm = be.keep(be.upload(order, { rows: n, cols: 1 }));
    let lookup: Tensor | null = null;
    if (saf) {
      const slot = e % (saf.lag + 1);
      this.slotOrders[slot] = order;
      if (this.safActive(e)) {
        // position in epoch e → that sample's row in the buffer recorded in epoch e − lag (stored in its own order)
        const past = this.slotOrders[(e - saf.lag) % (saf.lag + 1)];
        const rowOf = new Int32Array(n);
        past.forEach((sample, pos) => (rowOf[sample] = pos));
        lookup = be.keep(be.upload(Int32Array.from(order, (sample) => rowOf[sample]), { rows: n, cols: 1 }));
      }
    }
    try {
      for (let s = 0; s < this.stepsPerEpoch; s++) {
        if (signal?.aborted) return false;
        this.step(perm, s * B, lookup);
      }
    } finally {
      be.dispose(perm);
      if (lookup) be.dispose(lookup);
    }
    this.epochs++;
    return true;
  }

  private step(perm: Tensor, cursor: number, lookup: Tensor | null): void {
    const be = this.be;
    const B = this.options.batchSize;
    const saf = this.options.saf;
    be.tidy(() => {
      const x = gatherRows(be, this.train.X, perm, cursor, B);
      const y = gatherRows(be, this.train.y, perm, cursor, B);
      const { logits, cache } = this.mlp.forward(be, this.weights, x);
      const { grad, rowStats } = softmaxCrossEntropy(be, logits, y);
      let dLogits = grad;
      if (saf) {
        const C = logits.cols;
        copySegment(be, logits, 0, this.slots[this.epochs % (saf.lag + 1)], cursor * C, B * C);
        if (lookup) {
          const past = gatherRows(be, this.slots[(this.epochs - saf.lag) % (saf.lag + 1)], lookup, cursor, B);
          const logP = logSoftmaxRows(be, logits, 1 / saf.tau);
          const logQ = logSoftmaxRows(be, past, 1 / saf.tau);
          const q = be.elementwise('exp', logQ);
          // ∂/∂z of λτ²·mean KL(q‖p) = λτ·(p − q)/B; with λ = 0 this adds exactly 0 to the cross-entropy gradient
          const dKl = be.elementwise('add', be.elementwise('exp', logP), q, 1, -1);
          dLogits = be.elementwise('add', grad, dKl, 1, (saf.lambda * saf.tau) / B);
          const klRows = be.reduce('sum', be.elementwise('mul', q, be.elementwise('add', logQ, logP, 1, -1)), 'perRow');
          this.swap('kl', be.elementwise('add', this.kl, be.reduce('sum', klRows, 'all'), 1, saf.tau * saf.tau));
        }
      }
      this.optimizer.step(this.weights, this.mlp.backward(be, this.weights, cache, dLogits));
      this.swap('sums', be.elementwise('add', this.sums, be.reduce('sum', rowStats, 'perCol')));
    });
    this.steps++;
  }

  private swap(which: 'sums' | 'kl', next: Tensor): void {
    const old = this[which];
    this[which] = this.be.keep(next);
    this.kept[this.kept.indexOf(old)] = this[which];
    this.be.dispose(old);
  }

  /**
   * One readback: the means over the epoch just enqueued, the test set's loss and accuracy, and the numbers of
   * `extra` (any small tensor, e.g. a power iteration's history) packed into the same read.
   */
  async report(extra?: Tensor): Promise<EpochReport & { extra: number[] }> {
    const be = this.be;
    const test = this.options.test;
    const extraSize = extra ? extra.batch * extra.rows * extra.cols : 0;
    const packed = be.tidy(() => {
      const out = be.fill({ rows: 1, cols: 5 + extraSize }, 0);
      if (extra) copySegment(be, extra, 0, out, 5, extraSize);
      copySegment(be, this.sums, 0, out, 0, 2);
      copySegment(be, this.kl, 0, out, 2, 1);
      if (test) copySegment(be, be.reduce('sum', this.mlp.rowStats(be, this.weights, test.X, test.y), 'perCol'), 0, out, 3, 2);
      return out;
    });
    let v: Float64Array;
    try {
      v = await be.read(packed);
      this.readbacks++;
    } finally {
      be.dispose(packed);
    }
    const samples = this.stepsPerEpoch * this.options.batchSize;
    const report = { epoch: this.epochs, loss: v[0] / samples, accuracy: v[1] / samples, trajectoryLoss: v[2] / samples, extra: Array.from(v.subarray(5)) };
    if (test) Object.assign(report, { testLoss: v[3] / test.n, testAccuracy: v[4] / test.n });
    this.swap('sums', be.fill({ rows: 1, cols: 2 }, 0));
    this.swap('kl', be.fill({ rows: 1, cols: 1 }, 0));
    return report;
  }

  private keep(t: Tensor): Tensor {
    this.kept.push(this.be.keep(t));
    return t;
  }

  /** Frees the trainer's own tensors (not the weights, optimizer or data). */
  dispose(): void {
    for (const t of this.kept) this.be.dispose(t);
    this.kept.length = 0;
  }
}
