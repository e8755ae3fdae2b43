// cholesky and logdet on WebGPU (f32) against the float64 cpu backend in real Chromium.
import { beforeAll, describe, expect } from 'vitest';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { Rng } from '../data/rng';
import { allcloseReport, maxAbs } from '../testing/allclose';
import { cpuBackend, gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import { spdWithEigenvalues } from '../testing/matrices';
import { cholesky, logdet, logdetBatched } from './cholesky';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = gpuIt(() => gpu);

/** Eigenvalues spread over [1, 10]: well conditioned. */
function spectrum(n: number): number[] {
  return Array.from({ length: n }, (_, i) => 1 + (9 * i) / Math.max(1, n - 1));
}

/** ‖L·Lᵀ − A‖_F/‖A‖_F in float64 for batch item z, and the largest |entry| above L's diagonal. */
function choleskyErrors(a: ArrayLike<number>, l: ArrayLike<number>, n: number, z = 0) {
  const o = z * n * n;
  let residual = 0, norm = 0, upper = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += l[o + i * n + p] * l[o + j * n + p];
      residual += (s - a[o + i * n + j]) ** 2;
      norm += a[o + i * n + j] ** 2;
      if (j > i) upper = Math.max(upper, Math.abs(l[o + i * n + j]));
    }
  }
  return { residual: Math.sqrt(residual / norm), upper };
}

describe('cholesky kernel: cholesky on webgpu vs float64', () => {
  for (const n of [1, 2, 3, 17, 31, 64, 100, 128]) {
    itGpu(`${n}×${n} SPD: L·Lᵀ = A to 1e-5, L matches float64`, async () => {
      const a = Float32Array.from(spdWithEigenvalues(new Rng(n), spectrum(n)));
      const live = gpu!.liveTensors();
      const tg = gpu!.upload(a, { rows: n, cols: n });
      const lg = await cholesky(gpu!, tg);
      const l = await gpu!.read(lg);
      gpu!.dispose(lg);
      gpu!.dispose(tg);
      expect(gpu!.liveTensors()).toBe(live);
      const { residual, upper } = choleskyErrors(a, l, n);
      expect(residual, '‖L·Lᵀ − A‖/‖A‖').toBeLessThanOrEqual(1e-5);
      expect(upper).toBe(0);
      const lc = await cpu.read(await cholesky(cpu, cpu.upload(a, { rows: n, cols: n })));
      const report = allcloseReport(l, lc, { rtol: 1e-4, atol: 1e-5 * maxAbs(lc) }, n);
      expect(report, report ?? '').toBeNull();
      console.log(`cholesky ${n}×${n}: ‖L·Lᵀ − A‖/‖A‖ = ${residual.toExponential(2)}`);
    });
  }

  itGpu('batched: 5 items of 7×7', async () => {
    const rng = new Rng(5);
    const a = new Float32Array(5 * 49);
    for (let z = 0; z < 5; z++) a.set(spdWithEigenvalues(rng, spectrum(7).map((x) => x * (z + 1))), z * 49);
    const l = await gpu!.read(await cholesky(gpu!, gpu!.upload(a, { batch: 5, rows: 7, cols: 7 })));
    for (let z = 0; z < 5; z++) expect(choleskyErrors(a, l, 7, z).residual).toBeLessThanOrEqual(1e-6);
  });

  itGpu('names the first bad pivot and rejects non-finite input, leaking nothing', async () => {
    const live = gpu!.liveTensors();
    const t = gpu!.upload([1, 0, 0, 0, 0, 2, 0, 0, 0, 0, -3, 0, 0, 0, 0, 4], { rows: 4, cols: 4 });
    await expect(cholesky(gpu!, t)).rejects.toThrow('cholesky: matrix is not positive definite (pivot k = 2 is -3)');
    await expect(logdet(gpu!, t)).rejects.toThrow(/logdet: matrix is not positive definite \(pivot k = 2 is -3\)/);
    const nan = gpu!.upload([1, NaN, NaN, 1], { rows: 2, cols: 2 });
    await expect(cholesky(gpu!, nan)).rejects.toThrow(/non-finite/);
    gpu!.dispose(t);
    gpu!.dispose(nan);
    expect(gpu!.liveTensors()).toBe(live);
  });
});

describe('logdet on webgpu', () => {
  for (const n of [64, 128]) {
    itGpu(`${n}×${n} SPD: matches Σ log λ to 1e-4`, async () => {
      const lambda = spectrum(n);
      const a = spdWithEigenvalues(new Rng(n + 1), lambda);
      const expected = lambda.reduce((s, x) => s + Math.log(x), 0);
      const t = gpu!.upload(a, { rows: n, cols: n });
      const got = await logdet(gpu!, t);
      gpu!.dispose(t);
      console.log(`logdet ${n}×${n}: |error| = ${Math.abs(got - expected).toExponential(2)} (value ${expected.toFixed(4)})`);
      expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-4);
    });
  }

  itGpu('coding rate R = ½ logdet(I + d/(nε²)·Z·Zᵀ) = 4 ln 3 for Z = I₈, d = n = 8, ε² = 0.5', async () => {
    const live = gpu!.liveTensors();
    const d = 8, n = 8, eps2 = 0.5;
    const eye = Array.from({ length: 64 }, (_, i) => (i % 9 === 0 ? 1 : 0));
    const z = gpu!.upload(eye, { rows: 8, cols: 8 });
    const identity = gpu!.upload(eye, { rows: 8, cols: 8 });
    const m = gpu!.tidy(() => gpu!.elementwise('add', identity, gpu!.matmul(z, z, { transB: true }), 1, d / (n * eps2)));
    const rate = 0.5 * (await logdet(gpu!, m));
    for (const x of [z, identity, m]) gpu!.dispose(x);
    expect(gpu!.liveTensors()).toBe(live);
    expect(Math.abs(rate - 4 * Math.log(3))).toBeLessThanOrEqual(1e-6);
  });

  itGpu('logdetBatched matches float64 per item', async () => {
    const rng = new Rng(8);
    const a = new Float64Array(5 * 49);
    for (let z = 0; z < 5; z++) a.set(spdWithEigenvalues(rng, spectrum(7).map((x) => x * (z + 0.5))), z * 49);
    const shape = { batch: 5, rows: 7, cols: 7 };
    const got = await logdetBatched(gpu!, gpu!.upload(a, shape));
    const expected = await logdetBatched(cpu, cpu.upload(a, shape));
    const report = allcloseReport(got, expected, { rtol: 0, atol: 1e-5 });
    expect(report, report ?? '').toBeNull();
  });
});
