// Every parameterization's backward against float64 central differences of the MLP loss, plus each one's invariants.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import type { Tensor } from '../engine/backend';
import { Rng } from '../data/rng';
import { Mlp } from './mlp';
import { DenseParameterization, type Parameterization } from './parameterization';
import { LowRankParameterization } from './lowRank';
import { SparseLowRankParameterization } from './sparseLowRank';
import { lostParameterization } from './lostInit';
import { RandomSubspaceParameterization } from './randomSubspace';
import { createProjection, type ProjectionKind } from './subspaceProjections';
import { centralDifferences, relativeGradientError } from './gradientCheck';
import { createOptimizer } from './optimizers';
import { svd } from '../linalg/svd';

const be = new CpuBackend();
const mlp = new Mlp([8, 6, 4], 'tanh');
const GRAD_TOL = 1e-7;

function batch(seed: number) {
  const rng = new Rng(seed);
  return { x: be.upload(rng.normals(5 * 8), { rows: 5, cols: 8 }), y: be.upload([0, 3, 1, 2, 3], { rows: 5, cols: 1 }) };
}

function meanLoss(p: Parameterization, x: Tensor, y: Tensor): number {
  return be.tidy(() => be.view(be.reduce('sum', mlp.rowStats(be, p.weights(), x, y), 'perCol'))[0] / x.rows);
}

/** Worst relative error of backward() over all params, vs central differences. */
function checkGradients(p: Parameterization, name: string): number {
  const { x, y } = batch(11);
  const numeric = centralDifferences(be, p.params, () => meanLoss(p, x, y));
  const analytic = be.tidy(() => p.backward(mlp.lossAndGrads(be, p.weights(), x, y).grads).map((g) => be.view(g).slice()));
  const worst = Math.max(...analytic.map((g, i) => relativeGradientError(g, numeric[i])));
  console.log(`gradient check ${name}: ${worst.toExponential(1)}`);
  be.dispose(x);
  be.dispose(y);
  return worst;
}

describe('parameterizations: gradients vs central differences', () => {
  it('dense', () => {
    const p = new DenseParameterization(be, mlp.init(be, new Rng(1)));
    expect(checkGradients(p, 'dense')).toBeLessThan(GRAD_TOL);
    expect(p.trainableCount()).toBe(mlp.parameterCount());
    p.dispose();
  });

  for (const init of ['linear', 'zeroB'] as const) {
    it(`low rank W = s·BA (rank 2, alpha 3, init ${init})`, () => {
      const p = new LowRankParameterization(be, mlp.weightShapes, new Rng(2), { rank: 2, alpha: 3, init }, [new Float64Array(6).fill(0.1), new Float64Array(4).fill(-0.2)]);
      if (init === 'zeroB') be.view(p.params[0]).set(new Rng(9).normals(12)); // make the B of layer 1 nonzero so its A's gradient is too
      expect(checkGradients(p, `low rank (${init})`)).toBeLessThan(GRAD_TOL);
      expect(p.trainableCount()).toBe(2 * (6 + 8) + 6 + 2 * (4 + 6) + 4);
      p.dispose();
    });
  }

  it('sparse + low rank (SLTrain): W = (α/r)·BA + S', () => {
    const p = SparseLowRankParameterization.sltrain(be, mlp.weightShapes, new Rng(3), { rank: 2, alpha: 4, density: 0.2 });
    // B starts at 0 in SLTrain, so W = S at init
    const w = be.tidy(() => p.weights().map((t) => be.view(t).slice()));
    const s1 = p.supports[0];
    expect(w[0].filter((v) => v !== 0).length).toBe(s1.nnz);
    be.view(p.params[0]).set(new Rng(8).normals(12));
    be.view(p.params[4]).set(new Rng(7).normals(8));
    expect(checkGradients(p, 'sparse + low rank')).toBeLessThan(GRAD_TOL);
    // parameter count r(m+n) + ⌊δmn⌋ per matrix, plus biases
    expect(p.trainableCount()).toBe(2 * (6 + 8) + Math.floor(0.2 * 48) + 6 + 2 * (4 + 6) + Math.floor(0.2 * 24) + 4);
    p.dispose();
  });

  it('LOST init: BA is the best rank-r approximation of W₀ and W = W₀ on the sparse channels', async () => {
    const initial = mlp.initialWeights(new Rng(4));
    const p = await lostParameterization(be, mlp.weightShapes, initial, { rank: 2, density: 0.25 });
    const w = be.tidy(() => p.weights().map((t) => be.view(t).slice()));
    const chosen = new Set(Array.from(p.supports[0].indices, (idx) => idx % 8));
    expect(chosen.size).toBe(2); // ⌈0.25·8⌉ input channels, every row of each
    expect(p.supports[0].nnz).toBe(12);
    let tailError = 0;
    for (let i = 0; i < 6; i++) for (let j = 0; j < 8; j++) {
      const diff = w[0][i * 8 + j] - initial[0][i * 8 + j];
      if (chosen.has(j)) expect(Math.abs(diff)).toBeLessThan(1e-12);
      else tailError += diff * diff;
    }
    // Eckart–Young: ‖W₀ − BA‖² = Σ_{i>r} σ_i², and S only removes the chosen channels' share of it
    const w0 = be.upload(initial[0], { rows: 6, cols: 8 });
    const full = await svd(be, w0);
    be.dispose(w0);
    const tail = Array.from(full.S).slice(2).reduce((a, v) => a + v * v, 0);
    const lowRank = be.tidy(() => be.view(be.matmul(p.params[0], p.params[1])).slice());
    expect(lowRank.reduce((a, v, i) => a + (initial[0][i] - v) ** 2, 0)).toBeCloseTo(tail, 10);
    expect(tailError).toBeGreaterThan(0);
    expect(tailError).toBeLessThan(tail);
    be.dispose(full.U);
    be.dispose(full.V);
    expect(checkGradients(p, 'LOST (sparse + low rank)')).toBeLessThan(GRAD_TOL);
    p.dispose();
  });

  for (const kind of ['gaussian', 'unit', 'fastfood'] as ProjectionKind[]) {
    it(`random subspace θ = θ₀ + P·z, ${kind} projection, d = 7`, () => {
      const weights = mlp.init(be, new Rng(5));
      const D = mlp.parameterCount();
      const p = new RandomSubspaceParameterization(be, weights, createProjection(be, new Rng(6), kind, 7, D));
      for (const w of weights) be.dispose(w);
      be.view(p.params[0]).set(new Rng(10).normals(7, 0.3)); // away from z = 0
      expect(checkGradients(p, `random subspace (${kind})`)).toBeLessThan(GRAD_TOL);
      expect(p.trainableCount()).toBe(7);
      p.dispose();
    });
  }
});

describe('parameterization invariants', () => {
  it('the sparse support never changes while training', () => {
    const start = be.liveTensors();
    const p = SparseLowRankParameterization.sltrain(be, mlp.weightShapes, new Rng(3), { rank: 2, density: 0.1 });
    const before = p.supports.map((s) => s.indices.slice());
    const beforeDevice = p.supports.map((s) => be.view(s.support).slice());
    const opt = createOptimizer(be, { kind: 'adam', lr: 0.05 });
    const { x, y } = batch(12);
    for (let i = 0; i < 20; i++) be.tidy(() => opt.step(p.params, p.backward(mlp.lossAndGrads(be, p.weights(), x, y).grads)));
    p.supports.forEach((s, i) => {
      expect(s.indices).toEqual(before[i]);
      expect(be.view(s.support)).toEqual(beforeDevice[i]);
    });
    // off the support W is exactly the low-rank part
    const w = be.tidy(() => be.view(p.weights()[0]).slice());
    const lowRank = be.tidy(() => be.view(be.matmul(p.params[0], p.params[1])).slice());
    const on = new Set(before[0]);
    for (let i = 0; i < w.length; i++) if (!on.has(i)) expect(w[i]).toBeCloseTo(lowRank[i] * p.scale, 12);
    for (const t of [x, y]) be.dispose(t);
    opt.dispose();
    p.dispose();
    expect(be.liveTensors()).toBe(start);
  });

  it('a random subspace starts exactly at θ₀', () => {
    const weights = mlp.init(be, new Rng(5));
    const p = new RandomSubspaceParameterization(be, weights, createProjection(be, new Rng(6), 'fastfood', 5, mlp.parameterCount()));
    be.tidy(() => p.weights().forEach((w, i) => expect(be.view(w)).toEqual(be.view(weights[i]))));
    for (const w of weights) be.dispose(w);
    p.dispose();
  });
});
