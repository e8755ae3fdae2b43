// The training loop: data and parameters stay on the device; metrics are read back only every `reportEvery` steps.
import type { Backend, Tensor } from '../engine/backend';
import { Rng } from '../data/rng';
import type { Model } from './model';
import type { Parameterization } from './parameterization';
import type { Optimizer } from './optimizers';
import { copySegment, gatherRows } from './gatherKernels';

/** A labelled dataset uploaded once: X (n, features), y (n, 1) class indices as floats. */
export type DeviceDataset = { X: Tensor; y: Tensor; n: number; dispose(): void };

/** Uploads X (n×features, row-major) and labels; the tensors are kept out of any tidy. */
export function uploadDataset(be: Backend, X: ArrayLike<number>, y: ArrayLike<number>, features: number): DeviceDataset {
  const n = y.length;
  if (X.length !== n * features) throw new RangeError(`uploadDataset: ${X.length} numbers for ${n} samples of ${features} features`);
  const Xt = be.keep(be.upload(X, { rows: n, cols: features }));
  const yt = be.keep(be.upload(y, { rows: n, cols: 1 }));
  return { X: Xt, y: yt, n, dispose: () => { be.dispose(Xt); be.dispose(yt); } };
}

export type TrainerOptions = {
  batchSize: number;
  /** Seeds the per-epoch shuffles (each epoch is a fresh permutation; the last partial batch is dropped). */
  seed: number;
  /** Steps between metric readbacks; at least 10 (DESIGN: ≤ one readback per 10 steps). */
  reportEvery: number;
  /** Evaluated at every report inside the same readback. */
  test?: DeviceDataset;
  /** Learning rate for each step (0-based), when scheduled. */
  learningRate?: (step: number) => number;
};

export type TrainReport = {
  /** Steps taken so far. */
  step: number;
  /** Mean mini-batch loss and accuracy over the steps since the previous report. */
  loss: number;
  accuracy: number;
  testLoss?: number;
  testAccuracy?: number;
};

/**
 * Trains `param`'s tensors for `model` with `optimizer`. step() only enqueues work (no readback); report()
 * reads one small tensor holding the accumulated training sums and, if any, the test set's.
 */
export class Trainer {
  private readonly rng: Rng;
  private permutation: Tensor | null = null;
  private cursor = 0;
  private sums: Tensor;
  private samplesSinceReport = 0;
  steps = 0;
  /** GPU→CPU reads this trainer made. */
  readbacks = 0;

  constructor(
    private readonly be: Backend,
    readonly model: Model,
    readonly param: Parameterization,
    readonly optimizer: Optimizer,
    readonly train: DeviceDataset,
    readonly options: TrainerOptions,
  ) {
    if (!(options.reportEvery >= 10)) throw new RangeError(`Trainer: reportEvery must be at least 10, got ${options.reportEvery}`);
    if (!(options.batchSize >= 1 && options.batchSize <= train.n)) throw new RangeError(`Trainer: batch size ${options.batchSize} does not fit ${train.n} samples`);
    this.rng = new Rng(options.seed);
    this.sums = be.keep(be.fill({ rows: 1, cols: 2 }, 0));
  }

  /** Readbacks per step so far. */
  readbacksPerStep(): number {
    return this.steps ? this.readbacks / this.steps : 0;
  }

  /** Enqueues one step: gather a batch, forward, backward, optimizer update, accumulate [Σloss, Σcorrect]. */
  step(): void {
    const be = this.be;
    const B = this.options.batchSize;
    if (!this.permutation || this.cursor + B > this.train.n) this.shuffle();
    if (this.options.learningRate) this.optimizer.lr = this.options.learningRate(this.steps);
    be.tidy(() => {
      const x = gatherRows(be, this.train.X, this.permutation!, this.cursor, B);
      const y = gatherRows(be, this.train.y, this.permutation!, this.cursor, B);
      const { grads, rowStats } = this.model.lossAndGrads(be, this.param.weights(), x, y);
      this.optimizer.step(this.param.params, this.param.backward(grads));
      const next = be.keep(be.elementwise('add', this.sums, be.reduce('sum', rowStats, 'perCol')));
      be.dispose(this.sums);
      this.sums = next;
    });
    this.cursor += B;
    this.steps++;
    this.samplesSinceReport += B;
  }

  /** Runs `steps` steps, yielding a report every `reportEvery` steps and after the last. */
  async *run(steps: number, signal?: AbortSignal): AsyncGenerator<TrainReport> {
    for (let i = 0; i < steps; i++) {
      if (signal?.aborted) return;
      this.step();
      if (this.steps % this.options.reportEvery === 0 || i === steps - 1) yield await this.report();
    }
  }

  /** One readback: training means since the last report and, with a test set, its loss and accuracy. */
  async report(): Promise<TrainReport> {
    const be = this.be;
    const test = this.options.test;
    const packed = be.tidy(() => {
      const out = be.fill({ rows: 1, cols: 4 }, 0);
      copySegment(be, this.sums, 0, out, 0, 2);
      if (test) copySegment(be, this.datasetSums(test), 0, out, 2, 2);
      return out;
    });
    let v: Float64Array;
    try {
      v = await be.read(packed);
      this.readbacks++;
    } finally {
      be.dispose(packed);
    }
    const n = Math.max(1, this.samplesSinceReport);
    const report: TrainReport = { step: this.steps, loss: v[0] / n, accuracy: v[1] / n };
    if (test) Object.assign(report, { testLoss: v[2] / test.n, testAccuracy: v[3] / test.n });
    be.dispose(this.sums);
    this.sums = be.keep(be.fill({ rows: 1, cols: 2 }, 0));
    this.samplesSinceReport = 0;
    return report;
  }

  /** Mean loss and accuracy of the current weights on a whole dataset (one readback). */
  async evaluate(data: DeviceDataset): Promise<{ loss: number; accuracy: number }> {
    const sums = this.be.tidy(() => this.datasetSums(data));
    try {
      const v = await this.be.read(sums);
      this.readbacks++;
      return { loss: v[0] / data.n, accuracy: v[1] / data.n };
    } finally {
      this.be.dispose(sums);
    }
  }

  /** (1, 2): [Σ loss, Σ correct] over a dataset, without a readback. */
  private datasetSums(data: DeviceDataset): Tensor {
    return this.be.reduce('sum', this.model.rowStats(this.be, this.param.weights(), data.X, data.y), 'perCol');
  }

  private shuffle(): void {
    const order = new Int32Array(this.train.n);
    for (let i = 0; i < order.length; i++) order[i] = i;
    this.rng.shuffle(order);
    if (this.permutation) this.be.dispose(this.permutation);
    this.permutation = this.be.keep(this.be.upload(order, { rows: order.length, cols: 1 }));
    this.cursor = 0;
  }

  /** Frees the trainer's own tensors (not the model's parameters, optimizer or data). */
  dispose(): void {
    if (this.permutation) this.be.dispose(this.permutation);
    this.permutation = null;
    this.be.dispose(this.sums);
  }
}
