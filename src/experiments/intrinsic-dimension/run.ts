// The intrinsic-dimension run: full training of a digits MLP, then the same net trained only in random d-dim subspaces.
import type { Backend, Tensor } from '../../engine/backend';
import { loadDigits } from '../../data/datasets';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { splitDigits } from '../../learn/digitsSplit';
import { DenseParameterization, type Parameterization } from '../../learn/parameterization';
import { RandomSubspaceParameterization } from '../../learn/randomSubspace';
import { createProjection, type ProjectionKind } from '../../learn/subspaceProjections';
import { createOptimizer, type OptimizerConfig } from '../../learn/optimizers';
import { Trainer, uploadDataset, type DeviceDataset } from '../../learn/trainer';
import type { Metrics, Progress, RunContext } from '../framework/types';
import type { IntrinsicDimensionConfig } from './schema';
import { intrinsicDimension, interpolatedIntrinsicDimension } from './sweep';
import { runToy, type ToyResult } from './toyRun';

type Curve = { step: number[]; loss: number[]; testAccuracy: number[] };
type Setting = { be: Backend; mlp: Mlp; train: DeviceDataset; test: DeviceDataset; config: IntrinsicDimensionConfig; signal: AbortSignal };

function optimizerConfig(config: IntrinsicDimensionConfig, lr: number): OptimizerConfig {
  return config.optimizer === 'sgd' ? { kind: 'sgd', lr, momentum: 0.9 } : { kind: 'adam', lr };
}

type RunResult = { testAccuracy: number; testLoss: number; trainLoss: number; readbacksPerStep: number };

/**
 * Trains `param` (then frees it), yielding the curve so far at every report and filling `result` at the end.
 * Consumed with for-await, so a cancelled run still closes it and frees its tensors.
 */
async function* trainRun(s: Setting, param: Parameterization, lr: number, seed: number, curve: Curve, result: RunResult): AsyncGenerator<Curve> {
  const optimizer = createOptimizer(s.be, optimizerConfig(s.config, lr));
  const batchSize = Math.min(s.config.batchSize, s.train.n);
  const trainer = new Trainer(s.be, s.mlp, param, optimizer, s.train, { batchSize, seed, reportEvery: s.config.reportEvery, test: s.test });
  try {
    for await (const r of trainer.run(s.config.steps, s.signal)) {
      curve.step.push(r.step);
      curve.loss.push(r.loss);
      curve.testAccuracy.push(r.testAccuracy!);
      Object.assign(result, { testAccuracy: r.testAccuracy!, testLoss: r.testLoss!, trainLoss: r.loss });
      yield curve;
    }
    result.readbacksPerStep = trainer.readbacksPerStep();
  } finally {
    trainer.dispose();
    optimizer.dispose();
    param.dispose();
  }
}

const emptyResult = (): RunResult => ({ testAccuracy: 0, testLoss: 0, trainLoss: 0, readbacksPerStep: 0 });

function uploadWeights(be: Backend, mlp: Mlp, values: Float64Array[]): Tensor[] {
  return mlp.weightShapes.map((s, i) => be.keep(be.upload(values[i], s)));
}

export async function* runIntrinsicDimension(config: IntrinsicDimensionConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const started = performance.now();
  const digits = splitDigits(await loadDigits(ctx.data), { testFraction: config.testFraction, seed: config.seed, trainPerClass: config.trainPerClass || undefined });
  const mlp = new Mlp([digits.features, config.hidden, digits.classes], config.activation as 'relu' | 'gelu' | 'tanh');
  const D = mlp.parameterCount();
  const dValues = [...new Set(config.dValues.map(Number))].filter((d) => d <= D).sort((a, b) => a - b);
  const toyDs = config.toy ? [...new Set(config.toyDValues.map(Number))].sort((a, b) => a - b) : [];
  const total = 1 + dValues.length + toyDs.length;
  // θ₀ is shared by every run, so the runs differ only in the subspace they may move in.
  const theta0 = mlp.initialWeights(ctx.rng);
  const projectionRng: Rng = ctx.rng.fork();
  // The toy draws from a stream of its own seeded by the config's seed alone, so it is the same whatever the MLP.
  const toyRng = new Rng((Math.imul(config.seed, 0x9e3779b1) ^ 0x746f79) >>> 0);
  const train = uploadDataset(be, digits.trainX, digits.trainY, digits.features);
  const test = uploadDataset(be, digits.testX, digits.testY, digits.features);
  const setting: Setting = { be, mlp, train, test, config, signal: ctx.signal };
  const summary: Metrics = { D, n_train: digits.nTrain, n_test: digits.nTest, d_int90: -1, d_int90_interpolated: -1, d_values: [], accuracy: [], train_loss: [] };
  const accuracies: number[] = [];
  const doneDs: number[] = [];
  const trainLosses: number[] = [];
  const readbackRates: number[] = [];
  try {
    // 1. every parameter trains
    const fullCurve: Curve = { step: [], loss: [], testAccuracy: [] };
    const full = emptyResult();
    for await (const curve of trainRun(setting, new DenseParameterization(be, uploadWeights(be, mlp, theta0)), config.lr, config.seed, fullCurve, full)) {
      yield { step: 0, total, metrics: { ...summary, stage: 'full', full_steps: curve.step, full_loss: curve.loss, full_test_accuracy: curve.testAccuracy } };
    }
    if (ctx.signal.aborted) return;
    readbackRates.push(full.readbacksPerStep);
    Object.assign(summary, { full_accuracy: full.testAccuracy, full_loss_final: full.trainLoss, full_steps: fullCurve.step, full_loss: fullCurve.loss, full_test_accuracy: fullCurve.testAccuracy });
    yield { step: 1, total, metrics: { ...summary, stage: 'full' } };

    // 2. only d coordinates train, θ = θ₀ + P·z
    for (const [k, d] of dValues.entries()) {
      const curve: Curve = { step: [], loss: [], testAccuracy: [] };
      const weights = uploadWeights(be, mlp, theta0);
      let param: Parameterization;
      try {
        param = new RandomSubspaceParameterization(be, weights, createProjection(be, projectionRng, config.projection as ProjectionKind, d, D));
      } finally {
        for (const w of weights) be.dispose(w);
      }
      const result = emptyResult();
      for await (const c of trainRun(setting, param, config.subspaceLr, config.seed + k + 1, curve, result)) {
        yield { step: 1 + k, total, metrics: { ...summary, stage: 'subspace', current_d: d, current_steps: c.step, current_loss: c.loss, current_test_accuracy: c.testAccuracy } };
      }
      if (ctx.signal.aborted) return;
      doneDs.push(d);
      accuracies.push(result.testAccuracy);
      trainLosses.push(result.trainLoss);
      readbackRates.push(result.readbacksPerStep);
      Object.assign(summary, {
        d_values: [...doneDs], accuracy: [...accuracies], train_loss: [...trainLosses],
        d_int90: intrinsicDimension(doneDs, accuracies, full.testAccuracy, config.threshold),
        d_int90_interpolated: interpolatedIntrinsicDimension(doneDs, accuracies, full.testAccuracy, config.threshold),
      });
      yield { step: 2 + k, total, metrics: { ...summary, stage: 'subspace', current_d: d, current_steps: curve.step, current_loss: curve.loss, current_test_accuracy: curve.testAccuracy } };
    }

    // 3. the toy, whose answer is known
    let toy: ToyResult | null = null;
    for await (const t of runToy(be, toyDs, config.toySteps, toyRng, ctx.signal)) {
      toy = t;
      Object.assign(summary, { toy_d_values: t.dValues, toy_loss: t.loss, toy_floor: t.floor, toy_initial_loss: t.initialLoss, toy_d_int: t.dInt, toy_d_int_floor: t.dIntFloor, toy_condition: t.condition, toy_steps: t.stepsTaken });
      yield { step: 1 + dValues.length + t.dValues.length, total, metrics: { ...summary, stage: 'toy' } };
    }
    if (ctx.signal.aborted) return;
    yield {
      step: total,
      total,
      metrics: {
        ...summary,
        stage: 'done',
        toy_ran: toy ? 1 : 0,
        readbacks_per_step: readbackRates.length ? Math.max(...readbackRates) : 0,
        wall_seconds: (performance.now() - started) / 1000,
      },
    };
  } finally {
    train.dispose();
    test.dispose();
  }
}
