// The digits split and the trainer: stratified seeded split, one readback per report, every parameterization trains.
import { describe, expect, it, vi } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { loadDigits } from '../data/datasets';
import { nodeSource } from '../data/nodeSource';
import { splitDigits } from './digitsSplit';
import { Mlp } from './mlp';
import { DenseParameterization, type Parameterization } from './parameterization';
import { LowRankParameterization } from './lowRank';
import { SparseLowRankParameterization } from './sparseLowRank';
import { lostParameterization } from './lostInit';
import { RandomSubspaceParameterization } from './randomSubspace';
import { createProjection } from './subspaceProjections';
import { createOptimizer } from './optimizers';
import { Trainer, uploadDataset, type TrainReport } from './trainer';

describe('digits split', () => {
  it('is stratified, disjoint, seeded and scaled to [0, 1]', async () => {
    const digits = await loadDigits(nodeSource);
    const a = splitDigits(digits, { testFraction: 0.2, seed: 4 });
    const b = splitDigits(digits, { testFraction: 0.2, seed: 4 });
    const c = splitDigits(digits, { testFraction: 0.2, seed: 5 });
    expect(a.nTrain + a.nTest).toBe(1797);
    expect(a.testY).toEqual(b.testY);
    expect(a.testX).toEqual(b.testX);
    expect(a.testX).not.toEqual(c.testX);
    for (let k = 0; k < 10; k++) {
      const total = Array.from(digits.y).filter((y) => y === k).length;
      expect(Array.from(a.testY).filter((y) => y === k).length).toBe(Math.round(0.2 * total));
    }
    expect(Math.min(...a.trainX)).toBe(0);
    expect(Math.max(...a.trainX)).toBe(1);
    // the two sets share no sample (rows compared with their labels)
    const key = (X: Float32Array, y: Int32Array, i: number) => `${y[i]}:${X.subarray(i * 64, i * 64 + 64).join(',')}`;
    const trainKeys = new Set(Array.from({ length: a.nTrain }, (_, i) => key(a.trainX, a.trainY, i)));
    const shared = Array.from({ length: a.nTest }, (_, i) => key(a.testX, a.testY, i)).filter((k) => trainKeys.has(k));
    expect(shared.length).toBeLessThanOrEqual(2); // the digits set itself holds a few exact duplicates
    const small = splitDigits(digits, { testFraction: 0.2, seed: 4, trainPerClass: 7 });
    expect(small.nTrain).toBe(70);
    expect(small.testY).toEqual(a.testY);
  });
});

describe('Trainer', () => {
  async function setup(be: CpuBackend) {
    const d = splitDigits(await loadDigits(nodeSource), { testFraction: 0.2, seed: 1 });
    return { train: uploadDataset(be, d.trainX, d.trainY, 64), test: uploadDataset(be, d.testX, d.testY, 64) };
  }

  it('reads back once per report and never inside a step', async () => {
    const be = new CpuBackend();
    const read = vi.spyOn(be, 'read');
    const { train, test } = await setup(be);
    const mlp = new Mlp([64, 16, 10]);
    const param = new DenseParameterization(be, mlp.init(be, new Rng(1)));
    const opt = createOptimizer(be, { kind: 'adam', lr: 0.01 });
    const trainer = new Trainer(be, mlp, param, opt, train, { batchSize: 32, seed: 1, reportEvery: 10, test });
    for (let i = 0; i < 25; i++) trainer.step();
    expect(read).not.toHaveBeenCalled();
    const reports: TrainReport[] = [];
    for await (const r of trainer.run(35)) reports.push(r);
    expect(reports.map((r) => r.step)).toEqual([30, 40, 50, 60]);
    expect(read).toHaveBeenCalledTimes(4);
    expect(trainer.readbacksPerStep()).toBeCloseTo(4 / 60, 12);
    expect(() => new Trainer(be, mlp, param, opt, train, { batchSize: 32, seed: 1, reportEvery: 5 })).toThrow(/at least 10/);
    for (const x of [trainer, opt, param, train, test]) x.dispose();
    expect(be.liveTensors()).toBe(0);
  });

  it('every parameterization trains the digits MLP through the same loop', async () => {
    const be = new CpuBackend();
    const { train, test } = await setup(be);
    const mlp = new Mlp([64, 32, 10], 'gelu');
    const initial = mlp.initialWeights(new Rng(2));
    const D = mlp.parameterCount();
    const biases = initial.filter((_, i) => i % 2 === 1);
    const schemes: [string, () => Promise<Parameterization>, number][] = [
      ['dense', async () => new DenseParameterization(be, mlp.init(be, new Rng(2), initial)), 0.85],
      ['low rank r=8', async () => new LowRankParameterization(be, mlp.weightShapes, new Rng(3), { rank: 8 }, biases), 0.8],
      ['SLTrain r=4 δ=0.03', async () => SparseLowRankParameterization.sltrain(be, mlp.weightShapes, new Rng(4), { rank: 4, alpha: 8, density: 0.03 }), 0.7],
      ['LOST r=4', async () => lostParameterization(be, mlp.weightShapes, initial, { rank: 4, density: 0.1 }), 0.7],
      ['random subspace d=200', async () => {
        const w = mlp.init(be, new Rng(2), initial);
        const p = new RandomSubspaceParameterization(be, w, createProjection(be, new Rng(5), 'fastfood', 200, D));
        for (const t of w) be.dispose(t);
        return p;
      }, 0.6],
    ];
    for (const [name, make, minAccuracy] of schemes) {
      const param = await make();
      const opt = createOptimizer(be, { kind: 'adam', lr: name.startsWith('random') ? 0.1 : 0.01 });
      const trainer = new Trainer(be, mlp, param, opt, train, { batchSize: 32, seed: 1, reportEvery: 100, test });
      const reports: TrainReport[] = [];
      for await (const r of trainer.run(300)) reports.push(r);
      const last = reports[reports.length - 1];
      console.log(`${name}: ${param.trainableCount()} trainable, loss ${reports[0].loss.toFixed(3)} → ${last.loss.toFixed(3)}, test accuracy ${last.testAccuracy!.toFixed(3)}`);
      expect(last.loss).toBeLessThan(reports[0].loss);
      expect(last.testAccuracy!).toBeGreaterThan(minAccuracy);
      for (const x of [trainer, opt, param]) x.dispose();
    }
    train.dispose();
    test.dispose();
    expect(be.liveTensors()).toBe(0);
  }, 60_000);
});
