// Trains the cosine-margin model on the backend with CosFace or UNPG: one Gram readback per UNPG step for the pair filter, loss read every report.
import type { Backend, Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { createOptimizer } from '../../learn/optimizers';
import { gatherRows } from '../../learn/gatherKernels';
import { batchGram, marginLossAndGrads, type CosineMarginModel, type MarginOptions } from './cosineMarginLoss';
import { negativePairs } from './negativePairs';

/** Training data on the device: X (n, inputs), y (n, 1), onehot (n, classes); labels on the host for the pair filter. */
export type MarginDataset = { X: Tensor; y: Tensor; onehot: Tensor; labels: Int32Array; n: number };

export type MarginTrainingOptions = MarginOptions & {
  steps: number;
  batchSize: number;
  /** Adam's learning rate. */
  lr: number;
  seed: number;
  /** Add the filtered mini-batch negatives (UNPG) or not (CosFace). */
  unpg: boolean;
  /** The filter's whisker length (the paper: 1.5); Infinity keeps every negative pair. */
  whisker: number;
  /** Steps between loss readbacks (at least 10). */
  reportEvery: number;
};

export type MarginReport = { step: number; loss: number };

/** Host draws of the initial weights [W1, b1, W2, b2, Wc]: torch's Linear init for the encoder, U(−1/√dim, 1/√dim) for Wc. */
export function initialMarginWeights(model: CosineMarginModel, rng: Rng): Float64Array[] {
  const bound = 1 / Math.sqrt(model.dim);
  return [...model.encoder.initialWeights(rng), Float64Array.from({ length: model.classes * model.dim }, () => (2 * rng.uniform() - 1) * bound)];
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Adam on [W1, b1, W2, b2, Wc] from initialMarginWeights(Rng(seed + 1)), batches from an Rng(seed + 2) permutation that
 * is reshuffled when a batch would run past its end: CosFace and UNPG runs with one seed see the same init and batches.
 */
export class MarginTrainer {
  readonly weights: Tensor[];
  /** Negative pairs of every UNPG batch so far, and how many the filter kept. */
  negativesSeen = 0;
  negativesKept = 0;
  /** The last UNPG batch's negative-pair similarities: all of them and the kept ones. */
  lastBatch: { all: number[]; kept: number[] } = { all: [], kept: [] };
  private readonly optimizer;
  private readonly order: Rng;
  private readonly perm: Int32Array;
  private permT: Tensor | null = null;
  private cursor: number;
  private lossSum: Tensor;
  private stepsDone = 0;

  constructor(private readonly be: Backend, private readonly model: CosineMarginModel, private readonly data: MarginDataset, private readonly o: MarginTrainingOptions) {
    if (!(o.batchSize >= 2 && o.batchSize <= data.n)) throw new RangeError(`MarginTrainer: batch size ${o.batchSize} must be in [2, ${data.n}] (the training samples)`);
    if (!(o.reportEvery >= 10)) throw new RangeError('MarginTrainer: report at most once per 10 steps');
    const init = initialMarginWeights(model, new Rng(o.seed + 1));
    this.weights = model.weightShapes.map((s, i) => be.keep(be.upload(init[i], s)));
    this.optimizer = createOptimizer(be, { kind: 'adam', lr: o.lr });
    this.order = new Rng(o.seed + 2);
    this.perm = Int32Array.from({ length: data.n }, (_, i) => i);
    this.cursor = data.n;
    this.lossSum = be.keep(be.fill({ rows: 1, cols: 1 }, 0));
  }

  /** Runs every step, yielding the mean batch loss since the previous report; stops early when `signal` aborts. */
  async *run(signal?: AbortSignal): AsyncGenerator<MarginReport> {
    const { steps, reportEvery } = this.o;
    let since = 0;
    while (this.stepsDone < steps) {
      if (signal?.aborted) return;
      await this.step();
      since++;
      if (this.stepsDone % reportEvery === 0 || this.stepsDone === steps) {
        const total = (await this.be.read(this.lossSum))[0];
        this.resetLoss();
        yield { step: this.stepsDone, loss: total / since };
        since = 0;
      } else if (this.stepsDone % 10 === 0) {
        await nextTask();
      }
    }
  }

  private async step(): Promise<void> {
    const { be, data, o } = this;
    const B = o.batchSize;
    if (this.cursor + B > data.n) {
      this.order.shuffle(this.perm);
      if (this.permT) be.dispose(this.permT);
      this.permT = be.keep(be.upload(this.perm, { rows: data.n, cols: 1 }));
      this.cursor = 0;
    }
    const at = this.cursor;
    const permT = this.permT!;
    const batch = () => ({ x: gatherRows(be, data.X, permT, at, B), y: gatherRows(be, data.y, permT, at, B), onehot: gatherRows(be, data.onehot, permT, at, B) });
    let pairs: { mask: Tensor; largest: number } | null = null;
    if (o.unpg) {
      // the filter needs this batch's similarities on the host (a sort); the loss then runs on the device
      const gram = be.tidy(() => batchGram(be, this.model, this.weights, batch().x));
      let G: Float64Array;
      try {
        G = await be.read(gram);
      } finally {
        be.dispose(gram);
      }
      const labels = Int32Array.from({ length: B }, (_, i) => data.labels[this.perm[at + i]]);
      const found = negativePairs(G, labels, o.whisker);
      this.negativesSeen += found.all.length;
      this.negativesKept += found.kept.length;
      this.lastBatch = { all: found.all, kept: found.kept };
      if (found.kept.length) pairs = { mask: be.keep(be.upload(found.mask, { rows: B, cols: B })), largest: Math.max(...found.kept) };
    }
    try {
      be.tidy(() => {
        const b = batch();
        const g = marginLossAndGrads(be, this.model, this.weights, b.x, b.onehot, b.y, o, pairs);
        this.optimizer.step(this.weights, g.grads);
        const next = be.keep(be.elementwise('add', this.lossSum, be.reduce('sum', be.slice(g.rowStats, 0, 0, B, 1), 'all'), 1, 1 / B));
        be.dispose(this.lossSum);
        this.lossSum = next;
      });
    } finally {
      if (pairs) be.dispose(pairs.mask);
    }
    this.cursor += B;
    this.stepsDone++;
  }

  private resetLoss(): void {
    this.be.dispose(this.lossSum);
    this.lossSum = this.be.keep(this.be.fill({ rows: 1, cols: 1 }, 0));
  }

  /** Frees the optimizer state and the batch order; the weights stay (the caller disposes them with disposeWeights). */
  dispose(): void {
    this.optimizer.dispose();
    if (this.permT) this.be.dispose(this.permT);
    this.be.dispose(this.lossSum);
  }

  disposeWeights(): void {
    for (const w of this.weights) this.be.dispose(w);
  }
}
