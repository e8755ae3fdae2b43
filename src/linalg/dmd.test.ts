// DMD on the backend (float64): eigenvalues of a known linear map, the public runLinalg entry, and clear errors for bad input.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { dmd } from './dmd';
import { runLinalg } from './matrixApi';

/** X1 = A·X0 for A with eigenvalues 0.9 ± 0.2i and 0.5 (3×3), X0 random (3×8). */
function linearSnapshots() {
  const A = [0.9, -0.2, 0, 0.2, 0.9, 0, 0, 0, 0.5];
  const rng = new Rng(2);
  const X0 = Float64Array.from({ length: 24 }, () => rng.normal());
  const X1 = new Float64Array(24);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 8; j++) for (let p = 0; p < 3; p++) X1[i * 8 + j] += A[i * 3 + p] * X0[p * 8 + j];
  return { X0, X1 };
}

describe('dmd', () => {
  const be = new CpuBackend();
  it('DMD of a known linear map: rank-r eigenvalues of K, and clear errors for bad input', async () => {
    const { X0, X1 } = linearSnapshots();
    const r = await dmd(be, be.upload(X0, { rows: 3, cols: 8 }), be.upload(X1, { rows: 3, cols: 8 }), 3);
    const want = [[0.9, 0.2], [0.9, -0.2], [0.5, 0]];
    for (const [re, im] of want) expect(Math.min(...r.re.map((x, j) => Math.hypot(x - re, r.im[j] - im)))).toBeLessThan(1e-12);
    const x0 = be.upload(X0, { rows: 3, cols: 8 });
    await expect(dmd(be, x0, be.upload(X1.subarray(0, 16), { rows: 2, cols: 8 }), 2)).rejects.toThrow(/same shape/);
    await expect(dmd(be, x0, be.upload(X1, { rows: 3, cols: 8 }), 4)).rejects.toThrow(/rank r = 4/);
    const rankTwo = Float64Array.from(X0, (v, i) => (i >= 16 ? X0[i - 16] + X0[i - 8] : v));
    await expect(dmd(be, be.upload(rankTwo, { rows: 3, cols: 8 }), be.upload(X1, { rows: 3, cols: 8 }), 3)).rejects.toThrow(/exceeds the numerical rank/);
    const bad = X1.slice();
    bad[5] = NaN;
    await expect(dmd(be, x0, be.upload(bad, { rows: 3, cols: 8 }), 2)).rejects.toThrow(/non-finite/);
  });

  it('runLinalg: Matrix in, plain numbers out, nothing left alive; bad r is a clear error', async () => {
    const { X0, X1 } = linearSnapshots();
    const m = (d: Float64Array) => ({ rows: 3, cols: 8, data: Float32Array.from(d) });
    const before = be.liveTensors();
    const out = (await runLinalg(be, 'dmd', [m(X0), m(X1), 3])) as { re: number[]; im: number[] };
    expect(Object.keys(out).sort()).toEqual(['im', 're']);
    expect(Math.min(...out.re.map((x, j) => Math.hypot(x - 0.5, out.im[j])))).toBeLessThan(1e-5);
    await expect(runLinalg(be, 'dmd', [m(X0), m(X1), 1.5])).rejects.toThrow(/whole number/);
    await expect(runLinalg(be, 'dmd', [m(X0), { rows: 3, cols: 8, data: new Float32Array(3) }, 2])).rejects.toThrow(/X1: data has 3 entries/);
    expect(be.liveTensors()).toBe(before);
  });
});
