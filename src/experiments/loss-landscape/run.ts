// The loss-landscape run: SGD and SAF from one start on digits, λ_max over training, slices around each minimum.
import { loadDigits } from '../../data/datasets';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { splitDigits } from '../../learn/digitsSplit';
import { uploadDataset } from '../../learn/trainer';
import type { Metrics, Progress, RunContext } from '../framework/types';
import type { LossLandscapeConfig } from './schema';
import { landscapeRun, type LandscapeData, type RunRecord } from './landscapeRun';
import type { SafOptions } from './trajectoryTrainer';
import { linspace } from './slices';

const RUNS = ['sgd', 'saf'] as const;

/** The metrics of one run, suffixed with its id. */
function runMetrics(id: string, r: RunRecord): Metrics {
  const m: Metrics = {
    [`loss_${id}`]: r.loss, [`test_loss_${id}`]: r.testLoss, [`test_accuracy_${id}`]: r.testAccuracy,
    [`lambda_epochs_${id}`]: r.lambdaEpochs, [`lambda_${id}`]: r.lambda,
  };
  if (id === 'saf') m.trajectory_loss_saf = r.trajectoryLoss;
  if (r.loss.length) {
    m[`final_loss_${id}`] = r.loss[r.loss.length - 1];
    m[`final_test_accuracy_${id}`] = r.testAccuracy[r.testAccuracy.length - 1];
  }
  if (r.lambda.length) {
    m[`lambda_max_${id}`] = r.lambda[r.lambda.length - 1];
    m[`power_gap_${id}`] = r.powerGap;
  }
  if (r.slice1d) {
    m[`slice1d_${id}`] = r.slice1d;
    // how far the filter-normalized 1-D slice rises above its floor, on average: a scale-free flatness gauge
    m[`slice_rise_${id}`] = r.slice1d.reduce((s, v) => s + v, 0) / r.slice1d.length - Math.min(...r.slice1d);
  }
  if (r.random2d) m[`random2d_${id}`] = r.random2d;
  if (r.pca) {
    Object.assign(m, {
      [`pca_xs_${id}`]: r.pca.xs, [`pca_ys_${id}`]: r.pca.ys, [`pca2d_${id}`]: r.pca.z,
      [`traj_x_${id}`]: r.pca.trajX, [`traj_y_${id}`]: r.pca.trajY, [`pca_explained_${id}`]: r.pca.explained,
    });
  }
  return m;
}

export async function* runLossLandscape(config: LossLandscapeConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const started = performance.now();
  const digits = splitDigits(await loadDigits(ctx.data), { testFraction: config.testFraction, seed: config.seed, trainPerClass: config.trainPerClass || undefined });
  const F = digits.features;
  const B = Math.min(config.batchSize, digits.nTrain);
  // SAF records every sample once per epoch, so the set is trimmed to whole batches (for both runs alike)
  const n = Math.floor(digits.nTrain / B) * B;
  const mlp = new Mlp([F, config.hidden, digits.classes], config.activation as 'relu' | 'tanh');
  const D = mlp.parameterCount();
  const theta0 = mlp.initialWeights(ctx.rng);
  const raw: [Float64Array, Float64Array] = [Float64Array.from(ctx.rng.normals(D)), Float64Array.from(ctx.rng.normals(D))];
  const powerSeed = ctx.rng.uint32();
  const head = (count: number) => Math.min(n, count);
  const data: LandscapeData = {
    train: uploadDataset(be, digits.trainX.subarray(0, n * F), digits.trainY.subarray(0, n), F),
    test: uploadDataset(be, digits.testX, digits.testY, F),
    hessian: uploadDataset(be, digits.trainX.subarray(0, head(config.hessianSamples) * F), digits.trainY.subarray(0, head(config.hessianSamples)), F),
    slice: uploadDataset(be, digits.trainX.subarray(0, head(config.evalSamples) * F), digits.trainY.subarray(0, head(config.evalSamples)), F),
  };
  const saf: SafOptions = { lambda: config.safLambda, tau: config.safTau, lag: config.safLag, startEpoch: config.safStart };
  const E = config.epochs;
  const total = RUNS.length * (E + 2);
  const summary: Metrics = {
    D, n_train: n, n_test: digits.nTest, steps_per_epoch: n / B,
    epoch: Array.from({ length: E }, (_, i) => i + 1),
    slice_alpha: linspace(-config.range, config.range, config.points1d),
    grid_axis: linspace(-config.range, config.range, config.grid),
  };
  let readbacks = 0;
  let steps = 0;
  try {
    for (const [k, id] of RUNS.entries()) {
      const run = landscapeRun(be, mlp, theta0, data, config, id === 'saf' ? saf : null, raw, new Rng(powerSeed), ctx.signal);
      let step = k * (E + 2);
      let next = await run.next();
      while (!next.done) {
        Object.assign(summary, runMetrics(id, next.value), { stage: id });
        yield { step: ++step, total, metrics: { ...summary } };
        next = await run.next();
      }
      const rec = next.value;
      if (!rec || ctx.signal.aborted) return;
      Object.assign(summary, runMetrics(id, rec));
      readbacks += rec.readbacks;
      steps += rec.steps;
      yield { step: (k + 1) * (E + 2), total, metrics: { ...summary } };
    }
    const sgd = summary.lambda_max_sgd as number;
    const safLambda = summary.lambda_max_saf as number;
    yield {
      step: total,
      total,
      metrics: {
        ...summary,
        stage: 'done',
        // the headline number: the plain-SGD minimum's sharpness (SAF's is lambda_max_saf)
        lambda_max: sgd,
        sharpness_ratio: safLambda / sgd,
        readbacks_per_step: steps ? readbacks / steps : 0,
        wall_seconds: (performance.now() - started) / 1000,
      },
    };
  } finally {
    for (const d of Object.values(data)) d.dispose();
  }
}
