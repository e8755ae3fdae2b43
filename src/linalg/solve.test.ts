// solve and triangularSolve on the float64 cpu backend: residuals for each assumption, batches, clear errors.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { solveResidual as relativeResidual, solveTestMatrix as matrixFor } from '../testing/solveMatrices';
import { solve, triangularSolve } from './solve';

const be = new CpuBackend();

describe('solve (cpu, float64)', () => {
  for (const assume of ['general', 'spd', 'lower', 'upper'] as const) {
    for (const [n, k] of [[1, 1], [2, 3], [3, 1], [17, 4], [31, 2], [64, 1], [100, 3], [128, 5]]) {
      it(`${assume} ${n}×${n}, ${k} right-hand sides`, async () => {
        const rng = new Rng(n * 10 + k);
        const a = matrixFor(assume, rng, n);
        const b = Float64Array.from(rng.normals(n * k));
        const live = be.liveTensors();
        const ta = be.upload(a, { rows: n, cols: n });
        const tb = be.upload(b, { rows: n, cols: k });
        const x = await solve(be, ta, tb, { assume });
        expect(relativeResidual(a, await be.read(x), b, 1, n, k)).toBeLessThan(1e-14);
        for (const t of [ta, tb, x]) be.dispose(t);
        expect(be.liveTensors()).toBe(live);
      });
    }
  }

  it('general solve needs pivoting: [[0, 1], [1, 0]]', async () => {
    const x = await solve(be, be.upload([0, 1, 1, 0], { rows: 2, cols: 2 }), be.upload([2, 3], { rows: 2, cols: 1 }));
    expect([...(await be.read(x))]).toEqual([3, 2]);
  });

  it('batched: 5 systems of 7×7 with 2 right-hand sides, and a shared SPD A', async () => {
    const rng = new Rng(7);
    const a = new Float64Array(5 * 49);
    for (let z = 0; z < 5; z++) a.set(matrixFor('general', rng, 7), z * 49);
    const b = Float64Array.from(rng.normals(5 * 14));
    const tb = be.upload(b, { batch: 5, rows: 7, cols: 2 });
    const x = await solve(be, be.upload(a, { batch: 5, rows: 7, cols: 7 }), tb);
    expect(relativeResidual(a, await be.read(x), b, 5, 7, 2)).toBeLessThan(1e-14);
    const shared = matrixFor('spd', rng, 7);
    const xs = await solve(be, be.upload(shared, { rows: 7, cols: 7 }), tb, { assume: 'spd' });
    expect(relativeResidual(shared, await be.read(xs), b, 5, 7, 2)).toBeLessThan(1e-14);
  });

  it('reports singular, non-finite, indefinite and mis-shaped input clearly, leaking nothing', async () => {
    const live = be.liveTensors();
    const singular = be.upload([1, 2, 2, 4], { rows: 2, cols: 2 });
    const rhs = be.upload([1, 1], { rows: 2, cols: 1 });
    await expect(solve(be, singular, rhs)).rejects.toThrow(/singular/);
    await expect(solve(be, singular, rhs, { assume: 'spd' })).rejects.toThrow(/solve: matrix is not positive definite \(pivot k = 1/);
    const zeroDiagonal = be.upload([1, 0, 3, 0], { rows: 2, cols: 2 });
    await expect(solve(be, zeroDiagonal, rhs, { assume: 'lower' })).rejects.toThrow(/singular/);
    const nanB = be.upload([1, NaN], { rows: 2, cols: 1 });
    const identity = be.upload([1, 0, 0, 1], { rows: 2, cols: 2 });
    await expect(solve(be, identity, nanB)).rejects.toThrow(/B has 1 non-finite/);
    const tall = be.upload([1, 2, 3], { rows: 3, cols: 1 });
    await expect(solve(be, singular, tall)).rejects.toThrow(RangeError);
    expect(() => triangularSolve(be, singular, tall, { lower: true })).toThrow(/3 rows/);
    for (const t of [singular, rhs, zeroDiagonal, nanB, identity, tall]) be.dispose(t);
    expect(be.liveTensors()).toBe(live);
  });
});

describe('triangular_solve kernel (cpu twin)', () => {
  for (const lower of [true, false]) {
    for (const transpose of [false, true]) {
      it(`lower=${lower} transpose=${transpose}, 31×31 with 3 right-hand sides, reads only its triangle`, () => {
        const rng = new Rng(31);
        const n = 31, k = 3;
        const t = matrixFor(lower ? 'lower' : 'upper', rng, n);
        // garbage in the other triangle must be ignored
        const noisy = t.map((x, idx) => ((lower ? idx % n > Math.floor(idx / n) : idx % n < Math.floor(idx / n)) ? 1e6 : x));
        const op = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) op[i * n + j] = transpose ? t[j * n + i] : t[i * n + j];
        const b = Float64Array.from(rng.normals(n * k));
        const x = triangularSolve(be, be.upload(noisy, { rows: n, cols: n }), be.upload(b, { rows: n, cols: k }), { lower, transpose });
        expect(relativeResidual(op, be.view(x), b, 1, n, k)).toBeLessThan(1e-15);
      });
    }
  }
});
