// cholesky, logdet and logdetBatched on the float64 cpu backend: L·Lᵀ = A, known log-determinants, clear errors.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { spdWithEigenvalues } from '../testing/matrices';
import { cholesky, logdet, logdetBatched } from './cholesky';

const be = new CpuBackend();

/** Eigenvalues spread over [1, 10]: well conditioned. */
function spectrum(n: number): number[] {
  return Array.from({ length: n }, (_, i) => 1 + (9 * i) / Math.max(1, n - 1));
}

/** ‖L·Lᵀ − A‖_F/‖A‖_F and the largest |entry| above L's diagonal. */
function choleskyErrors(a: ArrayLike<number>, l: ArrayLike<number>, n: number) {
  let residual = 0, norm = 0, upper = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += l[i * n + p] * l[j * n + p];
      residual += (s - a[i * n + j]) ** 2;
      norm += a[i * n + j] ** 2;
      if (j > i) upper = Math.max(upper, Math.abs(l[i * n + j]));
    }
  }
  return { residual: Math.sqrt(residual / norm), upper };
}

describe('cholesky kernel (cpu twin)', () => {
  for (const n of [1, 2, 3, 17, 31, 64, 100, 128]) {
    it(`${n}×${n}: L lower triangular with L·Lᵀ = A`, async () => {
      const a = spdWithEigenvalues(new Rng(n), spectrum(n));
      const live = be.liveTensors();
      const t = be.upload(a, { rows: n, cols: n });
      const l = await cholesky(be, t);
      const { residual, upper } = choleskyErrors(a, await be.read(l), n);
      expect(residual).toBeLessThan(1e-14);
      expect(upper).toBe(0);
      be.dispose(l);
      be.dispose(t);
      expect(be.liveTensors()).toBe(live);
    });
  }

  it('batched: 5 items of 7×7', async () => {
    const rng = new Rng(5);
    const items = Array.from({ length: 5 }, (_, z) => spdWithEigenvalues(rng, spectrum(7).map((x) => x * (z + 1))));
    const all = new Float64Array(5 * 49);
    items.forEach((x, z) => all.set(x, z * 49));
    const t = be.upload(all, { batch: 5, rows: 7, cols: 7 });
    const l = await be.read(await cholesky(be, t));
    for (let z = 0; z < 5; z++) expect(choleskyErrors(items[z], l.subarray(z * 49, z * 49 + 49), 7).residual).toBeLessThan(1e-14);
  });

  it('names the first bad pivot of a matrix that is not positive definite', async () => {
    const live = be.liveTensors();
    const t = be.upload([1, 0, 0, 0, 0, 2, 0, 0, 0, 0, -3, 0, 0, 0, 0, 4], { rows: 4, cols: 4 });
    await expect(cholesky(be, t)).rejects.toThrow('cholesky: matrix is not positive definite (pivot k = 2 is -3)');
    await expect(logdet(be, t)).rejects.toThrow(/logdet: matrix is not positive definite \(pivot k = 2/);
    const indefinite = be.upload([1, 2, 2, 1], { rows: 2, cols: 2 });
    await expect(cholesky(be, indefinite)).rejects.toThrow(/pivot k = 1 is -3/);
    const nan = be.upload([1, 0, NaN, 1], { rows: 2, cols: 2 });
    await expect(cholesky(be, nan)).rejects.toThrow(/non-finite/);
    const batch = be.upload([1, 0, 0, 1, 1, 0, 0, 0], { batch: 2, rows: 2, cols: 2 });
    await expect(cholesky(be, batch)).rejects.toThrow(/pivot k = 1 is 0 in batch item 1/);
    for (const x of [t, indefinite, nan, batch]) be.dispose(x);
    expect(be.liveTensors()).toBe(live);
  });
});

describe('logdet (cpu, float64)', () => {
  it('matches Σ log λ for prescribed spectra', async () => {
    for (const n of [1, 3, 64, 128]) {
      const lambda = spectrum(n);
      const t = be.upload(spdWithEigenvalues(new Rng(n + 1), lambda), { rows: n, cols: n });
      const expected = lambda.reduce((s, x) => s + Math.log(x), 0);
      expect(Math.abs((await logdet(be, t)) - expected)).toBeLessThan(1e-11);
      be.dispose(t);
    }
  });

  it('gives the coding rate R = ½ logdet(I + d/(nε²)·Z·Zᵀ) = 4 ln 3 for Z = I₈, d = n = 8, ε² = 0.5', async () => {
    const live = be.liveTensors();
    const d = 8, n = 8, eps2 = 0.5;
    const z = be.upload(Array.from({ length: 64 }, (_, i) => (i % 9 === 0 ? 1 : 0)), { rows: 8, cols: 8 });
    const eye = be.upload(Array.from({ length: 64 }, (_, i) => (i % 9 === 0 ? 1 : 0)), { rows: 8, cols: 8 });
    const m = be.tidy(() => be.elementwise('add', eye, be.matmul(z, z, { transB: true }), 1, d / (n * eps2)));
    const rate = 0.5 * (await logdet(be, m));
    expect(Math.abs(rate - 4 * Math.log(3))).toBeLessThan(1e-12);
    for (const x of [z, eye, m]) be.dispose(x);
    expect(be.liveTensors()).toBe(live);
  });

  it('logdetBatched returns one value per item; logdet refuses batches', async () => {
    const t = be.upload([2, 0, 0, 2, 1, 0.5, 0.5, 1], { batch: 2, rows: 2, cols: 2 });
    const values = await logdetBatched(be, t);
    expect(values[0]).toBeCloseTo(Math.log(4), 14);
    expect(values[1]).toBeCloseTo(Math.log(0.75), 14);
    await expect(logdet(be, t)).rejects.toThrow(/logdetBatched/);
    be.dispose(t);
  });
});
