// Leverage scores and Lewis weights in float64: their sums, their defining identities, p = 2, and clear errors on bad input.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { runLinalg } from './matrixApi';
import { leverageScores, lewisWeights } from './rowScores';

const be = new CpuBackend();

/** A tall test matrix with rows of very different sizes (n×d, row-major). */
function unevenRows(seed: number, n: number, d: number): Float64Array {
  const rng = new Rng(seed);
  const a = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const scale = (1 - rng.uniform()) ** -0.7;
    for (let j = 0; j < d; j++) a[i * d + j] = scale * rng.normal();
  }
  return a;
}

/** aᵢᵀ(Σⱼ cⱼaⱼaⱼᵀ)⁻¹aᵢ for every row, by Gauss–Jordan on the d×d matrix (an independent host reference). */
function weightedQuadratic(a: Float64Array, n: number, d: number, c: ArrayLike<number>): Float64Array {
  const m = new Float64Array(d * d);
  for (let i = 0; i < n; i++) for (let r = 0; r < d; r++) for (let s = 0; s < d; s++) m[r * d + s] += c[i] * a[i * d + r] * a[i * d + s];
  const inv = new Float64Array(d * d);
  for (let k = 0; k < d; k++) inv[k * d + k] = 1;
  for (let k = 0; k < d; k++) {
    let pivot = k;
    for (let r = k + 1; r < d; r++) if (Math.abs(m[r * d + k]) > Math.abs(m[pivot * d + k])) pivot = r;
    for (const x of [m, inv]) for (let s = 0; s < d; s++) [x[k * d + s], x[pivot * d + s]] = [x[pivot * d + s], x[k * d + s]];
    const diag = m[k * d + k];
    for (let s = 0; s < d; s++) {
      m[k * d + s] /= diag;
      inv[k * d + s] /= diag;
    }
    for (let r = 0; r < d; r++) {
      if (r === k) continue;
      const f = m[r * d + k];
      for (let s = 0; s < d; s++) {
        m[r * d + s] -= f * m[k * d + s];
        inv[r * d + s] -= f * inv[k * d + s];
      }
    }
  }
  return Float64Array.from({ length: n }, (_, i) => {
    let q = 0;
    for (let r = 0; r < d; r++) for (let s = 0; s < d; s++) q += a[i * d + r] * inv[r * d + s] * a[i * d + s];
    return q;
  });
}

const sum = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v, 0);

describe('leverage scores (float64)', () => {
  it('equal aᵢᵀ(AᵀA)⁻¹aᵢ and sum to d', async () => {
    const n = 57;
    const d = 6;
    const a = unevenRows(3, n, d);
    const t = be.upload(a, { rows: n, cols: d });
    const tau = await leverageScores(be, t);
    be.dispose(t);
    const want = weightedQuadratic(a, n, d, new Float64Array(n).fill(1));
    tau.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-12));
    expect(Math.abs(sum(tau) - d)).toBeLessThan(1e-12);
  });
});

describe('ℓp Lewis weights (float64)', () => {
  const n = 80;
  const d = 5;
  const a = unevenRows(7, n, d);
  for (const p of [1, 1.5, 3, 4, 6]) {
    it(`p = ${p}: wᵢ = (aᵢᵀ(AᵀW^{1−2/p}A)⁻¹aᵢ)^{p/2} at the fixed point, and Σw = d`, async () => {
      const t = be.upload(a, { rows: n, cols: d });
      const { weights, change } = await lewisWeights(be, t, p, { maxIterations: 400 });
      be.dispose(t);
      expect(change).toBeLessThan(1e-12);
      const rhs = weightedQuadratic(a, n, d, weights.map((w) => w ** (1 - 2 / p)));
      weights.forEach((w, i) => expect(Math.abs(w - rhs[i] ** (p / 2))).toBeLessThan(1e-10 * Math.max(1, w)));
      expect(Math.abs(sum(weights) - d)).toBeLessThan(1e-9);
    });
  }
  it('p = 2 gives the leverage scores', async () => {
    const t = be.upload(a, { rows: n, cols: d });
    const [w, tau] = [(await lewisWeights(be, t, 2)).weights, await leverageScores(be, t)];
    be.dispose(t);
    w.forEach((v, i) => expect(Math.abs(v - tau[i])).toBeLessThan(1e-13));
  });
  it('p = 1 differs from leverage where rows are uneven (the check above is not vacuous)', async () => {
    const t = be.upload(a, { rows: n, cols: d });
    const [w, tau] = [(await lewisWeights(be, t, 1)).weights, await leverageScores(be, t)];
    be.dispose(t);
    expect(Math.max(...w.map((v, i) => Math.abs(v - tau[i])))).toBeGreaterThan(0.01);
  });
});

describe('the public linalg entry points', () => {
  const tall = { rows: 6, cols: 2, data: Float32Array.from([1, 0, 0, 1, 1, 1, 2, -1, 0.5, 3, -2, 1]) };
  it('return plain number arrays per row that sum to cols', async () => {
    const lev = (await runLinalg(be, 'leverageScores', [tall])) as number[];
    const lewis = (await runLinalg(be, 'lewisWeights', [tall, 1])) as number[];
    expect(Array.isArray(lev) && Array.isArray(lewis)).toBe(true);
    expect(lev).toHaveLength(6);
    expect(Math.abs(sum(lev) - 2)).toBeLessThan(1e-9);
    expect(Math.abs(sum(lewis) - 2)).toBeLessThan(1e-9);
    expect(be.liveTensors()).toBe(0);
  });
  it('reject bad input with a clear error, never NaN', async () => {
    await expect(runLinalg(be, 'lewisWeights', [tall, 0.5])).rejects.toThrow(/p must be a finite number ≥ 1/);
    await expect(runLinalg(be, 'lewisWeights', [tall, Number.NaN])).rejects.toThrow(/p must be a finite number ≥ 1/);
    await expect(runLinalg(be, 'lewisWeights', [tall, '2'])).rejects.toThrow(/p must be a number/);
    await expect(runLinalg(be, 'leverageScores', [{ rows: 2, cols: 3, data: new Float32Array(6).fill(1) }])).rejects.toThrow(/rows ≥ cols/);
    await expect(runLinalg(be, 'leverageScores', [{ ...tall, data: Float32Array.from(tall.data).fill(Number.NaN, 3, 4) }])).rejects.toThrow(/only finite numbers/);
    const dependent = { rows: 4, cols: 2, data: Float32Array.from([1, 2, 2, 4, -1, -2, 3, 6]) };
    await expect(runLinalg(be, 'leverageScores', [dependent])).rejects.toThrow(/rank deficient/);
    await expect(runLinalg(be, 'lewisWeights', [dependent, 1])).rejects.toThrow(/rank deficient/);
    expect(be.liveTensors()).toBe(0);
  });
});
