// The float64 reference itself: matmul, elementwise, reductions and lifetimes against hand-checked values.
import { describe, expect, it } from 'vitest';
import { CpuBackend, reduceReference } from './cpuBackend';
import { elementwiseReference } from './elementwise';
import { Rng } from '../../data/rng';
import { expectAllclose } from '../../testing/allclose';
import { ELEMENTWISE_OPS } from '../backend';

const be = new CpuBackend();

describe('cpu matmul', () => {
  it('multiplies a hand-checked product', async () => {
    const a = be.upload([1, 2, 3, 4, 5, 6], { rows: 2, cols: 3 });
    const b = be.upload([7, 8, 9, 10, 11, 12], { rows: 3, cols: 2 });
    expect([...(await be.read(be.matmul(a, b)))]).toEqual([58, 64, 139, 154]);
    // AᵀA is symmetric 3×3
    expect([...(await be.read(be.matmul(a, a, { transA: true })))]).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
    expect([...(await be.read(be.matmul(a, a, { transB: true })))]).toEqual([14, 32, 32, 77]);
  });
  it('agrees with a naive triple loop for every transpose and batch', async () => {
    const rng = new Rng(7);
    const [batch, m, k, n] = [3, 5, 7, 4];
    const A = rng.normals(batch * m * k);
    const B = rng.normals(batch * k * n);
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const a = be.upload(A, transA ? { batch, rows: k, cols: m } : { batch, rows: m, cols: k });
        const b = be.upload(B, transB ? { batch, rows: n, cols: k } : { batch, rows: k, cols: n });
        const got = await be.read(be.matmul(a, b, { transA, transB }));
        const want = new Float64Array(batch * m * n);
        for (let z = 0; z < batch; z++)
          for (let i = 0; i < m; i++)
            for (let j = 0; j < n; j++) {
              let s = 0;
              for (let p = 0; p < k; p++) {
                const av = transA ? A[z * k * m + p * m + i] : A[z * m * k + i * k + p];
                const bv = transB ? B[z * n * k + j * k + p] : B[z * k * n + p * n + j];
                s += av * bv;
              }
              want[z * m * n + i * n + j] = s;
            }
        expectAllclose(got, want, { rtol: 1e-12, atol: 1e-12 });
      }
    }
  });
  it('explains shape errors', () => {
    const a = be.fill({ rows: 2, cols: 3 }, 1);
    expect(() => be.matmul(a, a)).toThrow(/inner dimensions differ: A is 2×3, B is 2×3/);
    expect(() => be.upload([1, 2], { rows: 2, cols: 2 })).toThrow(/2 numbers for shape 1×2×2/);
  });
});

describe('cpu elementwise and reductions', () => {
  it('has a formula for every op', () => {
    for (const op of ELEMENTWISE_OPS) expect(Number.isFinite(elementwiseReference(op, 0.5, 2, 1, 1))).toBe(true);
    expect(elementwiseReference('gelu', 1, 0, 0, 0)).toBeCloseTo(0.8411920, 6);
    expect(elementwiseReference('clamp', 5, 0, -1, 2)).toBe(2);
  });
  it('broadcasts rows, columns and scalars', async () => {
    const a = be.upload([1, 2, 3, 4, 5, 6], { rows: 2, cols: 3 });
    expect([...(await be.read(be.elementwise('add', a, be.upload([10, 20, 30], { rows: 1, cols: 3 }))))]).toEqual([11, 22, 33, 14, 25, 36]);
    expect([...(await be.read(be.elementwise('mul', a, be.upload([2, 3], { rows: 2, cols: 1 }))))]).toEqual([2, 4, 6, 12, 15, 18]);
    expect([...(await be.read(be.elementwise('max', a, be.upload([3.5], { rows: 1, cols: 1 }))))]).toEqual([3.5, 3.5, 3.5, 4, 5, 6]);
    expect(() => be.elementwise('add', a, be.upload([1, 2], { rows: 1, cols: 2 }))).toThrow(/does not broadcast/);
  });
  it('reduces per row, per column and overall', async () => {
    const a = be.upload([1, -5, 3, 4, 2, -6], { rows: 2, cols: 3 });
    expect([...(await be.read(be.reduce('sum', a, 'perRow')))]).toEqual([-1, 0]);
    expect([...(await be.read(be.reduce('max', a, 'perCol')))]).toEqual([4, 2, 3]);
    expect([...(await be.read(be.reduce('argmax', a, 'perRow')))]).toEqual([2, 0]);
    expect([...(await be.read(be.reduce('maxAbs', a, 'all')))]).toEqual([6]);
    expect(reduceReference('norm', [3, 4])).toBe(5);
    expect(reduceReference('sum', [])).toBe(0);
  });
});

describe('tensor lifetimes', () => {
  it("tidy frees what it does not return, including nested frames and on throw", async () => {
    const b = new CpuBackend();
    const x = b.fill({ rows: 2, cols: 2 }, 1);
    const kept = b.tidy(() => {
      b.elementwise('exp', x);
      const inner = b.tidy(() => b.elementwise('relu', b.elementwise('scale', x, null, 2)));
      return { inner };
    });
    expect(b.liveTensors()).toBe(2);
    expect(() => b.tidy(() => { b.fill({ rows: 1, cols: 1 }, 0); throw new Error('boom'); })).toThrow('boom');
    expect(b.liveTensors()).toBe(2);
    b.dispose(kept.inner);
    b.dispose(x);
    expect(b.liveTensors()).toBe(0);
    await expect(b.read(x)).rejects.toThrow(/already disposed/);
  });
});

describe('seeded generator', () => {
  it('is deterministic and roughly standard normal', () => {
    const a = new Rng(42).normals(20000);
    const b = new Rng(42).normals(20000);
    expect(a).toEqual(b);
    let mean = 0, sq = 0;
    for (const v of a) { mean += v; sq += v * v; }
    mean /= a.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sq / a.length - 1)).toBeLessThan(0.05);
    expect(new Rng(1).uint32()).not.toBe(new Rng(2).uint32());
  });
});
