// householder_qr on the float64 cpu backend: QᵀQ = I, A = QR, R upper triangular with R_ii ≥ 0, no leaks, clear errors.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { gradedSpectrum, withSingularValues } from '../testing/matrices';
import { belowDiagonal, orthogonalityError, productResidual } from './factorizationChecks';
import { qr } from './qr';

const be = new CpuBackend();

async function checkQr(a: Float64Array, batch: number, m: number, n: number, tol = 1e-13) {
  const start = be.liveTensors();
  const at = be.upload(a, { batch, rows: m, cols: n });
  const { Q, R } = await qr(be, at);
  expect([Q.batch, Q.rows, Q.cols]).toEqual([batch, m, n]);
  expect([R.batch, R.rows, R.cols]).toEqual([batch, n, n]);
  const q = await be.read(Q);
  const r = await be.read(R);
  for (let z = 0; z < batch; z++) {
    expect(orthogonalityError(q, m, n, z), `QᵀQ − I, item ${z}`).toBeLessThan(tol);
    expect(productResidual(a, q, r, m, n, n, z), `A − QR, item ${z}`).toBeLessThan(tol);
    for (let i = 0; i < n; i++) expect(r[(z * n + i) * n + i]).toBeGreaterThanOrEqual(0);
  }
  expect(belowDiagonal(r, n, batch)).toBe(0);
  for (const t of [at, Q, R]) be.dispose(t);
  expect(be.liveTensors(), 'every intermediate is freed').toBe(start);
}

describe('householder_qr kernel (float64 twin)', () => {
  const shapes: [number, number, number][] = [[1, 1, 1], [1, 7, 1], [1, 5, 5], [1, 13, 7], [1, 64, 64], [1, 131, 17], [3, 9, 4], [2, 2, 2]];
  for (const [batch, m, n] of shapes) {
    it(`factors a Gaussian ${batch}×${m}×${n}`, async () => {
      await checkQr(Float64Array.from(new Rng(m * 31 + n).normals(batch * m * n)), batch, m, n);
    });
  }

  it('keeps Q orthonormal for an ill-conditioned 120×30 (σ from 1 to 1e-12)', async () => {
    await checkQr(withSingularValues(new Rng(3), 120, 30, gradedSpectrum(30, 1, 1e-12)), 1, 120, 30);
  });

  it('keeps Q orthonormal with zero and repeated columns', async () => {
    const m = 10, n = 5;
    const g = new Rng(4).normals(m * 2);
    const a = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      a[i * n + 0] = g[i];
      a[i * n + 1] = 0; // a zero column
      a[i * n + 2] = g[i]; // a repeat of column 0
      a[i * n + 3] = g[m + i];
      a[i * n + 4] = 2 * g[m + i];
    }
    await checkQr(a, 1, m, n);
  });

  it('handles a zero matrix', async () => {
    await checkQr(new Float64Array(6 * 3), 1, 6, 3);
  });

  it('matches the unique factor with R_ii > 0 (modified Gram–Schmidt) on a well-conditioned matrix', async () => {
    const m = 9, n = 4;
    const a = Float64Array.from(new Rng(8).normals(m * n));
    const { Q } = await qr(be, be.upload(a, { rows: m, cols: n }));
    const q = await be.read(Q);
    const mgs = Float64Array.from(a);
    for (let j = 0; j < n; j++) {
      for (let p = 0; p < j; p++) {
        let d = 0;
        for (let i = 0; i < m; i++) d += mgs[i * n + p] * mgs[i * n + j];
        for (let i = 0; i < m; i++) mgs[i * n + j] -= d * mgs[i * n + p];
      }
      let s = 0;
      for (let i = 0; i < m; i++) s += mgs[i * n + j] ** 2;
      for (let i = 0; i < m; i++) mgs[i * n + j] /= Math.sqrt(s);
    }
    for (let i = 0; i < m * n; i++) expect(q[i]).toBeCloseTo(mgs[i], 12);
  });

  it('rejects a wide matrix with a RangeError that says why', async () => {
    await expect(qr(be, be.fill({ rows: 3, cols: 5 }, 1))).rejects.toThrow(/rows ≥ cols/);
  });
});
