// The model-merging run: θ₀ and its fine-tunes, then task arithmetic, TIES, the Concrete mask and AdaMerging, all on the backend.
import type { Tensor } from '../../engine/backend';
import { readAndDispose } from '../../engine/readback';
import { Mlp } from '../../learn/mlp';
import { copySegment } from '../../learn/gatherKernels';
import type { Metrics, Progress, RunContext } from '../framework/types';
import type { ModelMergingConfig } from './schema';
import { mixedTask, uploadTasks } from './tasks';
import { fineTuneTaskVector, pretrainTheta0 } from './fineTunes';
import { expandLambdas, maskedMerge, segmentIndicator, taskArithmetic, tiesMerge, trimThresholds } from './merges';
import { binarizeLogits, rescaleMask, uniformNoise } from './concreteMask';
import type { MergeSetup } from './entropyObjective';
import { REPORT_EVERY, UnlabeledPool, learnLambdas, learnMask } from './mergeTraining';
import { taskAccuracies, taskVectorAngles } from './evaluate';
import { binaryGaps, concreteGradientError, mergeIdentityGaps } from './checks';

/** The hidden layers' weight tensors, the ones a task vector changes (the classifier W₃, b₃ stays θ₀'s). */
export const LAYER_NAMES = ['W₁', 'b₁', 'W₂', 'b₂'];
/** Temperatures of the T → 0 check. */
export const CHECK_TEMPERATURES = [1, 0.1, 0.01, 0.001];

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;

/**
 * Yields after θ₀, after each fine-tune, after task arithmetic and TIES, every REPORT_EVERY mask and λ steps, and at the
 * end. Metrics: task_accuracy (model × task) with model_names, the headline means acc_task_arithmetic, acc_ties and
 * acc_concrete (mask + learned λ), the mask's density per layer, angles between task vectors, and the checks.
 */
export async function* runModelMerging(config: ModelMergingConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const k = config.tasks.length;
  const mlp = new Mlp([64, config.hidden, config.hidden, 10]);
  const reports = (steps: number) => Math.ceil(steps / REPORT_EVERY);
  const total = 2 + k + reports(config.maskSteps) + 2 * reports(config.adaSteps) + 1;
  let step = 0;
  const owned: Tensor[] = [];
  /** Keeps a tensor for the whole run (freed in the finally). */
  const hold = (t: Tensor) => (owned.push(be.keep(t)), t);
  const data = await uploadTasks(ctx, ['upright', ...config.tasks], config.trainPerClass, config.seed);
  const [upright, ...tasks] = data.tasks;
  let pool: UnlabeledPool | null = null;
  try {
    const names: string[] = [];
    const rows: number[][] = [];
    const m: Metrics = { tasks: config.tasks, model_names: names, task_accuracy: rows, layer_names: LAYER_NAMES };
    const record = async (name: string, theta: () => Tensor) => {
      const acc = await taskAccuracies(be, mlp, tasks, theta);
      names.push(name);
      rows.push(acc);
      return mean(acc);
    };
    const emit = (): Progress => ({ step: ++step, total, metrics: { ...m, model_names: [...names], task_accuracy: rows.map((r) => [...r]) } });

    const mixture = mixedTask(be, [upright, ...tasks]);
    const pre = await pretrainTheta0(be, mlp, mixture, { steps: config.pretrainSteps, seed: config.seed, signal: ctx.signal }).finally(() => mixture.train.dispose());
    const theta0 = hold(pre.theta0);
    const D = theta0.cols;
    m.pretrain_accuracy = pre.accuracy;
    m.acc_pretrained = await record('θ₀ (pretrained)', () => theta0);
    yield emit();

    const T = hold(be.fill({ rows: k, cols: D }, 0));
    const ownTask: number[] = [];
    for (let i = 0; i < k; i++) {
      if (ctx.signal.aborted) return;
      const tau = await fineTuneTaskVector(be, mlp, theta0, tasks[i], { steps: config.fineTuneSteps, lr: config.fineTuneLr, seed: config.seed + 1 + i, signal: ctx.signal });
      copySegment(be, tau, 0, T, i * D, D);
      await record(`fine-tuned on ${tasks[i].name}`, () => be.elementwise('add', theta0, tau));
      be.dispose(tau);
      ownTask.push(rows[rows.length - 1][i]);
      m.acc_finetuned = mean(ownTask);
      yield emit();
    }

    const sizes = mlp.weightShapes.map((w) => w.rows * w.cols);
    const E = hold(be.tidy(() => segmentIndicator(be, mlp.weightShapes)));
    const s: MergeSetup = { mlp, theta0, T, E, invSizes: hold(be.upload(sizes.map((n) => 1 / n), { rows: 1, cols: sizes.length })), rescale: config.rescaleMask };
    m.acc_task_arithmetic = await record('task arithmetic', () => taskArithmetic(be, theta0, T, config.lambda));
    const absT = await readAndDispose(be, be.tidy(() => be.elementwise('abs', T)));
    const thresholds = hold(be.upload(trimThresholds(absT, k, config.tiesTopK), { rows: k, cols: 1 }));
    m.acc_ties = await record('TIES', () => tiesMerge(be, theta0, T, thresholds, config.tiesLambda).theta);
    m.angles_before = await taskVectorAngles(be, T);
    yield emit();

    pool = new UnlabeledPool(be, tasks, config.unlabeledBatch);
    const logits = hold(be.fill({ rows: 1, cols: D }, config.initialLogit));
    const rng = ctx.rng.fork();
    const checkNoise = uniformNoise(rng, D);
    const checkU = hold(be.upload(checkNoise, { rows: 1, cols: D }));
    const checkX = hold(be.tidy(() => pool!.batch(rng)));
    m.concrete_grad_error = await concreteGradientError(be, s, checkX, logits, checkU, config.lambda, { temperature: config.temperature, perTask: config.unlabeledBatch, h: be.precision === 'f64' ? 1e-5 : 1e-2, count: 6 });
    const maskSteps: number[] = [], maskLoss: number[] = [], maskDensity: number[][] = [];
    for await (const r of learnMask(be, s, pool, logits, { steps: config.maskSteps, lr: config.maskLr, lambda: config.lambda, temperature: config.temperature, rng, signal: ctx.signal })) {
      maskSteps.push(r.step);
      maskLoss.push(r.loss);
      maskDensity.push(r.density);
      Object.assign(m, { mask_steps: maskSteps, mask_loss: maskLoss, mask_density: maskDensity });
      yield emit();
    }
    if (ctx.signal.aborted) return;

    const mask = hold(be.tidy(() => binarizeLogits(be, logits)));
    const scaledMask = s.rescale ? hold(be.tidy(() => rescaleMask(be, mask, s.E, s.invSizes).scaled)) : mask;
    const density = await readAndDispose(be, be.tidy(() => be.matmul(mask, s.E, { transB: true })));
    m.mask_density_final = mlp.weightShapes.map((w, j) => density[j] / (w.rows * w.cols));
    m.mask_kept = density.reduce((a, b) => a + b, 0) / D;
    m.angles_after = await taskVectorAngles(be, T, mask);
    const gaps = await mergeIdentityGaps(be, s, scaledMask, config.lambda);
    const binary = await binaryGaps(be, logits, checkNoise, checkU, CHECK_TEMPERATURES);
    Object.assign(m, { lambda0_gap: gaps.lambda0, ones_mask_gap: gaps.onesMask, binary_temperatures: CHECK_TEMPERATURES, binary_gap: binary.gaps, hard_mask_mismatch: binary.hardMismatch });
    const fixedLambda = hold(be.tidy(() => expandLambdas(be, be.fill({ rows: k, cols: s.E.rows }, config.lambda), s.E)));
    m.acc_concrete_ta = await record('Concrete mask, λ fixed', () => maskedMerge(be, theta0, T, scaledMask, fixedLambda));

    const ones = hold(be.fill({ rows: 1, cols: D }, 1));
    for (const [withMask, name] of [[ones, 'AdaMerging (no mask)'], [scaledMask, 'Concrete mask + AdaMerging']] as const) {
      const lambdas = hold(be.fill({ rows: k, cols: s.E.rows }, config.lambda));
      const key = withMask === scaledMask ? 'concrete_ada' : 'ada';
      const losses: number[] = [], steps: number[] = [];
      for await (const r of learnLambdas(be, s, pool, withMask, lambdas, { steps: config.adaSteps, lr: config.adaLr, rng, signal: ctx.signal })) {
        losses.push(r.loss);
        steps.push(r.step);
        Object.assign(m, { [`${key}_loss`]: losses, [`${key}_steps`]: steps, [`${key}_lambdas`]: r.lambdas });
        yield emit();
      }
      if (ctx.signal.aborted) return;
      const acc = await record(name, () => maskedMerge(be, theta0, T, withMask, expandLambdas(be, lambdas, s.E)));
      m[withMask === scaledMask ? 'acc_concrete' : 'acc_adamerging'] = acc;
    }
    yield emit();
  } finally {
    pool?.dispose();
    for (const t of owned) be.dispose(t);
    data.dispose();
  }
}
