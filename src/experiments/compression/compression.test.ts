// The compression page's checks: EoRA's error is the tail of σ(ΔW·S) and beats plain SVD; OMP residuals never grow;
// every backend stage (cpu, float64) equals its host float64 reference.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../data/rng';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import type { Backend, Tensor } from '../../engine/backend';
import { runExperimentForTest } from '../framework/runForTest';
import { omp, prune24, round4bit } from './methods';
import { mm, tr } from './hostMatrix';
import { prune24On, round4bitOn } from './quantize';
import { calibrationWhitening } from './whitening';
import { compensationOn } from './compensation';
import { codebooksOn, LR2VQ_DIMS } from './codebooks';
import { cospadiOn } from './cospadi';
import { codebookReference, compensationReference, cospadiReference, whiteningReference, type HostLayer } from './reference';

/** Every number of `a` within tol of `b` (arrays entrywise). */
function expectClose(a: unknown, b: unknown, tol: number, name: string) {
  const xs = Array.isArray(a) ? (a as number[]) : [a as number];
  const ys = Array.isArray(b) ? (b as number[]) : [b as number];
  expect(xs.length, name).toBe(ys.length);
  xs.forEach((x, i) => expect(Math.abs(x - ys[i]), `${name}[${i}]: ${x} vs ${ys[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(ys[i]))));
}

/** A random layer (m×n) with correlated calibration / held-out inputs: X = Z·M with a rank-deficient mixing. */
function syntheticLayer(seed: number, m: number, n: number, nCal: number, nTest: number) {
  const rng = new Rng(seed);
  const W = Float64Array.from(rng.normals(m * n));
  const k = Math.ceil(n / 2);
  const M = Float64Array.from(rng.normals(k * n));
  const inputs = (N: number) => {
    const Z = rng.normals(N * k);
    const X = new Float64Array(N * n);
    for (let i = 0; i < N; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) X[i * n + j] += Z[i * k + p] * M[p * n + j];
    return X;
  };
  return { W, m, n, X: inputs(nCal), nCal, Xtest: inputs(nTest), nTest };
}

describe('compression experiment', () => {
  it('quick preset: EoRA identity, EoRA ≤ SVD, OMP monotone, every method plotted', async () => {
    const t0 = performance.now();
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('compression', 'quick');
    console.log(`compression quick preset on the cpu backend: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    expect(m.eora_identity_gap as number).toBeLessThan(1e-10);
    expect(m.eora_minus_svd as number).toBeLessThanOrEqual(1e-12);
    expect(m.omp_worst_growth as number).toBeLessThanOrEqual(1e-12);
    const eora = m.eora_error as number[];
    expect(eora[eora.length - 1]).toBeLessThan(m.base_error as number);
    const plots = meta.plots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['error-vs-size', 'lr2vq-training', 'compensation']);
    expect(plots[0].data.length).toBe(8);
    for (const id of ['lord', 'eora', 'svd', 'codebook', 'lr2vq', 'lr2vq_learned', 'cospadi']) {
      const errors = m[`${id}_error`] as number[];
      const sizes = m[`${id === 'lr2vq_learned' ? 'lr2vq' : id}_size`] as number[];
      expect(errors.length, id).toBe(sizes.length);
      errors.forEach((e) => expect(e, id).toBeGreaterThan(0));
      // a larger budget must buy a smaller error, for every method on this layer
      for (let i = 1; i < errors.length; i++) {
        expect(sizes[i], `${id} sizes`).toBeGreaterThan(sizes[i - 1]);
        expect(errors[i], `${id} error at size ${sizes[i]}`).toBeLessThan(errors[i - 1]);
      }
      // compensating the quantized layer (EoRA, plain SVD) always beats leaving it uncompensated
      if (id === 'eora' || id === 'svd') errors.forEach((e) => expect(e, id).toBeLessThan(m.base_error as number));
    }
  }, 90_000);

  it('rounding, pruning and OMP on small cases', () => {
    const W = Float64Array.from([1, -2, 0.5, 3, 7, 0, -7, 1]);
    expect(Array.from(prune24(W))).toEqual([0, -2, 0, 3, 7, 0, -7, 0]);
    const q = round4bit(W, 2, 4);
    expect(q[3]).toBeCloseTo(3, 12);
    expect(q[6]).toBeCloseTo(-7, 12);
    const rng = new Rng(2);
    const [m, K] = [6, 10];
    const D = Float64Array.from(rng.normals(m * K));
    for (let k = 0; k < K; k++) {
      const norm = Math.hypot(...Array.from({ length: m }, (_, i) => D[i * K + k]));
      for (let i = 0; i < m; i++) D[i * K + k] /= norm;
    }
    const { residuals } = omp(D, m, K, Array.from(rng.normals(m)), 6);
    for (let t = 1; t < residuals.length; t++) expect(residuals[t]).toBeLessThanOrEqual(residuals[t - 1] + 1e-12);
    expect(residuals[residuals.length - 1]).toBeLessThan(1e-8);
  });

  it('4-bit rounding and 2:4 pruning on the backend equal the host versions', async () => {
    const be = new CpuBackend();
    const before = be.liveTensors();
    const small = be.upload([1, -2, 0.5, 3, 7, 0, -7, 1], { rows: 2, cols: 4 });
    const pruned = prune24On(be, small);
    expect(Array.from(await be.read(pruned))).toEqual([0, -2, 0, 3, 7, 0, -7, 0]);
    const rng = new Rng(11);
    for (const [m, n] of [[1, 4], [7, 12], [13, 36], [5, 64]]) {
      const W = Float64Array.from(rng.normals(m * n));
      W[3] = 0; // a zero inside a group
      const t = be.upload(W, { rows: m, cols: n });
      const [r, p] = [round4bitOn(be, t), prune24On(be, t)];
      // +0 folds −0 (Math.round(−0.3) on the host, −w·0 on the backend) into 0
      expect(Array.from(await be.read(r), (v) => v + 0), `round ${m}×${n}`).toEqual(Array.from(round4bit(W, m, n), (v) => v + 0));
      expect(Array.from(await be.read(p), (v) => v + 0), `prune ${m}×${n}`).toEqual(Array.from(prune24(W), (v) => v + 0));
      [t, r, p].forEach((x) => be.dispose(x));
    }
    const zeroRow = be.upload(new Float64Array(8), { rows: 2, cols: 4 });
    const z = round4bitOn(be, zeroRow);
    expect(Array.from(await be.read(z))).toEqual(new Array(8).fill(0));
    [small, pruned, zeroRow, z].forEach((x) => be.dispose(x));
    expect(() => prune24On(be, be.fill({ rows: 3, cols: 3 }, 1))).toThrow(RangeError);
    expect(be.liveTensors()).toBe(before + 1); // the 3×3 fill made for the throw
  });

  it('every backend stage equals its float64 host reference (cpu backend, synthetic 12×20 layer)', async () => {
    const be: Backend = new CpuBackend();
    const before = be.liveTensors();
    const L = syntheticLayer(3, 12, 20, 41, 29);
    const host: HostLayer = L;
    const ranks = [1, 2, 4, 8];
    const [W, X, Xtest] = [be.upload(L.W, { rows: 12, cols: 20 }), be.upload(L.X, { rows: L.nCal, cols: 20 }), be.upload(L.Xtest, { rows: L.nTest, cols: 20 })];
    const wh = await calibrationWhitening(be, X, 0.01);
    const ref = await whiteningReference(be, L.X, L.nCal, L.n, 0.01);
    for (const kind of ['int4', '2:4'] as const) {
      const base: Tensor = kind === 'int4' ? round4bitOn(be, W) : prune24On(be, W);
      const baseHost = kind === 'int4' ? round4bit(L.W, 12, 20) : prune24(L.W);
      const got = await compensationOn(be, { W, base, whitening: wh, Xtest, ranks });
      const want = await compensationReference(be, host, baseHost, ref.S, ref.Sinv, ranks);
      for (const [key, value] of Object.entries(want.metrics)) expectClose((got.metrics as Record<string, unknown>)[key], value, 1e-12, `${kind} ${key}`);
      expect(got.metrics.eora_identity_gap).toBeLessThan(1e-12);
      expect(got.metrics.eora_minus_svd).toBeLessThanOrEqual(1e-12);
      if (kind === '2:4') {
        const G = be.matmul(X, X, { transA: true });
        const cb = await codebooksOn(be, W, got.lordV, G, Xtest, { seed: 4, restarts: 2, maxIter: 20, learned: { steps: 0, lr: 0.01, beta: 0 } });
        be.dispose(G);
        const dims = LR2VQ_DIMS.filter((d) => d <= 12);
        const cbWant = codebookReference(host, want.lordV, want.lordR, dims, cb.fits);
        for (const [key, value] of Object.entries(cbWant)) expectClose((cb.metrics as Record<string, unknown>)[key], value, 1e-12, key);
        // more levels never hurt much: 32 levels beat 4
        expect(cb.metrics.codebook_error[3]).toBeLessThan(cb.metrics.codebook_error[0]);
      }
      be.dispose(base);
      be.dispose(got.lordV);
    }
    // S is unique only up to rotations inside repeated eigenvalues (X has rank 10 < 20, damped to equal values):
    // compare S·Sᵀ = C and S·S⁻¹ = I, then give the host K-SVD the backend's own S
    const [S, Sinv] = [await be.read(wh.S), await be.read(wh.Sinv)];
    expectClose(Array.from(mm(S, tr(S, 20, 20), 20, 20, 20)), Array.from(mm(ref.S, tr(ref.S, 20, 20), 20, 20, 20)), 1e-12, 'S·Sᵀ');
    const eye = Array.from({ length: 400 }, (_, i) => (i % 21 === 0 ? 1 : 0));
    expectClose(Array.from(mm(S, Sinv, 20, 20, 20)), eye, 1e-10, 'S·S⁻¹');
    const cs = await cospadiOn(be, W, wh, Xtest, new Rng(9), 2);
    const csWant = cospadiReference(host, S, Sinv, new Rng(9), 2);
    console.log('cospadi errors', cs.cospadi_error, 'worst OMP growth', cs.omp_worst_growth);
    for (const [key, value] of Object.entries(csWant)) expectClose((cs as Record<string, unknown>)[key], value, 1e-12, key);
    expect(cs.omp_worst_growth).toBeLessThanOrEqual(1e-12);
    [W, X, Xtest, wh.S, wh.Sinv].forEach((t) => be.dispose(t));
    expect(be.liveTensors()).toBe(before);
  });
});
