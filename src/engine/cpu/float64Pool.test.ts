// The freed-array pool of the cpu backend: reuse by length, NaN on give-back, the byte cap; and the backend's use of it.
import { describe, expect, it } from 'vitest';
import { Float64Pool } from './float64Pool';
import { CpuBackend } from './cpuBackend';
import { Rng } from '../../data/rng';

describe('Float64Pool', () => {
  it('hands a freed array to the next take of its length, filled with NaN', () => {
    const pool = new Float64Pool();
    const a = pool.take(6);
    expect([...a]).toEqual([0, 0, 0, 0, 0, 0]);
    a.set([1, 2, 3, 4, 5, 6]);
    pool.give(a);
    expect(a.every(Number.isNaN)).toBe(true);
    expect(pool.take(5)).not.toBe(a);
    expect(pool.take(6)).toBe(a);
    expect(pool.take(6)).not.toBe(a);
    expect(pool.created).toBe(3);
  });
  it('keeps at most its byte cap and lets the rest go', () => {
    const pool = new Float64Pool(1024);
    const arrays = Array.from({ length: 5 }, () => pool.take(32)); // 256 bytes each
    for (const a of arrays) pool.give(a);
    expect(pool.pooledBytes()).toBe(1024);
    const again = Array.from({ length: 5 }, () => pool.take(32));
    expect(again.filter((a) => arrays.includes(a))).toHaveLength(4);
    expect(pool.pooledBytes()).toBe(0);
    for (const a of again) pool.give(a);
    pool.clear();
    expect(pool.pooledBytes()).toBe(0);
    expect(arrays).not.toContain(pool.take(32));
  });
});

describe('cpu backend with the pool', () => {
  it("reuses freed tensors' arrays: a training-like loop makes a few arrays, not one per op", async () => {
    const be = new CpuBackend();
    const rng = new Rng(3);
    let w = be.upload(rng.normals(16 * 8), { rows: 16, cols: 8 });
    const x = be.upload(rng.normals(32 * 16), { rows: 32, cols: 16 });
    const before = be.arraysCreated();
    for (let step = 0; step < 50; step++) {
      const next = be.tidy(() => {
        const y = be.matmul(x, w);
        const g = be.matmul(x, be.elementwise('tanh', y), { transA: true });
        return be.elementwise('add', w, g, 1, -0.01);
      });
      be.dispose(w);
      w = next;
    }
    // 250 ops (two matmuls and two elementwise ops per step): after the first step, reused arrays only
    expect(be.arraysCreated() - before).toBeLessThanOrEqual(8);
    expect(be.liveTensors()).toBe(2);
    // the same loop without reuse (a fresh backend per step) gives the same numbers
    const ref = new CpuBackend();
    const rng2 = new Rng(3);
    let w2 = ref.upload(rng2.normals(16 * 8), { rows: 16, cols: 8 });
    const x2 = ref.upload(rng2.normals(32 * 16), { rows: 32, cols: 16 });
    for (let step = 0; step < 50; step++) {
      const y = ref.matmul(x2, w2);
      const g = ref.matmul(x2, ref.elementwise('tanh', y), { transA: true });
      w2 = ref.elementwise('add', w2, g, 1, -0.01);
    }
    expect([...(await be.read(w))]).toEqual([...(await ref.read(w2))]);
  });
  it('a view kept past its tensor reads NaN, never the next tensor of its length', () => {
    const be = new CpuBackend();
    const t = be.upload([1, 2, 3, 4], { rows: 2, cols: 2 });
    const stale = be.view(t);
    be.dispose(t);
    expect(stale.every(Number.isNaN)).toBe(true);
    const u = be.fill({ rows: 2, cols: 2 }, 7);
    expect([...be.view(u)]).toEqual([7, 7, 7, 7]);
    const v = be.upload([5, 6, 7, 8], { rows: 1, cols: 4 });
    expect([...be.view(v)]).toEqual([5, 6, 7, 8]);
  });
});
