// Label-free deep subspace clustering in float64: exact gradients, exact zero diagonal, the stopping rule, clustering.
import { describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { unionOfSubspaces } from '../data/synthetic';
import { cpuBackend } from '../testing/gpuBackendForTests';
import { centralDifferences, relativeGradientError } from '../learn/gradientCheck';
import { accuracy } from './metrics';
import { ssc } from './selfExpression';
import { deepSubspaceClustering, dscAutoencoder, dscLossAndGrads, firstNonImprovement } from './deepSelfExpression';
import { identity } from './tensorOps';

describe('firstNonImprovement', () => {
  it('returns the first epoch whose error is not below the previous one', () => {
    expect(firstNonImprovement([1, 0.8, 0.6, 0.61, 0.5])).toBe(4);
    expect(firstNonImprovement([1, 0.8, 0.8])).toBe(3);
    expect(firstNonImprovement([1, 0.9, 0.8, 0.7])).toBeNull();
    expect(firstNonImprovement([1])).toBeNull();
    expect(firstNonImprovement([1, Number.NaN])).toBe(2);
  });
});

describe('dscLossAndGrads', () => {
  it('matches float64 central differences for every weight and for C (off the diagonal)', async () => {
    const be = cpuBackend();
    const rng = new Rng(3);
    const n = 7, d = 5;
    const { model, encoderLayers } = dscAutoencoder(d, 4, 3);
    const weights = model.init(be, rng);
    const x = be.upload(Float64Array.from({ length: n * d }, () => rng.normal()), { rows: n, cols: d });
    const cValues = Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 0 : 0.3 * rng.normal()));
    const c = be.upload(cValues, { rows: n, cols: n });
    const mask = be.tidy(() => be.elementwise('scale', identity(be, n), null, -1, 1));
    const w = { gamma: 0.7, lambda: 0.3 };
    const out = dscLossAndGrads(be, model, encoderLayers, weights, c, mask, x, w);
    const lossAt = () => be.tidy(() => be.view(dscLossAndGrads(be, model, encoderLayers, weights, c, mask, x, w).loss)[0]);
    const numeric = centralDifferences(be, [...weights, c], lossAt);
    const analytic = [...out.grads, out.gradC].map((t) => be.view(t));
    // diag C is not a parameter: its analytic gradient is exactly zero, so compare off the diagonal only
    const numericC = numeric[numeric.length - 1].map((v, i) => (i % (n + 1) === 0 ? 0 : v));
    for (let i = 0; i < n; i++) expect(Math.abs(analytic[analytic.length - 1][i * (n + 1)])).toBe(0);
    numeric[numeric.length - 1] = numericC;
    numeric.forEach((g, i) => expect(relativeGradientError(analytic[i], g), `tensor ${i}`).toBeLessThan(1e-6));
    // the relative error is ‖Z − CᵀZ‖ / ‖Z‖ on the latent layer, checked on the host
    const z = be.view(model.forward(be, weights, x).cache.inputs[encoderLayers]);
    const m = 3;
    let num = 0, den = 0;
    for (let j = 0; j < n; j++) for (let p = 0; p < m; p++) {
      let s = z[j * m + p];
      for (let i = 0; i < n; i++) s -= cValues[i * n + j] * z[i * m + p];
      num += s * s;
      den += z[j * m + p] ** 2;
    }
    expect(be.view(out.relativeError)[0]).toBeCloseTo(Math.sqrt(num / den), 12);
  });
});

describe('deepSubspaceClustering', { timeout: 120_000 }, () => {
  it('keeps diag C exactly 0 every epoch, stops at the first non-improvement, and separates a union of subspaces', async () => {
    const be = cpuBackend();
    const data = unionOfSubspaces(new Rng(1), { subspaces: 3, dim: 3, ambient: 15, perSubspace: 25, noise: 0.05 });
    const x = be.upload(data.X, { rows: data.n, cols: data.d });
    const before = be.liveTensors();
    const diagonals: number[] = [];
    const r = await deepSubspaceClustering(be, x, 3, {
      seed: 1, restarts: 5, topK: 5,
      onEpoch: async (_, c) => {
        const v = await be.read(c);
        diagonals.push(Math.max(...Array.from({ length: data.n }, (_, i) => Math.abs(v[i * (data.n + 1)]))));
      },
    });
    expect(be.liveTensors()).toBe(before);
    expect(diagonals.length).toBe(r.epochs);
    expect(diagonals.length).toBeGreaterThan(5);
    expect(Math.max(...diagonals)).toBe(0);
    const e = r.relativeErrors;
    expect(r.stopEpoch).toBe(firstNonImprovement(e));
    if (r.stopEpoch !== null) {
      expect(e.length).toBe(r.stopEpoch);
      expect(r.epochs).toBe(r.stopEpoch - 1);
    }
    const dscAcc = accuracy(r.labels, data.labels);
    const raw = await ssc(be, x, 3, { seed: 1, restarts: 5 });
    console.log(`dsc: stop ${r.stopEpoch}, errors ${e[0].toFixed(3)} → ${e[e.length - 1].toFixed(3)}, acc ${dscAcc.toFixed(3)}; ssc raw acc ${accuracy(raw.labels, data.labels).toFixed(3)}`);
    expect(e[e.length - 2]).toBeLessThan(0.5 * e[0]);
    expect(dscAcc).toBeGreaterThanOrEqual(0.9);
  });
});
