// The two learned merges, on the backend: Concrete mask logits (fixed λ) and AdaMerging's per-layer λ (fixed mask), both by entropy.
import { sizeOf, type Backend, type Tensor } from '../../engine/backend';
import { readAndDispose } from '../../engine/readback';
import type { Rng } from '../../data/rng';
import { createOptimizer } from '../../learn/optimizers';
import { copySegment, gatherRows } from '../../learn/gatherKernels';
import type { MergeTask } from './tasks';
import { binarizeLogits, concreteSample, uniformNoise } from './concreteMask';
import { entropyLossAndGrad, lambdaGrad, maskGrad, preparedMask, type MergeSetup } from './entropyObjective';
import { expandLambdas } from './merges';

/** Reads back at most once per this many steps (DESIGN: ≥ 10). */
export const REPORT_EVERY = 10;

/** Every task's test inputs, without labels, stacked in one (Σnᵢ, 64) tensor: the unlabeled data the paper adapts on. */
export class UnlabeledPool {
  readonly X: Tensor;
  private readonly offsets: number[] = [];
  private readonly sizes: number[];

  constructor(private readonly be: Backend, tasks: readonly MergeTask[], readonly perTask: number) {
    this.sizes = tasks.map((t) => t.test.n);
    const bad = tasks.find((t) => t.test.n < perTask);
    if (bad) throw new RangeError(`${perTask} unlabeled inputs per step, but task ${bad.name} has only ${bad.test.n} test digits`);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.X = be.keep(be.fill({ rows: total, cols: 64 }, 0));
    let at = 0;
    for (const t of tasks) {
      this.offsets.push(at);
      copySegment(be, t.test.X, 0, this.X, at * 64, t.test.n * 64);
      at += t.test.n;
    }
  }

  /** perTask seeded draws (without replacement) from each task's inputs, stacked task by task: (k·perTask, 64). */
  batch(rng: Rng): Tensor {
    const rows: number[] = [];
    this.sizes.forEach((n, i) => {
      const order = rng.shuffle(Int32Array.from({ length: n }, (_, j) => j)) as Int32Array;
      for (let j = 0; j < this.perTask; j++) rows.push(this.offsets[i] + order[j]);
    });
    return gatherRows(this.be, this.X, this.be.upload(rows, { rows: rows.length, cols: 1 }), 0, rows.length);
  }

  dispose(): void {
    this.be.dispose(this.X);
  }
}

export type MaskReport = { step: number; loss: number; density: number[] };
export type LambdaReport = { step: number; loss: number; lambdas: number[][] };

/**
 * Runs `steps` enqueue-only steps (each inside a tidy, returning its (1, 1) loss) and, every REPORT_EVERY steps and at
 * the end, reads back in one go the mean loss since the last report and the numbers of `snapshot()` (built in a tidy).
 */
async function* reportingLoop(be: Backend, steps: number, signal: AbortSignal, step: () => Tensor, snapshot: () => Tensor): AsyncGenerator<{ step: number; loss: number; values: Float64Array }> {
  let lossSum = be.keep(be.fill({ rows: 1, cols: 1 }, 0));
  let since = 0;
  try {
    for (let i = 1; i <= steps; i++) {
      if (signal.aborted) return;
      be.tidy(() => {
        const next = be.keep(be.elementwise('add', lossSum, step()));
        be.dispose(lossSum);
        lossSum = next;
      });
      since++;
      if (i % REPORT_EVERY !== 0 && i !== steps) continue;
      const v = await readAndDispose(be, be.tidy(() => {
        const x = snapshot();
        const out = be.fill({ rows: 1, cols: 1 + sizeOf(x) }, 0);
        copySegment(be, lossSum, 0, out, 0, 1);
        copySegment(be, x, 0, out, 1, sizeOf(x));
        return out;
      }));
      yield { step: i, loss: v[0] / since, values: v.subarray(1) };
      be.dispose(lossSum);
      lossSum = be.keep(be.fill({ rows: 1, cols: 1 }, 0));
      since = 0;
    }
  } finally {
    be.dispose(lossSum);
  }
}

/**
 * Learns the shared mask logits ℓ (1, D) from their initial value with Adam: each step draws fresh noise u and a fresh
 * unlabeled batch, merges θ₀ + λ Σᵢ m ⊙ τᵢ with m = concreteSample(ℓ, u, T) (rescaled per layer when s.rescale), and
 * descends the summed per-task mean entropy. Yields the mean loss and the binarized mask's density per weight tensor
 * every REPORT_EVERY steps and at the end.
 * @param logits (1, D), updated in place (the caller owns it)
 */
export async function* learnMask(be: Backend, s: MergeSetup, pool: UnlabeledPool, logits: Tensor, o: { steps: number; lr: number; lambda: number; temperature: number; rng: Rng; signal: AbortSignal }): AsyncGenerator<MaskReport> {
  const D = s.T.cols;
  const sizes = s.mlp.weightShapes.map((w) => w.rows * w.cols);
  const lambdaRows = be.keep(be.tidy(() => expandLambdas(be, be.fill({ rows: s.T.rows, cols: s.E.rows }, o.lambda), s.E)));
  const optimizer = createOptimizer(be, { kind: 'adam', lr: o.lr });
  const step = () => {
    const u = be.upload(uniformNoise(o.rng, D), { rows: 1, cols: D });
    const mask = preparedMask(be, s, concreteSample(be, logits, u, o.temperature), o.temperature);
    const { loss, dTheta } = entropyLossAndGrad(be, s, pool.batch(o.rng), mask.scaled, lambdaRows, pool.perTask);
    optimizer.step([logits], [mask.backward(maskGrad(be, s, lambdaRows, dTheta))]);
    return loss;
  };
  try {
    for await (const r of reportingLoop(be, o.steps, o.signal, step, () => be.matmul(binarizeLogits(be, logits), s.E, { transB: true }))) {
      yield { step: r.step, loss: r.loss, density: sizes.map((n, j) => r.values[j] / n) };
    }
  } finally {
    be.dispose(lambdaRows);
    optimizer.dispose();
  }
}

/**
 * AdaMerging (layer-wise): learns λ (k, S), one per task and weight tensor, from their initial value with Adam on the
 * same entropy, clamped to [0, 1], the mask held fixed (all ones for plain AdaMerging, the binarized Concrete mask for
 * the paper's method). Yields the mean loss and λ every REPORT_EVERY steps and at the end.
 * @param lambdas (k, S), updated in place (the caller owns it); mask (1, D)
 */
export async function* learnLambdas(be: Backend, s: MergeSetup, pool: UnlabeledPool, mask: Tensor, lambdas: Tensor, o: { steps: number; lr: number; rng: Rng; signal: AbortSignal }): AsyncGenerator<LambdaReport> {
  const k = s.T.rows, S = s.E.rows;
  const optimizer = createOptimizer(be, { kind: 'adam', lr: o.lr });
  const step = () => {
    const { loss, dTheta } = entropyLossAndGrad(be, s, pool.batch(o.rng), mask, expandLambdas(be, lambdas, s.E), pool.perTask);
    optimizer.step([lambdas], [lambdaGrad(be, s, mask, dTheta)]);
    // AdaMerging keeps every λ in [0, 1]: entropy alone would grow λ without bound (larger logits, surer predictions)
    copySegment(be, be.elementwise('clamp', lambdas, null, 0, 1), 0, lambdas, 0, k * S);
    return loss;
  };
  try {
    for await (const r of reportingLoop(be, o.steps, o.signal, step, () => lambdas)) {
      yield { step: r.step, loss: r.loss, lambdas: Array.from({ length: k }, (_, i) => Array.from(r.values.subarray(i * S, (i + 1) * S))) };
    }
  } finally {
    optimizer.dispose();
  }
}
