// solve and triangularSolve on WebGPU (f32) against the float64 cpu backend in real Chromium.
import { beforeAll, describe, expect } from 'vitest';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { Rng } from '../data/rng';
import { allcloseReport, maxAbs } from '../testing/allclose';
import { cpuBackend, gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import { solveResidual as relativeResidual, solveTestMatrix } from '../testing/solveMatrices';
import { solve, triangularSolve, type SolveAssumption } from './solve';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = gpuIt(() => gpu);

/** f32 test matrix: the float64 one rounded (Gaussian + (√n + 1)·I, masked to the triangle; SPD with λ ∈ [1, 10]). */
const matrixFor = (assume: SolveAssumption, rng: Rng, n: number) => Float32Array.from(solveTestMatrix(assume, rng, n));

async function checkSolve(assume: SolveAssumption, n: number, k: number, seed: number) {
  const rng = new Rng(seed);
  const a = matrixFor(assume, rng, n);
  const b = rng.normals(n * k);
  const live = gpu!.liveTensors();
  const ta = gpu!.upload(a, { rows: n, cols: n });
  const tb = gpu!.upload(b, { rows: n, cols: k });
  const xt = await solve(gpu!, ta, tb, { assume });
  const x = await gpu!.read(xt);
  for (const t of [ta, tb, xt]) gpu!.dispose(t);
  expect(gpu!.liveTensors()).toBe(live);
  const residual = relativeResidual(a, x, b, 1, n, k);
  expect(residual, `‖AX − B‖/(‖A‖‖X‖) for ${assume} ${n}×${n}`).toBeLessThanOrEqual(1e-5);
  return residual;
}

describe('lu_solve kernel: general solve on webgpu', () => {
  for (const [n, k] of [[1, 1], [2, 3], [3, 1], [17, 4], [31, 2], [64, 1], [100, 3], [128, 5]]) {
    itGpu(`general ${n}×${n}, ${k} right-hand sides`, async () => {
      const residual = await checkSolve('general', n, k, n * 10 + k);
      console.log(`solve general ${n}×${n}: residual ${residual.toExponential(2)}`);
    });
  }

  itGpu('pivots: [[0, 1], [1, 0]] and a batch of 5 systems 7×7', async () => {
    const x = await gpu!.read(await solve(gpu!, gpu!.upload([0, 1, 1, 0], { rows: 2, cols: 2 }), gpu!.upload([2, 3], { rows: 2, cols: 1 })));
    expect([...x]).toEqual([3, 2]);
    const rng = new Rng(7);
    const a = new Float32Array(5 * 49);
    for (let z = 0; z < 5; z++) a.set(matrixFor('general', rng, 7), z * 49);
    const b = rng.normals(5 * 14);
    const xb = await solve(gpu!, gpu!.upload(a, { batch: 5, rows: 7, cols: 7 }), gpu!.upload(b, { batch: 5, rows: 7, cols: 2 }));
    expect(relativeResidual(a, await gpu!.read(xb), b, 5, 7, 2)).toBeLessThanOrEqual(1e-6);
  });

  itGpu('singular and non-finite systems give clear errors, leaking nothing', async () => {
    const live = gpu!.liveTensors();
    const singular = gpu!.upload([1, 2, 2, 4], { rows: 2, cols: 2 });
    const rhs = gpu!.upload([1, 1], { rows: 2, cols: 1 });
    await expect(solve(gpu!, singular, rhs)).rejects.toThrow(/solve: matrix is singular/);
    await expect(solve(gpu!, singular, rhs, { assume: 'spd' })).rejects.toThrow(/not positive definite \(pivot k = 1/);
    const nan = gpu!.upload([1, 0, NaN, 1], { rows: 2, cols: 2 });
    await expect(solve(gpu!, nan, rhs)).rejects.toThrow(/A has 1 non-finite/);
    for (const t of [singular, rhs, nan]) gpu!.dispose(t);
    expect(gpu!.liveTensors()).toBe(live);
  });
});

describe('solve with structure on webgpu (Cholesky and triangular)', () => {
  for (const assume of ['spd', 'lower', 'upper'] as const) {
    for (const [n, k] of [[1, 1], [17, 4], [64, 1], [128, 3]]) {
      itGpu(`${assume} ${n}×${n}, ${k} right-hand sides`, async () => {
        const residual = await checkSolve(assume, n, k, n + k);
        console.log(`solve ${assume} ${n}×${n}: residual ${residual.toExponential(2)}`);
      });
    }
  }
});

describe('triangular_solve kernel on webgpu vs float64', () => {
  for (const lower of [true, false]) {
    for (const transpose of [false, true]) {
      itGpu(`lower=${lower} transpose=${transpose}: 31×31 with 3 columns and a broadcast batch of 2`, async () => {
        const rng = new Rng(31);
        const n = 31, k = 3;
        const t = matrixFor(lower ? 'lower' : 'upper', rng, n);
        const noisy = t.map((x, idx) => ((lower ? idx % n > Math.floor(idx / n) : idx % n < Math.floor(idx / n)) ? 1e6 : x));
        const b = rng.normals(2 * n * k);
        const shapeB = { batch: 2, rows: n, cols: k };
        const g = await gpu!.read(triangularSolve(gpu!, gpu!.upload(noisy, { rows: n, cols: n }), gpu!.upload(b, shapeB), { lower, transpose }));
        const c = await cpu.read(triangularSolve(cpu, cpu.upload(noisy, { rows: n, cols: n }), cpu.upload(b, shapeB), { lower, transpose }));
        const report = allcloseReport(g, c, { rtol: 1e-4, atol: 1e-5 * maxAbs(c) }, k);
        expect(report, report ?? '').toBeNull();
      });
    }
  }
});
