// CoSO's pieces on the float64 backend: column concatenation, the frequent-directions sketch, updates orthogonal to the history.
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../engine/backend';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { concatColumns, FrequentDirections } from './frequentDirections';
import { CosoLayer } from './cosoLayer';
import { svd } from '../../linalg/svd';

const be = new CpuBackend();
const read = async (t: Tensor) => be.read(t);
/** Reads a tensor and frees it. */
const take = async (t: Tensor) => {
  const v = await be.read(t);
  be.dispose(t);
  return v;
};

describe('CoSO building blocks', () => {
  it('concatColumns places A then B side by side', async () => {
    const A = be.upload([1, 2, 3, 4], { rows: 2, cols: 2 });
    const B = be.upload([5, 6], { rows: 2, cols: 1 });
    expect(Array.from(await take(be.tidy(() => concatColumns(be, A, B))))).toEqual([1, 2, 5, 3, 4, 6]);
    for (const t of [A, B]) be.dispose(t);
  });

  it('frequent directions is exact when the stream lives in ℓ dimensions: BBᵀ = Σ MMᵀ', async () => {
    const before = be.liveTensors();
    const rng = new Rng(4);
    const basis = be.upload(rng.normals(10 * 3), { rows: 10, cols: 3 });
    const fd = new FrequentDirections(be, 3, 'jacobi');
    let total = new Float64Array(100);
    for (let b = 0; b < 4; b++) {
      const M = be.tidy(() => be.matmul(basis, be.upload(rng.normals(3 * 5), { rows: 3, cols: 5 })));
      const mm = await take(be.tidy(() => be.matmul(M, M, { transB: true })));
      total = total.map((x, i) => x + mm[i]);
      const r = await svd(be, M, { k: 3, method: 'jacobi' });
      be.dispose(r.V);
      be.dispose(M);
      await fd.append(r.U, r.S, b);
    }
    const sketch = be.tidy(() => be.elementwise('mul', fd.basis!, be.upload(Array.from(fd.sigma), { rows: 1, cols: 3 })));
    const bb = await take(be.tidy(() => be.matmul(sketch, sketch, { transB: true })));
    const scale = Math.max(...total.map(Math.abs));
    bb.forEach((x, i) => expect(Math.abs(x - total[i]) / scale).toBeLessThan(1e-10));
    expect(fd.rankFor(1 + 1e-9)).toBe(3);
    expect(fd.rankFor(1e-9)).toBe(0);
    be.dispose(sketch);
    be.dispose(basis);
    fd.dispose();
    expect(be.liveTensors()).toBe(before);
  });

  it('after a task, the next task’s subspace and updates are orthogonal to the history', async () => {
    const before = be.liveTensors();
    const rng = new Rng(8);
    const layer = new CosoLayer(be, 12, 9, { projRank: 3, sketchRank: 4, gap: 2, threshold: 0.999, svdMethod: 'jacobi' });
    const W = be.keep(be.upload(rng.normals(12 * 9), { rows: 12, cols: 9 }));
    const h = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };
    const train = async (steps: number) => {
      for (let s = 0; s < steps; s++) {
        const G = be.upload(rng.normals(12 * 9), { rows: 12, cols: 9 });
        if (layer.due()) await layer.refresh(G, s);
        be.tidy(() => layer.step(W, G, 0.01, h));
        be.dispose(G);
      }
    };
    await train(5);
    expect(layer.endTask()).toBeGreaterThan(0);
    const H = layer.history!;
    const start = await read(W);
    await train(6);
    const leak = await take(be.tidy(() => be.matmul(H, layer.P!, { transA: true })));
    expect(Math.max(...leak.map(Math.abs))).toBeLessThan(1e-12);
    const end = await read(W);
    const delta = be.upload(end.map((x, i) => x - start[i]), { rows: 12, cols: 9 });
    const moved = await take(be.tidy(() => be.matmul(H, delta, { transA: true })));
    expect(Math.max(...moved.map(Math.abs))).toBeLessThan(1e-12 * Math.max(...end.map(Math.abs)));
    expect(Math.max(...end.map((x, i) => Math.abs(x - start[i])))).toBeGreaterThan(1e-4);
    be.dispose(delta);
    be.dispose(W);
    layer.dispose();
    expect(be.liveTensors()).toBe(before);
  });
});
