// The host eigenvalue routine for small non-symmetric matrices, against eigenvalues known in closed form.
import { describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { realEigenvalues } from './realEigenvalues';

/** The companion matrix of the monic polynomial with these roots (its eigenvalues are the roots). */
function companion(roots: number[]): number[] {
  let coeffs = [1];
  for (const r of roots) coeffs = [...coeffs, 0].map((c, i) => c - (i > 0 ? r * coeffs[i - 1] : 0));
  const n = roots.length;
  const a = new Array<number>(n * n).fill(0);
  for (let j = 0; j < n; j++) a[j] = -coeffs[j + 1];
  for (let i = 1; i < n; i++) a[i * n + i - 1] = 1;
  return a;
}

/** Q·A·Qᵀ for a random orthogonal Q (a product of Householder reflections): same eigenvalues, no structure left. */
function hide(a: number[], n: number, rng: Rng): number[] {
  let m = a.slice();
  for (let k = 0; k < 3; k++) {
    const v = Array.from({ length: n }, () => rng.normal());
    const vv = v.reduce((s, x) => s + x * x, 0);
    const H = (i: number, j: number) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv;
    const next = new Array<number>(n * n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) s += H(i, p) * m[p * n + q] * H(q, j);
      next[i * n + j] = s;
    }
    m = next;
  }
  return m;
}

describe('realEigenvalues', () => {
  it('a rotation by 90°: ±i', () => {
    const { re, im } = realEigenvalues([0, -1, 1, 0], 2);
    expect(re[0]).toBeCloseTo(0, 14);
    expect(re[1]).toBeCloseTo(0, 14);
    expect([im[0], im[1]]).toEqual([1, -1]);
  });

  it('companion matrices: the roots 1…7, to 1e-8', () => {
    const roots = [1, 2, 3, 4, 5, 6, 7];
    const { re, im } = realEigenvalues(companion(roots), 7);
    expect(re.map((x) => Math.abs(x - Math.round(x))).every((e) => e < 1e-8)).toBe(true);
    expect(re.map(Math.round)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(Math.max(...im.map(Math.abs))).toBeLessThan(1e-8);
  });

  it('a hidden block-diagonal matrix: 0.9 ± 0.3i, 0.5, −0.7, 0.2 ± 0.6i, 0.05', () => {
    const n = 7;
    const a = new Array<number>(n * n).fill(0);
    const set = (i: number, j: number, v: number) => (a[i * n + j] = v);
    set(0, 0, 0.9); set(0, 1, -0.3); set(1, 0, 0.3); set(1, 1, 0.9);
    set(2, 2, 0.5); set(3, 3, -0.7);
    set(4, 4, 0.2); set(4, 5, 0.6); set(5, 4, -0.6); set(5, 5, 0.2);
    set(6, 6, 0.05);
    const { re, im } = realEigenvalues(hide(a, n, new Rng(3)), n);
    const want = [[0.9, 0.3], [0.9, -0.3], [-0.7, 0], [0.2, 0.6], [0.2, -0.6], [0.5, 0], [0.05, 0]];
    for (const [r, i] of want) {
      const d = Math.min(...re.map((x, j) => Math.hypot(x - r, im[j] - i)));
      expect(d, `${r} + ${i}i`).toBeLessThan(1e-10);
    }
  });

  it('1×1, a zero matrix, and a defective Jordan block', () => {
    expect(realEigenvalues([4.5], 1)).toEqual({ re: [4.5], im: [0] });
    expect(realEigenvalues([0, 0, 0, 0], 2).re).toEqual([0, 0]);
    const { re } = realEigenvalues([2, 1, 0, 2], 2);
    expect(re.every((x) => Math.abs(x - 2) < 1e-7)).toBe(true);
  });

  it('bad input is a clear error', () => {
    expect(() => realEigenvalues([1, 2, 3], 2)).toThrow(/do not form a 2×2/);
    expect(() => realEigenvalues([1, NaN, 0, 1], 2)).toThrow(/entry \(0, 1\) is NaN/);
  });
});
