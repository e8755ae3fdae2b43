// Exact identities of the similarity measures in float64: CKA invariances, Procrustes, CCA of a view with itself, principal angles.
import { describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { canonicalCorrelations, fitCca, linearCka, principalAngles, procrustes, unitCorrelations } from './similarity';
import { runLinalg } from './matrixApi';

const be = new CpuBackend();
const gaussian = (rows: number, cols: number, seed: number) => be.upload(new Rng(seed).normals(rows * cols), { rows, cols });

/** A random orthogonal d×d matrix (Q of a Gaussian matrix by Gram–Schmidt, host side: tiny). */
function randomOrthogonal(d: number, seed: number): Float64Array {
  const g = Float64Array.from(new Rng(seed).normals(d * d));
  for (let j = 0; j < d; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += g[i * d + j] * g[i * d + p];
      for (let i = 0; i < d; i++) g[i * d + j] -= dot * g[i * d + p];
    }
    let n = 0;
    for (let i = 0; i < d; i++) n += g[i * d + j] ** 2;
    for (let i = 0; i < d; i++) g[i * d + j] /= Math.sqrt(n);
  }
  return g;
}

describe('similarity measures (float64)', () => {
  it('linear CKA is 1 for a representation and any orthogonal map and isotropic scaling of it, < 1 for another', async () => {
    const X = gaussian(40, 6, 1);
    const Q = be.upload(randomOrthogonal(6, 2), { rows: 6, cols: 6 });
    const XQ = be.elementwise('scale', be.matmul(X, Q), null, 3.7);
    expect(Math.abs((await linearCka(be, X, XQ)) - 1)).toBeLessThan(1e-12);
    expect(Math.abs((await linearCka(be, X, X)) - 1)).toBeLessThan(1e-12);
    const Y = gaussian(40, 5, 3);
    const YQ = be.elementwise('scale', be.matmul(Y, be.upload(randomOrthogonal(5, 4), { rows: 5, cols: 5 })), null, 0.2);
    const a = await linearCka(be, X, Y);
    const b = await linearCka(be, XQ, YQ);
    expect(a).toBeLessThan(0.6);
    expect(Math.abs(a - b)).toBeLessThan(1e-12);
  });

  it('unit correlations of a representation with its column-permuted copy are a permutation matrix of ones', async () => {
    const X = gaussian(30, 5, 5);
    const perm = [3, 0, 4, 1, 2];
    const Xv = be.view(X);
    const P = be.upload(Float64Array.from({ length: 150 }, (_, i) => Xv[Math.floor(i / 5) * 5 + perm[i % 5]]), { rows: 30, cols: 5 });
    const C = be.view(unitCorrelations(be, X, P));
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) {
      if (perm[j] === i) expect(Math.abs(C[i * 5 + j] - 1)).toBeLessThan(1e-12);
      else expect(Math.abs(C[i * 5 + j])).toBeLessThan(0.9);
    }
  });

  it('Procrustes recovers a known rotation exactly, from noisy data to within the noise', async () => {
    const X = gaussian(50, 4, 6);
    const R = randomOrthogonal(4, 7);
    const Y = be.matmul(X, be.upload(R, { rows: 4, cols: 4 }));
    const got = be.view(await procrustes(be, X, Y));
    got.forEach((v, i) => expect(Math.abs(v - R[i])).toBeLessThan(1e-12));
    const noisy = be.elementwise('add', Y, gaussian(50, 4, 8), 1, 0.01);
    be.view(await procrustes(be, X, noisy)).forEach((v, i) => expect(Math.abs(v - R[i])).toBeLessThan(0.01));
  });

  it('CCA of a view with itself (or any invertible map of it) gives correlations 1; independent views much less', async () => {
    const X = gaussian(60, 5, 9);
    const mixed = be.matmul(X, gaussian(5, 5, 10));
    for (const r of await canonicalCorrelations(be, X, mixed, 5)) expect(Math.abs(r - 1)).toBeLessThan(1e-10);
    const Y = gaussian(60, 5, 11);
    const rho = await canonicalCorrelations(be, X, Y, 3);
    expect(rho[0]).toBeLessThan(0.7);
    expect(rho[0]).toBeGreaterThanOrEqual(rho[1]);
  });

  it('CCA directions give projections whose correlations are the canonical correlations', async () => {
    const X = gaussian(80, 4, 12);
    const Y = be.elementwise('add', be.matmul(X, gaussian(4, 3, 13)), gaussian(80, 3, 14), 1, 0.5);
    const fit = await fitCca(be, X, Y, 2);
    const px = be.matmul(be.elementwise('add', X, fit.meanX, 1, -1), fit.A);
    const py = be.matmul(be.elementwise('add', Y, fit.meanY, 1, -1), fit.B);
    const C = be.view(unitCorrelations(be, px, py));
    expect(Math.abs(C[0] - fit.correlations[0])).toBeLessThan(1e-10);
    expect(Math.abs(C[3] - fit.correlations[1])).toBeLessThan(1e-10);
    expect(Math.abs(C[1])).toBeLessThan(1e-10);
    fit.dispose();
  });

  it('principal angles: 0 between a span and a re-mixed basis of it, π/2 against its orthogonal complement', async () => {
    const Q = randomOrthogonal(6, 15);
    const cols = (c: number[]) => be.upload(Float64Array.from({ length: 6 * c.length }, (_, i) => Q[Math.floor(i / c.length) * 6 + c[i % c.length]]), { rows: 6, cols: c.length });
    const A = cols([0, 1, 2]);
    const mixedA = be.matmul(A, gaussian(3, 3, 16));
    for (const t of await principalAngles(be, A, mixedA)) expect(t).toBeLessThan(1e-7);
    for (const t of await principalAngles(be, A, cols([3, 4]))) expect(Math.abs(t - Math.PI / 2)).toBeLessThan(1e-12);
    const half = await principalAngles(be, cols([0, 3]), cols([1, 3]));
    expect(half[0]).toBeLessThan(1e-7);
    expect(Math.abs(half[1] - Math.PI / 2)).toBeLessThan(1e-12);
  });

  it('the public entry points reject mismatched rows and k beyond the rank with clear errors', async () => {
    const m = (rows: number, cols: number, seed: number) => ({ rows, cols, data: Float32Array.from(new Rng(seed).normals(rows * cols)) });
    await expect(runLinalg(be, 'cka', [m(10, 3, 1), m(9, 3, 2)])).rejects.toThrow(/rows must match/);
    await expect(runLinalg(be, 'cca', [m(10, 3, 1), m(10, 2, 2), 3])).rejects.toThrow(/exceeds the rank/);
    await expect(runLinalg(be, 'principalAngles', [m(10, 3, 1), m(8, 3, 2)])).rejects.toThrow(/rows must match/);
    await expect(runLinalg(be, 'procrustes', [m(10, 3, 1), m(10, 4, 2)])).rejects.toThrow(/equal widths/);
    const cka = (await runLinalg(be, 'cka', [m(10, 3, 1), m(10, 3, 1)])) as number;
    expect(Math.abs(cka - 1)).toBeLessThan(1e-6);
  });
});
