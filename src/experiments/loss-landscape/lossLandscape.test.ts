// The loss-landscape page's checks on the float64 backend: SAF at λ = 0 is SGD bit for bit; slices; directions.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { loadDigits } from '../../data/datasets';
import { nodeSource } from '../../data/nodeSource';
import { Mlp } from '../../learn/mlp';
import { splitDigits } from '../../learn/digitsSplit';
import { createOptimizer } from '../../learn/optimizers';
import { DenseParameterization } from '../../learn/parameterization';
import { Trainer, uploadDataset } from '../../learn/trainer';
import { getFlat, setFlat } from '../../learn/flatParams';
import { runExperimentForTest } from '../framework/runForTest';
import { TrajectoryTrainer } from './trajectoryTrainer';
import { filterNormalize, matrixMask, trajectoryPca } from './directions';
import { gridCoefficients, sliceLosses } from './slices';

async function digitsSetting(be: CpuBackend, perClass: number) {
  const d = splitDigits(await loadDigits(nodeSource), { testFraction: 0.2, seed: 3, trainPerClass: perClass });
  return { d, train: uploadDataset(be, d.trainX, d.trainY, d.features) };
}

describe('loss-landscape experiment (cpu, float64)', () => {
  it('SAF with λ = 0 reproduces the engine’s plain SGD Trainer exactly (losses and weights, bitwise)', async () => {
    const be = new CpuBackend();
    const { train } = await digitsSetting(be, 20); // 200 samples, 10 batches of 20 per epoch
    const mlp = new Mlp([64, 8, 10]);
    const theta0 = mlp.initialWeights(new Rng(9));
    const sgd = { kind: 'sgd' as const, lr: 0.1, momentum: 0.9 };
    const plainParam = new DenseParameterization(be, mlp.init(be, new Rng(0), theta0));
    const plainOpt = createOptimizer(be, sgd);
    const plain = new Trainer(be, mlp, plainParam, plainOpt, train, { batchSize: 20, seed: 4, reportEvery: 10 });
    const plainLosses: number[] = [];
    for await (const r of plain.run(50)) plainLosses.push(r.loss);
    const runSaf = async (lambda: number) => {
      const weights = mlp.init(be, new Rng(0), theta0);
      const opt = createOptimizer(be, sgd);
      const t = new TrajectoryTrainer(be, mlp, weights, opt, train, { batchSize: 20, seed: 4, saf: { lambda, tau: 5, lag: 1, startEpoch: 0 } });
      const losses: number[] = [];
      const kl: number[] = [];
      for (let e = 0; e < 5; e++) {
        const r = (await t.epoch())!;
        losses.push(r.loss);
        kl.push(r.trajectoryLoss);
      }
      const theta = await getFlat(be, weights);
      t.dispose();
      opt.dispose();
      for (const w of weights) be.dispose(w);
      return { losses, kl, theta };
    };
    const zero = await runSaf(0);
    const plainTheta = await getFlat(be, plainParam.params);
    console.log(`SAF λ=0 vs SGD: losses ${JSON.stringify(zero.losses.map((v) => +v.toPrecision(6)))}; trajectory loss (computed, weight 0) ${JSON.stringify(zero.kl.map((v) => +v.toPrecision(3)))}`);
    // the trajectory term was computed from epoch 1 on (weight 0), so the λ = 0 path was exercised
    expect(zero.kl[0]).toBe(0);
    for (const v of zero.kl.slice(1)) expect(v).toBeGreaterThan(0);
    expect(zero.losses).toEqual(plainLosses);
    expect(zero.theta.length).toBe(plainTheta.length);
    for (let i = 0; i < plainTheta.length; i++) if (zero.theta[i] !== plainTheta[i]) throw new Error(`θ[${i}]: SAF(λ=0) ${zero.theta[i]} vs SGD ${plainTheta[i]}`);
    // and a positive weight does change the run
    const half = await runSaf(0.5);
    expect(half.losses[0]).toBe(plainLosses[0]);
    expect(half.losses[4]).not.toBe(plainLosses[4]);
    plain.dispose();
    plainOpt.dispose();
    plainParam.dispose();
    train.dispose();
    expect(be.liveTensors()).toBe(0);
  }, 120_000);

  it('batched slice evaluation equals evaluating each point on its own', async () => {
    const be = new CpuBackend();
    const { train } = await digitsSetting(be, 6);
    const mlp = new Mlp([64, 7, 10], 'tanh');
    const rng = new Rng(2);
    const weights = mlp.init(be, rng);
    const theta = await getFlat(be, weights);
    const D = theta.length;
    const dirs = [Float64Array.from(rng.normals(D)), Float64Array.from(rng.normals(D))];
    const thetaRow = be.upload(theta, { rows: 1, cols: D });
    const dirT = be.upload([...dirs[0], ...dirs[1]], { rows: 2, cols: D });
    const coeff = gridCoefficients([-0.5, 0, 0.25], [0, 0.7]);
    // maxActivations small enough to force several chunks
    const got = await sliceLosses(be, mlp, thetaRow, dirT, coeff, train, 3 * train.n * 10);
    for (let g = 0; g < coeff.length / 2; g++) {
      setFlat(be, weights, theta.map((t, i) => t + coeff[2 * g] * dirs[0][i] + coeff[2 * g + 1] * dirs[1][i]));
      const stats = be.tidy(() => be.view(be.reduce('sum', mlp.rowStats(be, weights, train.X, train.y), 'perCol')).slice());
      expect(Math.abs(got.loss[g] - stats[0] / train.n)).toBeLessThan(1e-12);
      expect(got.accuracy[g]).toBe(stats[1] / train.n);
    }
    for (const t of [...weights, thetaRow, dirT]) be.dispose(t);
    train.dispose();
    expect(be.liveTensors()).toBe(0);
  }, 120_000);

  it('filter normalization: each direction row has its weight row’s norm; biases are zero', () => {
    const mlp = new Mlp([5, 4, 3]);
    const rng = new Rng(1);
    const theta = Float64Array.from(mlp.initialWeights(rng).flatMap((w) => Array.from(w)));
    const d = filterNormalize(rng.normals(theta.length), theta, mlp.weightShapes);
    let offset = 0;
    for (const s of mlp.weightShapes) {
      for (let i = 0; i < s.rows; i++) {
        const row = (v: ArrayLike<number>) => Math.hypot(...Array.from({ length: s.cols }, (_, j) => v[offset + i * s.cols + j]));
        if (s.role === 'matrix') expect(Math.abs(row(d) - row(theta))).toBeLessThan(1e-9);
        else expect(row(d)).toBe(0);
      }
      offset += s.rows * s.cols;
    }
    expect(Array.from(matrixMask(mlp.weightShapes)).filter((v) => v === 1).length).toBe(5 * 4 + 4 * 3);
  }, 120_000);

  it('trajectory PCA: orthonormal directions without bias entries; a nearly straight path is one direction', async () => {
    const mlp = new Mlp([3, 4, 2]);
    const D = mlp.parameterCount();
    const rng = new Rng(3);
    const u = rng.normals(D);
    const w = rng.normals(D);
    const T = 6;
    const snapshots = new Float64Array((T + 1) * D);
    for (let t = 0; t <= T; t++) for (let j = 0; j < D; j++) snapshots[t * D + j] = (T - t) * u[j] + 0.05 * Math.sin(t) * w[j];
    const pca = await trajectoryPca(snapshots, D, mlp.weightShapes);
    const dot = (a: number, b: number) => Array.from({ length: D }, (_, j) => pca.directions[a * D + j] * pca.directions[b * D + j]).reduce((x, y) => x + y, 0);
    expect(Math.abs(dot(0, 0) - 1)).toBeLessThan(1e-12);
    expect(Math.abs(dot(1, 1) - 1)).toBeLessThan(1e-12);
    expect(Math.abs(dot(0, 1))).toBeLessThan(1e-12);
    const mask = matrixMask(mlp.weightShapes);
    for (let j = 0; j < D; j++) if (!mask[j]) expect(pca.directions[j]).toBe(0);
    expect(pca.explained[0]).toBeGreaterThan(0.99);
    expect([pca.x[T], pca.y[T]]).toEqual([0, 0]);
  }, 120_000);

  it('quick preset: both runs, λ_max tracked, slices and PCA plane, nothing leaked', async () => {
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('loss-landscape', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    const a = (k: string) => m[k] as number[];
    const c = config as { epochs: number; safStart: number; safLag: number; points1d: number; grid: number };
    expect(m.lambda_max).toBe(m.lambda_max_sgd);
    expect(m.lambda_max as number).toBeGreaterThan(0);
    expect(m.lambda_max_saf as number).toBeGreaterThan(0);
    expect(a('loss_sgd').length).toBe(c.epochs);
    // before SAF's first active epoch the two runs are the same run
    const firstActive = Math.max(c.safStart + 1, c.safLag);
    expect(a('loss_saf').slice(0, firstActive)).toEqual(a('loss_sgd').slice(0, firstActive));
    expect(a('loss_saf')[firstActive]).not.toBe(a('loss_sgd')[firstActive]);
    expect(a('trajectory_loss_saf')[firstActive]).toBeGreaterThan(0);
    expect(a('slice1d_sgd').length).toBe(c.points1d);
    expect((m.random2d_saf as number[][]).length).toBe(c.grid);
    const tx = a('traj_x_sgd');
    expect(tx.length).toBe(c.epochs + 1);
    expect(tx[tx.length - 1]).toBe(0);
    const explained = a('pca_explained_sgd');
    expect(explained[0] + explained[1]).toBeLessThanOrEqual(1 + 1e-12);
    expect(explained[0]).toBeGreaterThan(0.5);
    expect(m.readbacks_per_step as number).toBeLessThanOrEqual(0.1);
    const plots = meta.plots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['loss-curves', 'sharpness', 'slice-1d', 'pca-sgd', 'pca-saf', 'surface']);
  }, 120_000);
});
