// SSVI's checks in float64: closed-form KL, ELBO gradients by central differences, fixed support size with exact zeros
// off it, 100% density = dense mean-field VI step for step, remove/add selection, calibration, and the quick preset.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { Trainer, uploadDataset } from '../../learn/trainer';
import { createOptimizer } from '../../learn/optimizers';
import { flatten } from '../../learn/flatParams';
import { centralDifferences, relativeGradientError } from '../../learn/gradientCheck';
import { runExperimentForTest } from '../framework/runForTest';
import { gaussianKl } from './gaussian';
import { calibration } from './calibration';
import { cosineSwapCount, largestScores, removeAndAdd } from './supportUpdate';
import { SupportAdam } from './supportAdam';
import { denseOn, disposeProblem, elboGradientsAt, negativeElbo, sparseOn, testProblem } from './testProblem';

/** ∫ q log(q/p) by the trapezoid rule on μ ± 12σ (independent of the closed form). */
function klByQuadrature(mu: number, sigma: number, priorSigma: number): number {
  const n = 200_001;
  const lo = mu - 12 * sigma;
  const h = (24 * sigma) / (n - 1);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const t = lo + i * h;
    const logQ = -0.5 * ((t - mu) / sigma) ** 2 - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
    const logP = -0.5 * (t / priorSigma) ** 2 - Math.log(priorSigma) - 0.5 * Math.log(2 * Math.PI);
    sum += (i === 0 || i === n - 1 ? 0.5 : 1) * Math.exp(logQ) * (logQ - logP);
  }
  return sum * h;
}

describe('bayesian-sparse math (float64)', () => {
  it('the Gaussian KL on the backend equals its closed form, checked by quadrature', async () => {
    const be = new CpuBackend();
    const mu = [0.3, -1.2, 0, 0.05, 2];
    const logSigma = [Math.log(0.1), Math.log(0.5), Math.log(0.3), Math.log(1.7), Math.log(0.02)];
    const priorSigma = 0.3;
    const kl = (await be.read(be.tidy(() => gaussianKl(be, be.upload(mu, { rows: 5, cols: 1 }), be.upload(logSigma, { rows: 5, cols: 1 }), priorSigma))))[0];
    const expected = mu.reduce((s, m, i) => s + klByQuadrature(m, Math.exp(logSigma[i]), priorSigma), 0);
    expect(Math.abs(kl - expected) / expected).toBeLessThan(1e-9);
    // q = p gives exactly zero (the entry μ = 0, σ = σ_p alone)
    const zero = (await be.read(be.tidy(() => gaussianKl(be, be.upload([0], { rows: 1, cols: 1 }), be.upload([Math.log(priorSigma)], { rows: 1, cols: 1 }), priorSigma))))[0];
    expect(Math.abs(zero)).toBeLessThan(1e-15);
  });

  for (const [label, density] of [['sparse support (30%)', 0.3], ['dense mean-field VI', 1]] as const) {
    it(`the ELBO gradient matches central differences: ${label}`, async () => {
      const be = new CpuBackend();
      const p = testProblem(be, [6, 5, 3], 7);
      const posterior = density < 1 ? sparseOn(be, p, density) : denseOn(be, p);
      posterior.resample(new Rng(11));
      const grads = await elboGradientsAt(be, p, posterior);
      const numeric = centralDifferences(be, posterior.params, () => negativeElbo(be, p, posterior));
      grads.forEach((g, i) => {
        const err = relativeGradientError(g, numeric[i]);
        expect(err, `param ${i}`).toBeLessThan(1e-7);
        expect(Math.max(...Array.from(g, Math.abs)), `param ${i} has a gradient`).toBeGreaterThan(1e-4);
      });
      posterior.dispose();
      disposeProblem(be, p);
      expect(be.liveTensors()).toBe(0);
    });
  }

  it('at 100% density SSVI is dense mean-field VI, step for step on the same seed', async () => {
    const be = new CpuBackend();
    const p = testProblem(be, [6, 5, 3], 40);
    const rng = new Rng(9);
    const data = uploadDataset(be, rng.normals(40 * 6), Float64Array.from({ length: 40 }, (_, i) => i % 3), 6);
    const sparse = sparseOn(be, p, 1);
    const dense = denseOn(be, p);
    expect(sparse.supportSize).toBe(dense.supportSize);
    const lr = 0.05;
    const sparseTrainer = new Trainer(be, p.mlp, sparse, new SupportAdam(be, lr), data, { batchSize: 8, seed: 2, reportEvery: 10 });
    const denseTrainer = new Trainer(be, p.mlp, dense, createOptimizer(be, { kind: 'adam', lr }), data, { batchSize: 8, seed: 2, reportEvery: 10 });
    const epsSparse = new Rng(17);
    const epsDense = new Rng(17);
    const start = be.view(sparse.params[0]).slice();
    for (let step = 0; step < 25; step++) {
      sparse.resample(epsSparse);
      sparseTrainer.step();
      dense.resample(epsDense);
      denseTrainer.step();
      const [mu, rho] = be.tidy(() => [flatten(be, dense.means), flatten(be, dense.logSigmas)].map((t) => be.keep(t)));
      expect(relativeGradientError(be.view(sparse.params[0]), be.view(mu)), `μ after step ${step + 1}`).toBeLessThan(1e-14);
      expect(relativeGradientError(be.view(sparse.params[1]), be.view(rho)), `ρ after step ${step + 1}`).toBeLessThan(1e-14);
      be.dispose(mu);
      be.dispose(rho);
    }
    expect(relativeGradientError(be.view(sparse.params[0]), start), 'the 25 steps changed μ').toBeGreaterThan(1e-2);
    const [rs, rd] = [await sparseTrainer.report(), await denseTrainer.report()];
    expect(rs.loss).toBe(rd.loss);
    for (const t of [sparseTrainer, denseTrainer]) {
      t.dispose();
      t.optimizer.dispose();
    }
    sparse.dispose();
    dense.dispose();
    data.dispose();
    disposeProblem(be, p);
    expect(be.liveTensors()).toBe(0);
  });

  it('remove/add drops the lowest |μ|/σ, adds the largest gradients off the support, and keeps |S| and the state of kept slots', async () => {
    const indices = Int32Array.of(1, 4, 6, 9);
    const snr = [0.5, 0.1, 3, 0.2];
    const grad = [9, 0, 7, 1, 0, 8, 0, 0.5, 2, 0];
    const change = removeAndAdd(indices, snr, grad, 2);
    expect(Array.from(change.removed)).toEqual([4, 9]);
    // off S the largest |g| are 9 at 0 and 8 at 5 (7 at 2 comes third); the removed 4 and 9 are never re-added
    expect(Array.from(change.added)).toEqual([0, 5]);
    expect(Array.from(change.indices)).toEqual([0, 1, 5, 6]);
    expect(Array.from(change.slotMap)).toEqual([-1, 0, -1, 2]);
    // on the device: kept coordinates carry μ, ρ and Adam's moments; added ones start at μ = 0, ρ = ρ₀, m = v = 0
    const be = new CpuBackend();
    const p = testProblem(be, [2, 3, 2], 4);
    const posterior = sparseOn(be, p, 0.25);
    const s = posterior.supportSize;
    const adam = new SupportAdam(be, 0.1);
    posterior.resample(new Rng(1));
    be.tidy(() => adam.step(posterior.params, posterior.backward(p.mlp.lossAndGrads(be, posterior.weights(), p.x, p.y).grads)));
    const before = { idx: posterior.indices.slice(), mu: be.view(posterior.params[0]).slice(), moments: adam.momentsOf(0)!.map((t) => be.view(t).slice()) };
    const off = Array.from({ length: posterior.dimension }, (_, i) => i).filter((i) => !before.idx.includes(i));
    const fakeGrad = Array.from({ length: posterior.dimension }, (_, i) => (off.includes(i) ? i + 1 : 0));
    const swap = removeAndAdd(before.idx, before.mu.map(Math.abs), fakeGrad, 2);
    posterior.applyChange(swap, Math.log(0.07), (map) => adam.remapSlots(map));
    expect(posterior.supportSize).toBe(s);
    expect(Array.from(posterior.indices)).toEqual(Array.from(swap.indices));
    const mu = be.view(posterior.params[0]);
    const rho = be.view(posterior.params[1]);
    const moments = adam.momentsOf(0)!.map((t) => be.view(t));
    swap.slotMap.forEach((from, j) => {
      expect(mu[j]).toBe(from < 0 ? 0 : before.mu[from]);
      if (from < 0) expect(rho[j]).toBe(Math.log(0.07));
      for (const k of [0, 1]) expect(moments[k][j], `Adam moment ${k + 1} of slot ${j}`).toBe(from < 0 ? 0 : before.moments[k][from]);
    });
    expect(Math.max(...before.moments[1]), 'the step left nonzero moments to move').toBeGreaterThan(0);
    // sampled θ is exactly zero off the new support
    posterior.resample(new Rng(2));
    const theta = await be.read(be.tidy(() => posterior.flatWeights()));
    theta.forEach((v, i) => { if (!swap.indices.includes(i)) expect(v).toBe(0); });
    adam.dispose();
    posterior.dispose();
    disposeProblem(be, p);
  });

  it('the swap count decays on a cosine and never exceeds the support or its complement; NaN scores are an error', () => {
    expect(cosineSwapCount(0.3, 100, 1000, 0, 10)).toBe(30);
    expect(cosineSwapCount(0.3, 100, 1000, 5, 10)).toBe(15);
    expect(cosineSwapCount(0.3, 100, 1000, 10, 10)).toBe(0);
    expect(cosineSwapCount(0.9, 100, 130, 0, 10)).toBe(30);
    expect(cosineSwapCount(0.5, 100, 100, 0, 10)).toBe(0);
    expect(() => largestScores([1, Number.NaN], 1)).toThrow(/diverged/);
  });

  it('calibration: NLL, accuracy and ECE of hand-made predictions', () => {
    // sample 0: confident and right (0.9); 1: confident and wrong (0.8); 2: unsure and right (0.6); 3: unsure, wrong (0.55)
    const probs = [0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.45, 0.55];
    const c = calibration(probs, [0, 0, 0, 0], 2, 10);
    expect(c.accuracy).toBe(0.5);
    expect(c.nll).toBeCloseTo(-(Math.log(0.9) + Math.log(0.2) + Math.log(0.6) + Math.log(0.45)) / 4, 14);
    // bins: 0.9 → [0.9, 1): conf 0.9, acc 1; 0.8 → [0.8, 0.9): acc 0; 0.6 → [0.6, 0.7): acc 1; 0.55 → [0.5, 0.6): acc 0
    expect(c.ece).toBeCloseTo((0.1 + 0.8 + 0.4 + 0.55) / 4, 14);
    expect(c.bins.count).toEqual([1, 1, 1, 1]);
    expect(() => calibration([Number.NaN, 1], [0], 2)).toThrow(/non-finite/);
  });

  it('quick preset: fixed support size, exact zeros off it, SSVI beats the pruned dense BNN when sparse, plots from the run', async () => {
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('bayesian-sparse', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    const D = m.dimension as number;
    expect(D).toBe(64 * 64 + 64 + 64 * 10 + 10);
    expect(m.support_size).toBe(Math.floor(0.1 * D));
    for (const size of m.support_size_trace as number[]) expect(size).toBe(m.support_size);
    expect((m.support_swapped as number[]).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(m.off_support_nonzero).toBe(0);
    // 6 reports of two reads and 5 remove/add rounds of one over 300 steps: at most one read per 10 steps (DESIGN)
    expect(m.readbacks_per_step).toBe(17 / 300);
    for (const k of ['support_size', 'test_nll', 'ece']) expect(Number.isFinite(m[k] as number), k).toBe(true);
    const sweep = m.sweep_density as number[];
    expect(sweep).toEqual([0.05, 0.1]);
    // at 5% density, training sparse beats pruning a dense BNN after training by a wide margin
    expect((m.sweep_ssvi_accuracy as number[])[0]).toBeGreaterThan((m.sweep_pruned_accuracy as number[])[0] + 0.2);
    expect((m.sweep_ssvi_nll as number[])[0]).toBeLessThan((m.sweep_pruned_nll as number[])[0]);
    const plots = meta.plots(history, config as never);
    expect(plots.map((pl) => pl.id)).toEqual(['elbo', 'test-nll', 'density', 'reliability', 'support']);
  }, 120_000);

  it('a run at 100% density: the SSVI and dense VI curves coincide (same batches, ε and evaluation draws)', async () => {
    const { outcome } = await runExperimentForTest('bayesian-sparse', { density: 1, densities: ['1'], steps: 40, reportEvery: 20, updateEvery: 20, trainPerClass: 10, evalSamples: 2 });
    expect(outcome.status, outcome.message ?? '').toBe('done');
    const m = outcome.final!;
    expect(m.support_size).toBe(m.dimension);
    // equal up to the order of the KL's float64 sum (one flat sum against one per weight tensor)
    expect(relativeGradientError(m.elbo_ssvi as number[], m.elbo_dense as number[])).toBeLessThan(1e-12);
    expect(relativeGradientError(m.test_nll_ssvi as number[], m.test_nll_dense as number[])).toBeLessThan(1e-12);
    expect((m.elbo_ssvi as number[]).length).toBe(2);
    expect(m.support_swapped).toEqual([0]);
  }, 60_000);
});
