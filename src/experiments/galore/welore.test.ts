// WeLore on the float64 backend: the rank rule is its formula, threshold 0 keeps every layer whole, LRC factors start at
// the best rank-k approximation and their gradient matches central differences, and the quick run's section holds.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { svd } from '../../linalg/svd';
import { AdaptedParameterization, frozenAdapter } from '../../learn/adapters/weightAdapter';
import { centralDifferences, relativeGradientError } from '../../learn/gradientCheck';
import { runExperimentForTest } from '../framework/runForTest';
import { lowRankComponentAdapter, weloreSplit } from './weloreSplit';

describe('WeLore split', () => {
  // σ̂ = (σ − 1)/9 = [1, 2/3, 1/3, 1/6, 0]
  const sigma = [10, 7, 4, 2.5, 1];

  it('the rank rule is #{(σ − min)/(max − min) ≥ thr} on a hand-made spectrum', () => {
    const rankAt = (thr: number) => weloreSplit([sigma], [{ rows: 5, cols: 8 }], thr)[0].rank;
    expect([0, 0.1, 0.2, 0.3, 0.5, 0.7, 1].map(rankAt)).toEqual([5, 4, 3, 3, 2, 1, 1]);
    // 5×8 at k = 3: 3·13 = 39 < 40 factors save; k = 4: 52 ≥ 40, stays whole
    const [at3] = weloreSplit([sigma], [{ rows: 5, cols: 8 }], 0.3);
    expect(at3).toEqual({ rows: 5, cols: 8, rank: 3, fullRank: 5, lowRank: true, factorParams: 39 });
    expect(weloreSplit([sigma], [{ rows: 5, cols: 8 }], 0.1)[0].lowRank).toBe(false);
  });

  it('threshold 0 keeps every singular value, so no layer is split off', () => {
    const spectra = [sigma, [3, 3, 3], [5, 1e-9]];
    const shapes = [{ rows: 5, cols: 8 }, { rows: 3, cols: 3 }, { rows: 9, cols: 2 }];
    for (const s of weloreSplit(spectra, shapes, 0)) {
      expect(s.rank).toBe(s.fullRank);
      expect(s.lowRank).toBe(false);
    }
  });

  it('bad input is a clear error', () => {
    expect(() => weloreSplit([sigma], [{ rows: 5, cols: 8 }], 1.5)).toThrow(/threshold/);
    expect(() => weloreSplit([sigma], [{ rows: 4, cols: 8 }], 0.2)).toThrow(/singular values/);
    expect(() => weloreSplit([[1, NaN]], [{ rows: 2, cols: 2 }], 0.2)).toThrow(/non-finite/);
  });
});

describe('low-rank component fine-tuning', () => {
  it('starts at the best rank-k approximation; ∂L/∂A, ∂L/∂M match central differences (float64)', async () => {
    const be = new CpuBackend();
    const rng = new Rng(3);
    const mlp = new Mlp([6, 5, 3]);
    const weights = mlp.init(be, rng);
    const x = be.keep(be.upload(rng.normals(4 * 6, 1), { rows: 4, cols: 6 }));
    const y = be.keep(be.upload([0, 2, 1, 2], { rows: 4, cols: 1 }));
    const f = await svd(be, weights[0], { method: 'jacobi' });
    const k = 2;
    const param = new AdaptedParameterization(weights.map((w, i) => (i === 0 ? lowRankComponentAdapter(be, f.U, f.S, f.V, k) : frozenAdapter(be, w))));
    // Eckart–Young: ‖W − A·Mᵀ‖_F = √(σ₃² + … )
    const W = await be.read(weights[0]);
    const WA = await be.read(be.keep(be.tidy(() => param.weights()[0])));
    const gap = Math.sqrt(W.reduce((a, v, i) => a + (v - WA[i]) ** 2, 0));
    const tail = Math.sqrt(Array.from(f.S).slice(k).reduce((a, s) => a + s * s, 0));
    expect(Math.abs(gap - tail)).toBeLessThan(1e-12);
    expect(param.trainableCount()).toBe(k * (5 + 6));

    const meanLoss = () => be.tidy(() => {
      const stats = mlp.rowStats(be, param.weights(), x, y);
      let s = 0;
      const v = be.view(stats);
      for (let i = 0; i < 4; i++) s += v[i * stats.cols];
      return s / 4;
    });
    const analytic = be.tidy(() => param.backward(mlp.lossAndGrads(be, param.weights(), x, y).grads).map((g) => Float64Array.from(be.view(g))));
    const numeric = centralDifferences(be, param.params, meanLoss, 1e-6);
    expect(analytic.length).toBe(2);
    analytic.forEach((a, i) => expect(relativeGradientError(a, numeric[i]), `param ${i}`).toBeLessThan(1e-7));
    param.dispose();
    for (const t of [...weights, x, y, f.U, f.V]) be.dispose(t);
  });
});

describe('the galore page’s WeLore section', () => {
  it('quick preset: LRC/N-LRC split, WeLore and LoRA train the same number of parameters, both beat the unadapted net', async () => {
    const { outcome, leaked } = await runExperimentForTest('galore', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    const full = m.full_ranks as number[];
    expect(full).toEqual([32, 10]);
    for (const key of ['welore_ranks_galore', 'welore_ranks_adam']) (m[key] as number[]).forEach((r, l) => {
      expect(r, `${key} ${l}`).toBeGreaterThanOrEqual(1);
      expect(r, `${key} ${l}`).toBeLessThanOrEqual(full[l]);
    });
    const ranks = m.welore_ranks_galore as number[];
    const sizes = [[32, 64], [10, 32]];
    // the split follows its rule, layer by layer
    expect(m.lrc_layers).toEqual(ranks.map((k, l) => (k * (sizes[l][0] + sizes[l][1]) < sizes[l][0] * sizes[l][1] ? 1 : 0)));
    const expected = ranks.reduce((a, k, l) => a + ((m.lrc_layers as number[])[l] ? k * (sizes[l][0] + sizes[l][1]) : 0), 0);
    expect(m.welore_params).toBe(expected);
    // the figures the card quotes (seed 1, float64)
    expect(ranks).toEqual([13, 5]);
    expect(m.welore_params).toBe(1458);
    expect(m.lora_params).toBe(m.welore_params);
    expect(m.full_params).toBe(64 * 32 + 32 + 32 * 10 + 10);
    // the shift hurts: the GaLore net reads shifted digits badly until it is fine-tuned
    expect(m.zero_shot_acc as number).toBeLessThan(0.5);
    for (const k of ['welore_acc', 'lora_acc', 'full_acc']) expect(m[k] as number, k).toBeGreaterThan((m.zero_shot_acc as number) + 0.2);
    // this seed's outcome, stated on the card: the LRC factors beat LoRA at the same count, full fine-tuning beats both
    expect(m.welore_acc as number).toBeGreaterThan(m.lora_acc as number);
    expect(m.full_acc as number).toBeGreaterThan(m.welore_acc as number);
    // and, at this scale, Adam's hidden layer comes out lower-rank than GaLore's by the same rule (the paper's direction does not show)
    expect((m.welore_ranks_adam as number[])[0]).toBeLessThan(ranks[0]);
    // non-uniform: the layers keep different fractions of their spectra
    expect(ranks[0] / full[0]).not.toBeCloseTo(ranks[1] / full[1], 2);
  }, 60_000);

  it('threshold 0: every layer keeps its full rank, nothing is fine-tuned through factors', async () => {
    const { outcome } = await runExperimentForTest('galore', { hidden: 16, depth: 2, steps: 20, reportEvery: 10, trainPerClass: 10, optimizers: ['adam', 'galore'], rank: 2, weloreSteps: 10, weloreThreshold: 0 });
    expect(outcome.status, outcome.message ?? '').toBe('done');
    const m = outcome.final!;
    expect(m.welore_ranks_galore).toEqual(m.full_ranks);
    expect(m.welore_ranks_adam).toEqual(m.full_ranks);
    expect(m.lrc_layers).toEqual([0, 0, 0]);
    expect(m.welore_params).toBe(0);
    expect(m.welore_acc).toBe(m.zero_shot_acc);
  }, 60_000);

  it('asks for GaLore when the section is on', async () => {
    const { outcome } = await runExperimentForTest('galore', { optimizers: ['adam'], weloreSteps: 10, steps: 10 });
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/GaLore/);
  });
});
