// The two continual learners over the shared MLP: plain sequential fine-tuning (Adam) and CoSO on the shared layers.
import type { Backend, Tensor } from '../../engine/backend';
import type { SvdMethod } from '../../linalg/svd';
import { createOptimizer, type Optimizer } from '../../learn/optimizers';
import { CosoLayer } from '../../learn/continual/cosoLayer';
import { copySegment } from '../../learn/gatherKernels';
import type { ContinualConfig } from './schema';

export type LearnerName = 'coso' | 'finetune';

/** Weights [W1, b1, …, W_L, b_L]: the shared layers' matrices W1…W_{L−1} train (their biases stay frozen), and the head W_L, b_L. */
export abstract class Learner {
  abstract readonly name: LearnerName;
  protected head: Optimizer | null = null;
  readonly backbone: number[];
  readonly headIndices: [number, number];

  constructor(protected readonly be: Backend, readonly weights: Tensor[], protected readonly config: ContinualConfig) {
    const layers = weights.length / 2;
    this.backbone = Array.from({ length: layers - 1 }, (_, l) => 2 * l);
    this.headIndices = [2 * (layers - 1), 2 * (layers - 1) + 1];
  }

  /** Fresh optimizer state for a new task (both methods reset Adam between tasks, as the official CoSO does). */
  beginTask(): void {
    this.head?.dispose();
    this.head = createOptimizer(this.be, { kind: 'adam', lr: this.config.headLr });
  }

  /** Awaits any subspace refresh this step needs (CoSO only). */
  async prepare(_grads: Tensor[]): Promise<void> {}

  /** One update of the trainable tensors in place; call inside `tidy`. */
  step(grads: Tensor[]): void {
    this.head!.step(this.headIndices.map((i) => this.weights[i]), this.headIndices.map((i) => grads[i]));
  }

  /** Closes a task; CoSO returns the history directions each shared layer added. */
  endTask(): number[] {
    return [];
  }

  dispose(): void {
    this.head?.dispose();
    this.head = null;
    for (const w of this.weights) this.be.dispose(w);
  }
}

export class FineTuneLearner extends Learner {
  readonly name = 'finetune' as const;
  private shared: Optimizer | null = null;

  override beginTask(): void {
    super.beginTask();
    this.shared?.dispose();
    this.shared = createOptimizer(this.be, { kind: 'adam', lr: this.config.lr });
  }

  override step(grads: Tensor[]): void {
    this.shared!.step(this.backbone.map((i) => this.weights[i]), this.backbone.map((i) => grads[i]));
    super.step(grads);
  }

  override dispose(): void {
    this.shared?.dispose();
    this.shared = null;
    super.dispose();
  }
}

export class CosoLearner extends Learner {
  readonly name = 'coso' as const;
  readonly layers: CosoLayer[];
  /** Copies of the shared matrices at task start, for the orthogonality check. */
  private starts: Tensor[] = [];
  private seed: number;

  constructor(be: Backend, weights: Tensor[], config: ContinualConfig) {
    super(be, weights, config);
    this.seed = config.seed * 104729 + 3;
    this.layers = this.backbone.map((i) => new CosoLayer(be, weights[i].rows, weights[i].cols, {
      projRank: config.projRank, sketchRank: config.sketchRank, gap: config.gap, threshold: config.threshold, svdMethod: config.svdMethod as SvdMethod,
    }));
  }

  override beginTask(): void {
    super.beginTask();
    this.disposeStarts();
    this.starts = this.backbone.map((i) => this.be.keep(this.be.tidy(() => this.be.elementwise('scale', this.weights[i], null, 1, 0))));
  }

  override async prepare(grads: Tensor[]): Promise<void> {
    for (const [l, layer] of this.layers.entries()) if (layer.due()) await layer.refresh(grads[this.backbone[l]], this.seed += 2);
  }

  override step(grads: Tensor[]): void {
    const h = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };
    this.layers.forEach((layer, l) => layer.step(this.weights[this.backbone[l]], grads[this.backbone[l]], this.config.lr, h));
    super.step(grads);
  }

  /** Per shared layer, (1, 2): [‖HᵀΔW‖_F, ‖ΔW‖_F] for this task's ΔW and the history in effect during it. */
  orthogonality(): Tensor[] {
    const be = this.be;
    return this.layers.map((layer, l) => {
      const delta = be.elementwise('add', this.weights[this.backbone[l]], this.starts[l], 1, -1);
      const out = be.fill({ rows: 1, cols: 2 }, 0);
      if (layer.history) copySegment(be, be.reduce('norm', be.matmul(layer.history, delta, { transA: true }), 'all'), 0, out, 0, 1);
      copySegment(be, be.reduce('norm', delta, 'all'), 0, out, 1, 1);
      return out;
    });
  }

  /** Appends each layer's task directions to its history; returns how many each added. */
  override endTask(): number[] {
    return this.layers.map((layer) => layer.endTask());
  }

  svdCount(): number {
    return this.layers.reduce((n, l) => n + l.svds, 0);
  }

  override dispose(): void {
    for (const layer of this.layers) layer.dispose();
    this.disposeStarts();
    super.dispose();
  }

  private disposeStarts(): void {
    for (const t of this.starts) this.be.dispose(t);
    this.starts = [];
  }
}
