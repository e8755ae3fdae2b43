// The embedding as K subspace learners on the backend: each owns a slice, its own attention and its own Adam; learners can be added.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import { copySegment, gatherRows, uninitialized } from '../../learn/gatherKernels';
import { createOptimizer, type Optimizer } from '../../learn/optimizers';
import { createLearner, disposeLearner, learnerForward, learnerParams, tripletLossAndGrads, type Learner } from './learner';

export type SubspaceLearnersOptions = { pixels: number; dim: number; margin: number; lr: number };

/** K learners, the full embedding being their unit slices side by side: (n, K·dim). */
export class SubspaceLearners {
  readonly learners: Learner[] = [];
  private readonly optimizers: Optimizer[] = [];
  /** (1, 1) running sum of the mean triplet losses since the last takeLossSum(), kept on the device. */
  private lossSum: Tensor;
  private lossTerms = 0;

  constructor(private readonly be: Backend, readonly o: SubspaceLearnersOptions) {
    this.lossSum = be.keep(be.fill({ rows: 1, cols: 1 }, 0));
  }

  /** The number of learners K. */
  get count(): number {
    return this.learners.length;
  }

  /** Adds a freshly initialised learner (its own slice, attention and optimizer state). */
  add(rng: Rng): void {
    this.learners.push(createLearner(this.be, this.o.pixels, this.o.dim, rng));
    this.optimizers.push(createOptimizer(this.be, { kind: 'adam', lr: this.o.lr }));
  }

  /**
   * One Adam step of learner k on its triplets.
   * @param images (n, pixels) the training set on the device; rows (3T, 1) row indices (anchors, positives, negatives)
   */
  step(k: number, images: Tensor, rows: Tensor): void {
    const be = this.be;
    const l = this.learners[k];
    be.tidy(() => {
      const g = tripletLossAndGrads(be, l, gatherRows(be, images, rows, 0, rows.rows), this.o.margin);
      this.optimizers[k].step(learnerParams(l), [g.dA, g.dc, g.dW]);
      const next = be.keep(be.elementwise('add', this.lossSum, g.loss));
      be.dispose(this.lossSum);
      this.lossSum = next;
    });
    this.lossTerms++;
  }

  /** Mean of the learner losses stepped since the last call (one readback), then starts a new sum. */
  async takeMeanLoss(): Promise<number> {
    const [mean] = await takeMeanLosses(this.be, [this]);
    return mean;
  }

  /** Hands over the running loss sum and its count, and starts a new sum (used by takeMeanLosses). */
  takeLossSum(): { sum: Tensor; terms: number } {
    const out = { sum: this.lossSum, terms: this.lossTerms };
    this.lossSum = this.be.keep(this.be.fill({ rows: 1, cols: 1 }, 0));
    this.lossTerms = 0;
    return out;
  }

  /**
   * The full embedding [ê_1 … ê_K] of a batch of images, each slice placed by a 0/1 placement matmul.
   * @param x (n, pixels) @returns (n, K·dim), every row of norm √K
   */
  embed(x: Tensor): Tensor {
    const be = this.be;
    const { dim } = this.o;
    const width = this.count * dim;
    let out: Tensor | null = null;
    this.learners.forEach((l, k) => {
      const place = new Float64Array(dim * width);
      for (let i = 0; i < dim; i++) place[i * width + k * dim + i] = 1;
      const part = be.matmul(learnerForward(be, l, x).embedding, be.upload(place, { rows: dim, cols: width }));
      out = out ? be.elementwise('add', out, part) : part;
    });
    if (!out) throw new RangeError('embed: there are no learners yet');
    return out;
  }

  /** Attention maps of every learner on a batch: K tensors (n, pixels), each row a softmax over the pixels. */
  attention(x: Tensor): Tensor[] {
    return this.learners.map((l) => learnerForward(this.be, l, x).attention);
  }

  dispose(): void {
    for (const l of this.learners) disposeLearner(this.be, l);
    for (const opt of this.optimizers) opt.dispose();
    this.learners.length = 0;
    this.optimizers.length = 0;
    this.be.dispose(this.lossSum);
  }
}

/** The mean losses of several models since their last call, packed into one tensor so they cost a single readback. */
export async function takeMeanLosses(be: Backend, models: readonly SubspaceLearners[]): Promise<number[]> {
  const taken = models.map((m) => m.takeLossSum());
  const packed = uninitialized(be, { rows: 1, cols: taken.length });
  taken.forEach(({ sum }, i) => copySegment(be, sum, 0, packed, i, 1));
  for (const { sum } of taken) be.dispose(sum);
  try {
    const sums = await be.read(packed);
    return taken.map(({ terms }, i) => sums[i] / Math.max(1, terms));
  } finally {
    be.dispose(packed);
  }
}
