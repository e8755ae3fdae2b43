// Adapters on the float64 backend: backward() is the chain rule of weight() (finite differences), Tucker products against loops.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import type { Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { copySegment } from '../gatherKernels';
import { ADAPTER_CASES, KERNEL } from './adapterCases';
import { floraAdapter, floraRanks } from './floraAdapter';
import { loraAdapter } from './lowRankAdapters';
import { tuckerProduct } from './tucker';
import { AdaptedParameterization, frozenAdapter, fullAdapter } from './weightAdapter';

const be = new CpuBackend();

/** ⟨W(θ + t·dir), G⟩ for the adapter's θ moved along dir (restored afterwards). */
function along(a: ReturnType<(typeof ADAPTER_CASES)[number][1]>, dirs: Float64Array[], G: Float64Array, t: number): number {
  const saved = a.params.map((p) => Float64Array.from(be.view(p)));
  a.params.forEach((p, i) => be.view(p).forEach((v, j, arr) => (arr[j] = v + t * dirs[i][j])));
  const w = be.tidy(() => Float64Array.from(be.view(a.weight())));
  a.params.forEach((p, i) => be.view(p).set(saved[i]));
  return w.reduce((s, v, j) => s + v * G[j], 0);
}

describe('weight adapters (float64)', () => {
  for (const [name, make] of ADAPTER_CASES) {
    it(`${name}: directional derivative of ⟨W(θ), G⟩ equals ⟨backward(G), dir⟩`, () => {
      const live = be.liveTensors();
      const a = be.tidy(() => make(be));
      const w = be.tidy(() => { const t = a.weight(); return { rows: t.rows, cols: t.cols }; });
      const G = Float64Array.from(new Rng(21).normals(w.rows * w.cols));
      const rng = new Rng(22);
      const dirs = a.params.map((p) => Float64Array.from(rng.normals(p.rows * p.cols)));
      const grads = be.tidy(() => a.backward(be.upload(G, w)).map((g) => be.elementwise('scale', g, null, 1)));
      expect(grads.map((g) => [g.rows, g.cols])).toEqual(a.params.map((p) => [p.rows, p.cols]));
      const analytic = grads.reduce((s, g, i) => s + be.view(g).reduce((t, v, j) => t + v * dirs[i][j], 0), 0);
      const numeric = (along(a, dirs, G, 1e-6) - along(a, dirs, G, -1e-6)) / 2e-6;
      expect(Math.abs(numeric - analytic)).toBeLessThan(1e-7 * Math.max(1, Math.abs(analytic)));
      grads.forEach((g) => be.dispose(g));
      a.dispose();
      expect(be.liveTensors()).toBe(live);
    });
  }

  it('a Tucker product equals the explicit four-fold sum', () => {
    const rng = new Rng(3);
    const ranks = [2, 3, 1, 2];
    const dims = [4, 3, 2, 5];
    const g = Float64Array.from(rng.normals(12));
    const U = dims.map((d, i) => Float64Array.from(rng.normals(d * ranks[i])));
    const T = be.tidy(() => Float64Array.from(be.view(tuckerProduct(be, be.upload(g, { rows: 1, cols: 12 }), U.map((u, i) => be.upload(u, { rows: dims[i], cols: ranks[i] }))).T)));
    let worst = 0;
    for (let a = 0; a < 4; a++) for (let b = 0; b < 3; b++) for (let c = 0; c < 2; c++) for (let d = 0; d < 5; d++) {
      let s = 0;
      for (let p = 0; p < 2; p++) for (let q = 0; q < 3; q++) for (let r = 0; r < 1; r++) for (let t = 0; t < 2; t++) {
        s += g[((p * 3 + q) * 1 + r) * 2 + t] * U[0][a * 2 + p] * U[1][b * 3 + q] * U[2][c * 1 + r] * U[3][d * 2 + t];
      }
      worst = Math.max(worst, Math.abs(s - T[((a * 3 + b) * 2 + c) * 5 + d]));
    }
    expect(worst).toBeLessThan(1e-13);
  });

  it('FLoRA and LoRA start exactly at W₀; ranks are capped by each mode', () => {
    const K0 = be.upload(new Rng(1).normals(5 * 18), { rows: 5, cols: 18 });
    expect(floraRanks(KERNEL, 4)).toEqual([4, 3, 3, 2]);
    for (const a of [floraAdapter(be, K0, KERNEL, floraRanks(KERNEL, 2), new Rng(2)), loraAdapter(be, K0, 2, new Rng(3))]) {
      const w = be.tidy(() => Float64Array.from(be.view(a.weight())));
      expect(w.every((v, i) => v === be.view(K0)[i])).toBe(true);
      a.dispose();
    }
    expect(() => floraAdapter(be, K0, [5, 3, 3, 3], [1, 1, 1, 1], new Rng(1))).toThrow(/not 5×3×3×3/);
    expect(() => loraAdapter(be, K0, 6, new Rng(1))).toThrow(/rank 6/);
    be.dispose(K0);
  });

  it('AdaptedParameterization trains only the adapters’ θ and routes gradients in order', () => {
    const live = be.liveTensors();
    const W = be.upload([1, 2, 3, 4], { rows: 2, cols: 2 });
    const b = be.upload([5, 6], { rows: 1, cols: 2 });
    const p = new AdaptedParameterization([loraAdapter(be, W, 1, new Rng(1)), frozenAdapter(be, b), fullAdapter(be, b)]);
    be.dispose(W);
    be.dispose(b);
    expect(p.params.length).toBe(3);
    expect(p.trainableCount()).toBe(2 + 2 + 2);
    const grads = be.tidy(() => {
      const g = p.backward([be.fill({ rows: 2, cols: 2 }, 1), be.fill({ rows: 1, cols: 2 }, 2), be.fill({ rows: 1, cols: 2 }, 3)]);
      return g.map((t) => be.keep(t));
    });
    expect(grads.map((g) => [g.rows, g.cols])).toEqual([[2, 1], [1, 2], [1, 2]]);
    expect(Array.from(be.view(grads[2]))).toEqual([3, 3]);
    grads.forEach((g) => be.dispose(g));
    const moved = be.upload([9, 9], { rows: 1, cols: 2 });
    copySegment(be, moved, 0, p.params[2] as Tensor, 0, 2);
    be.dispose(moved);
    expect(Array.from(be.view(be.tidy(() => p.weights()[2])))).toEqual([9, 9]);
    p.dispose();
    expect(be.liveTensors()).toBe(live);
  });
});
