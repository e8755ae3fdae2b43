// Random-subspace training: the projections' scaling and adjoints, and d = D with P = I reproducing full training.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { loadDigits } from '../data/datasets';
import { nodeSource } from '../data/nodeSource';
import { Mlp } from './mlp';
import { DenseParameterization, type Parameterization } from './parameterization';
import { RandomSubspaceParameterization } from './randomSubspace';
import { createProjection } from './subspaceProjections';
import { fwht } from './fastfoodKernels';
import { createOptimizer, type OptimizerConfig } from './optimizers';
import { Trainer, uploadDataset, type TrainReport } from './trainer';
import { splitDigits } from './digitsSplit';
import { flatten } from './flatParams';

const be = new CpuBackend();

/** P as a dense D×d host matrix, column j = P·e_j. */
function materialize(kind: 'gaussian' | 'unit' | 'fastfood', d: number, D: number): { P: Float64Array; dispose: () => void; transposeOf: (y: number[]) => Float64Array } {
  const proj = createProjection(be, new Rng(3), kind, d, D);
  const P = new Float64Array(D * d);
  for (let j = 0; j < d; j++) {
    const e = new Float64Array(d);
    e[j] = 1;
    const col = be.tidy(() => be.view(proj.project(be.upload(e, { rows: d, cols: 1 }))).slice());
    for (let i = 0; i < D; i++) P[i * d + j] = col[i];
  }
  return { P, dispose: () => proj.dispose(), transposeOf: (y) => be.tidy(() => be.view(proj.projectTranspose(be.upload(y, { rows: D, cols: 1 }))).slice()) };
}

describe('subspace projections', () => {
  it('FWHT: H·e₀ is all ones and H·H = L·I', () => {
    const L = 16;
    const x = new Rng(1).normals(2 * L);
    const t = be.upload(x, { batch: 2, rows: L, cols: 1 });
    const hh = be.tidy(() => be.view(fwht(be, fwht(be, t))).slice());
    hh.forEach((v, i) => expect(v).toBeCloseTo(L * x[i], 10));
    const e0 = be.tidy(() => be.view(fwht(be, be.upload([1, 0, 0, 0, 0, 0, 0, 0], { rows: 8, cols: 1 }))).slice());
    expect(Array.from(e0)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    be.dispose(t);
  });

  for (const kind of ['gaussian', 'unit', 'fastfood'] as const) {
    it(`${kind}: Pᵀ is the adjoint of P, and the columns are scaled as documented`, () => {
      const [d, D] = [6, 300];
      const { P, dispose, transposeOf } = materialize(kind, d, D);
      const y = Array.from(new Rng(4).normals(D));
      const expected = new Float64Array(d);
      for (let i = 0; i < D; i++) for (let j = 0; j < d; j++) expected[j] += P[i * d + j] * y[i];
      transposeOf(y).forEach((v, j) => expect(v).toBeCloseTo(expected[j], 10));
      const norms2 = Array.from({ length: d }, (_, j) => { let s = 0; for (let i = 0; i < D; i++) s += P[i * d + j] ** 2; return s; });
      const mean = norms2.reduce((a, v) => a + v, 0) / d;
      if (kind === 'unit') norms2.forEach((n) => expect(n).toBeCloseTo(1, 12));
      if (kind === 'gaussian') expect(mean / D).toBeGreaterThan(0.85);
      if (kind === 'gaussian') expect(mean / D).toBeLessThan(1.15);
      // Fastfood's official scaling gives columns of about unit length (exactly so on average over B, Π, G)
      if (kind === 'fastfood') expect(mean).toBeGreaterThan(0.7);
      if (kind === 'fastfood') expect(mean).toBeLessThan(1.3);
      dispose();
    });
  }
});

describe('training in a subspace', () => {
  async function trajectory(make: (w: ReturnType<Mlp['init']>) => Parameterization, config: OptimizerConfig) {
    const digits = splitDigits(await loadDigits(nodeSource), { testFraction: 0.2, seed: 1, trainPerClass: 30 });
    const mlp = new Mlp([64, 12, 10], 'relu');
    const train = uploadDataset(be, digits.trainX, digits.trainY, 64);
    const test = uploadDataset(be, digits.testX, digits.testY, 64);
    const weights = mlp.init(be, new Rng(7));
    const param = make(weights);
    const optimizer = createOptimizer(be, config);
    const trainer = new Trainer(be, mlp, param, optimizer, train, { batchSize: 16, seed: 3, reportEvery: 10, test });
    const reports: TrainReport[] = [];
    for await (const r of trainer.run(60)) reports.push(r);
    const theta = be.tidy(() => be.view(flatten(be, param.weights())).slice());
    const readbacks = trainer.readbacks;
    trainer.dispose();
    optimizer.dispose();
    param.dispose();
    train.dispose();
    test.dispose();
    return { reports, theta, readbacks };
  }

  for (const config of [{ kind: 'sgd', lr: 0.1, momentum: 0.9 }, { kind: 'adam', lr: 0.01 }] as OptimizerConfig[]) {
    it(`d = D with P = I reproduces full training exactly (${config.kind})`, async () => {
      const start = be.liveTensors();
      const D = new Mlp([64, 12, 10]).parameterCount();
      const dense = await trajectory((w) => new DenseParameterization(be, w), config);
      const subspace = await trajectory((w) => {
        const p = new RandomSubspaceParameterization(be, w, createProjection(be, new Rng(1), 'identity', D, D));
        for (const t of w) be.dispose(t);
        return p;
      }, config);
      expect(dense.reports.length).toBe(6);
      dense.reports.forEach((r, i) => {
        const s = subspace.reports[i];
        expect(Math.abs(s.loss - r.loss)).toBeLessThan(1e-12);
        expect(Math.abs(s.testLoss! - r.testLoss!)).toBeLessThan(1e-12);
        expect(s.accuracy).toBe(r.accuracy);
      });
      // θ₀ + z and the directly trained θ differ only by float64 rounding
      dense.theta.forEach((v, i) => expect(Math.abs(v - subspace.theta[i])).toBeLessThan(1e-12));
      expect(dense.reports[5].loss).toBeLessThan(dense.reports[0].loss);
      // one readback per report, none per step
      expect(dense.readbacks).toBe(6);
      expect(be.liveTensors()).toBe(start);
    });
  }
});
