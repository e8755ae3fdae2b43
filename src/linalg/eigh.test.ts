// eigh on the float64 cpu backend: Jacobi sweeps checked by their properties and against known spectra.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { spdWithEigenvalues } from '../testing/matrices';
import { eigh } from './eigh';
import { pairOf } from './eighKernels';

const be = new CpuBackend();

function symmetricGaussian(rng: Rng, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
  return a;
}

/** ‖VᵀV − I‖_max and ‖A − VΛVᵀ‖_F/‖A‖_F for one n×n item. */
function eighErrors(a: Float64Array, values: ArrayLike<number>, v: Float64Array, n: number) {
  let orthogonality = 0, residual = 0, norm = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let vtv = 0, rec = 0;
      for (let p = 0; p < n; p++) {
        vtv += v[p * n + i] * v[p * n + j];
        rec += v[i * n + p] * values[p] * v[j * n + p];
      }
      orthogonality = Math.max(orthogonality, Math.abs(vtv - (i === j ? 1 : 0)));
      residual += (a[i * n + j] - rec) ** 2;
      norm += a[i * n + j] ** 2;
    }
  }
  return { orthogonality, residual: norm > 0 ? Math.sqrt(residual / norm) : Math.sqrt(residual) };
}

function expectDescending(values: ArrayLike<number>) {
  for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
}

describe('jacobi_eigh kernel (cpu twin)', () => {
  it('round-robin pairs cover every pair exactly once per sweep', () => {
    for (const m of [2, 4, 18, 32]) {
      const seen = new Set<string>();
      for (let round = 0; round < m - 1; round++) {
        const used = new Set<number>();
        for (let k = 0; k < m / 2; k++) {
          const [p, q] = pairOf(m, round, k);
          expect(p).toBeLessThan(q);
          expect(used.has(p) || used.has(q)).toBe(false);
          used.add(p).add(q);
          seen.add(`${p},${q}`);
        }
      }
      expect(seen.size).toBe((m * (m - 1)) / 2);
    }
  });
});

describe('eigh (cpu, float64)', () => {
  for (const n of [1, 2, 3, 17, 31, 64, 100, 128]) {
    it(`random symmetric ${n}×${n}: orthonormal V, A = VΛVᵀ, descending`, async () => {
      const a = symmetricGaussian(new Rng(n), n);
      const live = be.liveTensors();
      const t = be.upload(a, { rows: n, cols: n });
      const { values, vectors } = await eigh(be, t);
      const v = await be.read(vectors);
      be.dispose(vectors);
      be.dispose(t);
      expect(be.liveTensors()).toBe(live);
      expect(values.length).toBe(n);
      expectDescending(values);
      const { orthogonality, residual } = eighErrors(a, values, v, n);
      expect(orthogonality).toBeLessThan(1e-12);
      expect(residual).toBeLessThan(1e-12);
      let trace = 0;
      for (let i = 0; i < n; i++) trace += a[i * n + i];
      expect(values.reduce((s, x) => s + x, 0)).toBeCloseTo(trace, 9);
    });
  }

  it('recovers a prescribed spectrum, clusters included, to float64 accuracy', async () => {
    const lambda = [9, 5, 5, 5, 3 + 1e-9, 3, 1, 0.5, -2, -2];
    const n = lambda.length;
    const a = spdWithEigenvalues(new Rng(3), lambda);
    const t = be.upload(a, { rows: n, cols: n });
    const { values, vectors } = await eigh(be, t);
    const sorted = [...lambda].sort((x, y) => y - x);
    for (let i = 0; i < n; i++) expect(Math.abs(values[i] - sorted[i])).toBeLessThan(1e-13 * 9);
    const { orthogonality, residual } = eighErrors(a, values, await be.read(vectors), n);
    expect(orthogonality).toBeLessThan(1e-13);
    expect(residual).toBeLessThan(1e-13);
    be.dispose(vectors);
    be.dispose(t);
  });

  it('handles the zero matrix, the identity and a diagonal matrix', async () => {
    for (const diag of [[0, 0, 0], [1, 1, 1], [2, -7, 4]]) {
      const n = diag.length;
      const a = new Float64Array(n * n);
      diag.forEach((d, i) => (a[i * n + i] = d));
      const t = be.upload(a, { rows: n, cols: n });
      const { values, vectors } = await eigh(be, t);
      expect([...values]).toEqual([...diag].sort((x, y) => y - x));
      expect(eighErrors(a, values, await be.read(vectors), n).orthogonality).toBe(0);
      be.dispose(vectors);
      be.dispose(t);
    }
  });

  it('batched: 5 items of 7×7 match one-at-a-time results', async () => {
    const rng = new Rng(11);
    const items = Array.from({ length: 5 }, () => symmetricGaussian(rng, 7));
    const all = new Float64Array(5 * 49);
    items.forEach((x, z) => all.set(x, z * 49));
    const t = be.upload(all, { batch: 5, rows: 7, cols: 7 });
    const { values, vectors } = await eigh(be, t);
    expect(values.length).toBe(35);
    expect([vectors.batch, vectors.rows, vectors.cols]).toEqual([5, 7, 7]);
    const v = await be.read(vectors);
    for (let z = 0; z < 5; z++) {
      const single = be.upload(items[z], { rows: 7, cols: 7 });
      const one = await eigh(be, single);
      for (let i = 0; i < 7; i++) expect(values[z * 7 + i]).toBeCloseTo(one.values[i], 12);
      const { orthogonality, residual } = eighErrors(items[z], values.subarray(z * 7, z * 7 + 7), v.subarray(z * 49, z * 49 + 49), 7);
      expect(orthogonality).toBeLessThan(1e-13);
      expect(residual).toBeLessThan(1e-13);
      be.dispose(one.vectors);
      be.dispose(single);
    }
    be.dispose(vectors);
    be.dispose(t);
  });

  it('accepts rounding-level asymmetry and rejects real asymmetry, NaN and non-square input clearly', async () => {
    const live = be.liveTensors();
    const nearly = be.upload([2, 1, 1 + 1e-9, 3], { rows: 2, cols: 2 });
    const ok = await eigh(be, nearly);
    be.dispose(ok.vectors);
    const lopsided = be.upload([2, 1, 0, 3], { rows: 2, cols: 2 });
    await expect(eigh(be, lopsided)).rejects.toThrow(RangeError);
    await expect(eigh(be, lopsided)).rejects.toThrow(/not symmetric/);
    const nan = be.upload([1, NaN, NaN, 1], { rows: 2, cols: 2 });
    await expect(eigh(be, nan)).rejects.toThrow(/non-finite/);
    const wide = be.upload([1, 2, 3, 4, 5, 6], { rows: 2, cols: 3 });
    await expect(eigh(be, wide)).rejects.toThrow(/square/);
    for (const t of [nearly, lopsided, nan, wide]) be.dispose(t);
    expect(be.liveTensors()).toBe(live);
  });
});
