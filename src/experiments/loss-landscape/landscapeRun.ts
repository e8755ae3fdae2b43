// One training run of the loss-landscape page (SGD or SAF): epochs with λ_max tracking, then its slices.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import type { Mlp } from '../../learn/mlp';
import { createOptimizer } from '../../learn/optimizers';
import { flatten, getFlat } from '../../learn/flatParams';
import { copySegment } from '../../learn/gatherKernels';
import { enqueuePowerIteration, MlpHessian } from '../../learn/hessian';
import type { DeviceDataset } from '../../learn/trainer';
import type { LossLandscapeConfig } from './schema';
import { TrajectoryTrainer, type SafOptions } from './trajectoryTrainer';
import { filterNormalize, trajectoryPca } from './directions';
import { gridCoefficients, linspace, sliceLosses } from './slices';

export type LandscapeData = { train: DeviceDataset; test: DeviceDataset; hessian: DeviceDataset; slice: DeviceDataset };

/** What one run has measured so far (per-epoch arrays grow as it trains). */
export type RunRecord = {
  loss: number[];
  testLoss: number[];
  testAccuracy: number[];
  trajectoryLoss: number[];
  lambdaEpochs: number[];
  lambda: number[];
  /** Relative change of the Rayleigh quotient over the last power iteration: a convergence gauge. */
  powerGap: number;
  slice1d?: number[];
  random2d?: number[][];
  pca?: { xs: number[]; ys: number[]; z: number[][]; trajX: number[]; trajY: number[]; explained: [number, number] };
  /** Training readbacks (one per epoch, λ_max included) and steps so far. */
  readbacks: number;
  steps: number;
};

/** Rows of a β-major grid of values as a matrix z[j][i] (plotly's contour/surface layout). */
function asRows(values: number[], cols: number): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < values.length; k += cols) out.push(values.slice(k, k + cols));
  return out;
}

/**
 * Trains from θ₀ (same batches for every run), yielding the record after each epoch; then evaluates its slices:
 * 1-D and 2-D along filter-normalized random directions (`raw` Gaussians, shared by runs) and 2-D in the PCA plane.
 */
export async function* landscapeRun(
  be: Backend, mlp: Mlp, theta0: Float64Array[], data: LandscapeData, config: LossLandscapeConfig,
  saf: SafOptions | null, raw: [Float64Array, Float64Array], powerRng: Rng, signal: AbortSignal,
): AsyncGenerator<RunRecord, RunRecord | null> {
  const D = mlp.parameterCount();
  const E = config.epochs;
  const rec: RunRecord = { loss: [], testLoss: [], testAccuracy: [], trajectoryLoss: [], lambdaEpochs: [], lambda: [], powerGap: NaN, readbacks: 0, steps: 0 };
  const weights = mlp.init(be, powerRng, theta0);
  const optimizer = createOptimizer(be, { kind: 'sgd', lr: config.lr, momentum: config.momentum });
  const trainer = new TrajectoryTrainer(be, mlp, weights, optimizer, data.train, { batchSize: config.batchSize, seed: config.seed, saf, test: data.test });
  const snapshots = be.keep(be.fill({ rows: E + 1, cols: D }, 0));
  const snapshot = (e: number) => be.tidy(() => copySegment(be, flatten(be, weights), 0, snapshots, e * D, D));
  let vector: Tensor | null = null;
  const owned: Tensor[] = [];
  try {
    snapshot(0);
    for (let e = 1; e <= E; e++) {
      if (!trainer.enqueueEpoch(signal)) return null;
      snapshot(e);
      // λ_max on the fixed Hessian batch, warm-started; its history rides along in the epoch's one readback
      let history: Tensor | null = null;
      if (e % config.hessianEvery === 0 || e === E) {
        const hessian = new MlpHessian(be, mlp, weights, data.hessian.X, data.hessian.y);
        try {
          const p = enqueuePowerIteration(be, hessian, { iterations: config.powerIters, start: vector ?? undefined, rng: powerRng });
          if (vector) be.dispose(vector);
          vector = p.vector;
          history = p.history;
        } finally {
          hessian.dispose();
        }
      }
      let r;
      try {
        r = await trainer.report(history ?? undefined);
      } finally {
        if (history) be.dispose(history);
      }
      rec.loss.push(r.loss);
      rec.testLoss.push(r.testLoss!);
      rec.testAccuracy.push(r.testAccuracy!);
      rec.trajectoryLoss.push(r.trajectoryLoss);
      const h = r.extra;
      if (h.length) {
        rec.lambdaEpochs.push(e);
        rec.lambda.push(h[h.length - 1]);
        rec.powerGap = h.length > 1 ? Math.abs(h[h.length - 1] - h[h.length - 2]) / Math.max(1e-12, Math.abs(h[h.length - 1])) : NaN;
      }
      rec.readbacks = trainer.readbacks;
      rec.steps = trainer.steps;
      yield rec;
      if (signal.aborted) return null;
    }

    // slices around the trained point θ⋆
    const theta = await getFlat(be, weights);
    const thetaRow = be.keep(be.upload(theta, { rows: 1, cols: D }));
    owned.push(thetaRow);
    const d1 = filterNormalize(raw[0], theta, mlp.weightShapes);
    const d2 = filterNormalize(raw[1], theta, mlp.weightShapes);
    const random = be.keep(be.upload([...d1, ...d2], { rows: 2, cols: D }));
    owned.push(random);
    const alphas = linspace(-config.range, config.range, config.points1d);
    rec.slice1d = (await sliceLosses(be, mlp, thetaRow, random, gridCoefficients(alphas, [0]), data.slice)).loss;
    const axis = linspace(-config.range, config.range, config.grid);
    rec.random2d = asRows((await sliceLosses(be, mlp, thetaRow, random, gridCoefficients(axis, axis), data.slice)).loss, axis.length);
    yield rec;
    if (signal.aborted) return null;

    const pca = await trajectoryPca(await be.read(snapshots), D, mlp.weightShapes);
    const span = (v: number[]) => {
      const lo = Math.min(...v);
      const hi = Math.max(...v);
      const pad = Math.max(0.25 * (hi - lo), 1e-3);
      return linspace(lo - pad, hi + pad, config.grid);
    };
    const xs = span(pca.x);
    const ys = span(pca.y);
    const plane = be.keep(be.upload(pca.directions, { rows: 2, cols: D }));
    owned.push(plane);
    const z = asRows((await sliceLosses(be, mlp, thetaRow, plane, gridCoefficients(xs, ys), data.slice)).loss, xs.length);
    rec.pca = { xs, ys, z, trajX: pca.x, trajY: pca.y, explained: pca.explained };
    return rec;
  } finally {
    for (const t of owned) be.dispose(t);
    if (vector) be.dispose(vector);
    be.dispose(snapshots);
    trainer.dispose();
    optimizer.dispose();
    for (const w of weights) be.dispose(w);
  }
}
