// Learned LR²VQ checks in float64: straight-through gradients by central differences, the start equals the fixed
// SVD LR²VQ exactly, and training never ends worse than the fixed one at equal bits (quick and default presets).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../data/rng';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { kmeans } from '../../cluster/kmeans';
import { reshape } from '../../learn/gatherKernels';
import { runExperimentForTest } from '../framework/runForTest';
import { mm, tr } from './hostMatrix';
import { codebookStep, lr2vqLossAndGrads, quantizePairs, trainLr2vq } from './learnedLr2vq';

/** The surrogate on the host: tr(E·G·Eᵀ) + β‖A − Aq‖², E = W − (A + δ)·Bᵀ with the quantization offset δ frozen. */
function surrogate(W: Float64Array, G: Float64Array, A: Float64Array, delta: Float64Array, B: Float64Array, beta: number, m: number, n: number, d: number): number {
  const Ahat = A.map((a, i) => a + delta[i]);
  const R = mm(Ahat, tr(B, n, d), m, d, n);
  const E = W.map((w, i) => w - R[i]);
  const EG = mm(E, G, m, n, n);
  let loss = 0;
  for (let i = 0; i < m * n; i++) loss += EG[i] * E[i];
  for (let i = 0; i < m * d; i++) loss += beta * delta[i] * delta[i];
  return loss;
}

describe('learned LR²VQ', () => {
  it('the straight-through gradient equals the central differences of the surrogate (float64)', async () => {
    const be = new CpuBackend();
    const before = be.liveTensors();
    const [m, n, d, K, N, beta] = [5, 7, 4, 3, 11, 0.3];
    const rng = new Rng(21);
    const X = Float64Array.from(rng.normals(N * n));
    const G = mm(tr(X, N, n), X, n, N, n).map((v) => v / N);
    const [W, A, B, C] = [rng.normals(m * n), rng.normals(m * d), rng.normals(n * d), rng.normals(K * 2)].map((v) => Float64Array.from(v));
    const t = {
      W: be.upload(W, { rows: m, cols: n }), G: be.upload(G, { rows: n, cols: n }),
      A: be.upload(A, { rows: m, cols: d }), B: be.upload(B, { rows: n, cols: d }), C: be.upload(C, { batch: 1, rows: K, cols: 2 }),
    };
    const { Aq, labels } = quantizePairs(be, t.A, t.C);
    const AqHost = await be.read(Aq);
    const delta = AqHost.map((q, i) => q - A[i]);
    // the quantizer really moved A (else the check would not involve the straight-through path)
    expect(Math.max(...delta.map(Math.abs))).toBeGreaterThan(0.1);
    const { loss, gA, gB } = lr2vqLossAndGrads(be, t.W, t.G, t.A, Aq, t.B, beta);
    expect((await be.read(loss))[0]).toBeCloseTo(surrogate(W, G, A, delta, B, beta, m, n, d), 10);
    const h = 1e-5;
    const [gAh, gBh] = [await be.read(gA), await be.read(gB)];
    for (let i = 0; i < m * d; i++) {
      const [up, down] = [Float64Array.from(A), Float64Array.from(A)];
      up[i] += h;
      down[i] -= h;
      // δ stays frozen: A + δ moves with A, but ‖A − Aq‖² is ‖δ‖² only at A, so the commitment term uses Aq − A'
      const fd = (surrogateAt(up) - surrogateAt(down)) / (2 * h);
      expect(Math.abs(fd - gAh[i]), `∂A[${i}]: ${fd} vs ${gAh[i]}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
    }
    for (let i = 0; i < n * d; i++) {
      const [up, down] = [Float64Array.from(B), Float64Array.from(B)];
      up[i] += h;
      down[i] -= h;
      const fd = (surrogate(W, G, A, delta, up, beta, m, n, d) - surrogate(W, G, A, delta, down, beta, m, n, d)) / (2 * h);
      expect(Math.abs(fd - gBh[i]), `∂B[${i}]: ${fd} vs ${gBh[i]}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
    }
    function surrogateAt(Ap: Float64Array): number {
      // output term on Ap + δ (the straight-through path), commitment ‖Ap − sg(Aq)‖²
      const out = surrogate(W, G, Ap, delta, B, 0, m, n, d);
      let commit = 0;
      for (let i = 0; i < m * d; i++) commit += (Ap[i] - AqHost[i]) ** 2;
      return out + beta * commit;
    }
    [Aq, labels, loss, gA, gB, ...Object.values(t)].forEach((x) => be.dispose(x));
    expect(be.liveTensors()).toBe(before);
  });

  it('at the start it is the fixed SVD LR²VQ: the same codes, and the quick run at 0 steps has the same errors', async () => {
    const be = new CpuBackend();
    const before = be.liveTensors();
    const rng = new Rng(4);
    const A = be.upload(Float64Array.from(rng.normals(9 * 6)), { rows: 9, cols: 6 });
    const pairs = reshape(be, A, { rows: 27, cols: 2 });
    const fit = await kmeans(be, pairs, 5, { seed: 1, restarts: 2, maxIter: 30 });
    const C = be.upload(fit.centroids, { batch: 1, rows: 5, cols: 2 });
    const { Aq, labels } = quantizePairs(be, A, C);
    expect(Array.from(await be.read(labels))).toEqual(Array.from(fit.labels));
    const AqHost = await be.read(Aq);
    AqHost.forEach((v, e) => expect(v).toBe(fit.centroids[fit.labels[e >> 1] * 2 + (e & 1)]));
    // a converged codebook is a fixed point of the k-means step
    const next = codebookStep(be, A, C);
    (await be.read(next)).forEach((v, i) => expect(v).toBeCloseTo(fit.centroids[i], 12));
    [A, pairs, C, Aq, labels, next].forEach((x) => be.dispose(x));
    expect(be.liveTensors()).toBe(before);

    const { outcome } = await runExperimentForTest('compression', { trainSteps: 40, kSvdIters: 1, calibration: 128, lr2vqSteps: 0 });
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(outcome.final!.lr2vq_learned_error).toEqual(outcome.final!.lr2vq_error);
    expect(outcome.final!.lr2vq_error_learned).toBe(outcome.final!.lr2vq_error_fixed);
  }, 60_000);

  for (const preset of ['quick', 'default'] as const) {
    it(`${preset} preset: learned error ≤ fixed at every d (equal bits), loss falls, no leaks`, async () => {
      const { outcome, leaked } = await runExperimentForTest('compression', preset);
      expect(outcome.status, outcome.message ?? '').toBe('done');
      expect(leaked).toBe(0);
      const m = outcome.final!;
      const [fixed, learned, loss] = [m.lr2vq_error as number[], m.lr2vq_learned_error as number[], m.lr2vq_learned_loss as number[]];
      console.log(`${preset}: fixed ${JSON.stringify(fixed)} learned ${JSON.stringify(learned)} bits ${JSON.stringify(m.lr2vq_size)}`);
      expect(learned.length).toBe(fixed.length);
      expect(fixed.length).toBeGreaterThan(0);
      learned.forEach((e, i) => expect(e, `d index ${i}: learned ${e} vs fixed ${fixed[i]}`).toBeLessThanOrEqual(fixed[i]));
      expect(m.lr2vq_error_learned as number).toBeLessThan(m.lr2vq_error_fixed as number);
      expect(loss[loss.length - 1]).toBeLessThan(loss[0]);
    }, 120_000);
  }

  it('bad input is a clear error', async () => {
    const be = new CpuBackend();
    const A = be.fill({ rows: 3, cols: 3 }, 1);
    const C = be.fill({ batch: 1, rows: 2, cols: 2 }, 0);
    expect(() => quantizePairs(be, A, C)).toThrow(/odd number/);
    const start = { A: be.fill({ rows: 2, cols: 2 }, 1), B: be.fill({ rows: 3, cols: 2 }, 1), centroids: C };
    await expect(trainLr2vq(be, A, A, start, { steps: -1, lr: 0.1, beta: 0 })).rejects.toThrow(RangeError);
    await expect(trainLr2vq(be, A, A, start, { steps: 1, lr: Number.NaN, beta: 0 })).rejects.toThrow(RangeError);
  });
});
