// eigh on WebGPU (f32) against the float64 cpu backend in real Chromium: spectra, orthonormality, reconstruction, errors.
import { beforeAll, describe, expect } from 'vitest';
import type { Tensor } from '../engine/backend';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { Rng } from '../data/rng';
import { allcloseReport } from '../testing/allclose';
import { cpuBackend, gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import { spdWithEigenvalues } from '../testing/matrices';
import { eigh } from './eigh';
import { gatherColumns } from './eighKernels';
import { matrixHealth } from './matrixChecksKernels';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = gpuIt(() => gpu);

function symmetricGaussian(rng: Rng, n: number): Float32Array {
  const a = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
  return a;
}

/** max |VᵀV − I| and ‖A − VΛVᵀ‖_F/‖A‖_F in float64, for batch item z. */
function eighErrors(a: ArrayLike<number>, values: ArrayLike<number>, v: ArrayLike<number>, n: number, z = 0) {
  const o = z * n * n;
  let orthogonality = 0, residual = 0, norm = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let vtv = 0, rec = 0;
      for (let p = 0; p < n; p++) {
        vtv += v[o + p * n + i] * v[o + p * n + j];
        rec += v[o + i * n + p] * values[z * n + p] * v[o + j * n + p];
      }
      orthogonality = Math.max(orthogonality, Math.abs(vtv - (i === j ? 1 : 0)));
      residual += (a[o + i * n + j] - rec) ** 2;
      norm += a[o + i * n + j] ** 2;
    }
  }
  return { orthogonality, residual: Math.sqrt(residual / Math.max(norm, 1e-300)) };
}

/** Runs eigh on both backends; checks f32 properties and eigenvalues against float64; returns the worst numbers. */
async function checkAgainstCpu(a: Float32Array, batch: number, n: number, valueTol: (ref: number, scale: number) => number) {
  const live = gpu!.liveTensors();
  const shape = { batch, rows: n, cols: n };
  const tg = gpu!.upload(a, shape);
  const tc = cpu.upload(a, shape);
  const start = performance.now();
  const g = await eigh(gpu!, tg);
  const v = await gpu!.read(g.vectors);
  const middle = performance.now();
  const c = await eigh(cpu, tc);
  const wallMs = { webgpu: Math.round(middle - start), cpu: Math.round(performance.now() - middle) };
  for (const t of [g.vectors, tg]) gpu!.dispose(t);
  for (const t of [c.vectors, tc]) cpu.dispose(t);
  expect(gpu!.liveTensors()).toBe(live);
  let worstValue = 0, worstOrthogonality = 0, worstResidual = 0;
  for (let z = 0; z < batch; z++) {
    const scale = Math.max(...Array.from(c.values.subarray(z * n, z * n + n), Math.abs));
    for (let i = 0; i < n; i++) {
      const err = Math.abs(g.values[z * n + i] - c.values[z * n + i]);
      expect(err, `λ_${i} of item ${z}: ${g.values[z * n + i]} vs ${c.values[z * n + i]}`).toBeLessThanOrEqual(valueTol(c.values[z * n + i], scale));
      worstValue = Math.max(worstValue, err / Math.max(Math.abs(c.values[z * n + i]), 1e-30));
      if (i > 0) expect(g.values[z * n + i]).toBeLessThanOrEqual(g.values[z * n + i - 1]);
    }
    const { orthogonality, residual } = eighErrors(a, g.values, v, n, z);
    worstOrthogonality = Math.max(worstOrthogonality, orthogonality);
    worstResidual = Math.max(worstResidual, residual);
  }
  expect(worstOrthogonality, 'max |VᵀV − I|').toBeLessThanOrEqual(1e-4);
  expect(worstResidual, '‖A − VΛVᵀ‖/‖A‖').toBeLessThanOrEqual(1e-4);
  return { worstValue, worstOrthogonality, worstResidual, wallMs };
}

describe('jacobi_eigh kernel: eigh on webgpu vs float64', () => {
  for (const n of [1, 2, 3, 17, 31, 64, 100, 128]) {
    itGpu(`random symmetric ${n}×${n}`, async () => {
      const a = symmetricGaussian(new Rng(100 + n), n);
      const r = await checkAgainstCpu(a, 1, n, (_ref, scale) => 1e-4 * scale);
      console.log(`eigh ${n}×${n} random symmetric, webgpu vs float64:`, JSON.stringify(r));
    });
  }

  itGpu('well-conditioned SPD 64×64: every eigenvalue within 1e-4 relative', async () => {
    const lambda = Array.from({ length: 64 }, (_, i) => 1 + 9 * (i / 63) ** 2);
    const a = Float32Array.from(spdWithEigenvalues(new Rng(64), lambda));
    const r = await checkAgainstCpu(a, 1, 64, (ref) => 1e-4 * Math.abs(ref));
    console.log('eigh 64×64 SPD λ ∈ [1, 10]:', JSON.stringify(r));
  });

  itGpu('clustered eigenvalues 40×40 (three clusters of equal values, one near-tie)', async () => {
    const lambda = Array.from({ length: 40 }, (_, i) => (i < 13 ? 4 : i < 26 ? 1 : i < 39 ? -2 : -2 + 1e-6));
    const a = Float32Array.from(spdWithEigenvalues(new Rng(40), lambda));
    const r = await checkAgainstCpu(a, 1, 40, (ref) => 1e-4 * Math.max(1, Math.abs(ref)));
    console.log('eigh 40×40 clustered:', JSON.stringify(r));
  });

  itGpu('batched: 5 items of 7×7', async () => {
    const rng = new Rng(7);
    const a = new Float32Array(5 * 49);
    for (let z = 0; z < 5; z++) a.set(symmetricGaussian(rng, 7), z * 49);
    await checkAgainstCpu(a, 5, 7, (_ref, scale) => 1e-5 * scale);
  });

  itGpu('huge and tiny scales stay in f32 range (max|A| 1e30 and 1e-30)', async () => {
    for (const scale of [1e30, 1e-30]) {
      const a = symmetricGaussian(new Rng(9), 9).map((x) => x * scale);
      await checkAgainstCpu(a, 1, 9, (_ref, s) => 1e-5 * s);
    }
  });

  itGpu('rejects asymmetric and non-finite input with clear RangeErrors, leaking nothing', async () => {
    const live = gpu!.liveTensors();
    const lopsided = gpu!.upload([2, 1, 0, 3], { rows: 2, cols: 2 });
    await expect(eigh(gpu!, lopsided)).rejects.toThrow(/eigh: matrix is not symmetric/);
    const inf = gpu!.upload([1, 0, 0, Infinity], { batch: 1, rows: 2, cols: 2 });
    await expect(eigh(gpu!, inf)).rejects.toThrow(RangeError);
    await expect(eigh(gpu!, inf)).rejects.toThrow(/1 non-finite/);
    gpu!.dispose(lopsided);
    gpu!.dispose(inf);
    expect(gpu!.liveTensors()).toBe(live);
  });

});

describe('matrix_checks kernel: health and jacobi_progress on webgpu vs float64', () => {
  itGpu('health of awkward shapes, with NaN, ±Infinity and asymmetry', async () => {
    const shapes = [{ batch: 1, rows: 1, cols: 1 }, { batch: 3, rows: 5, cols: 5 }, { batch: 1, rows: 300, cols: 7 }, { batch: 2, rows: 33, cols: 33 }];
    for (const s of shapes) {
      const data = new Rng(s.rows).normals(s.batch * s.rows * s.cols);
      if (data.length > 20) [data[3], data[10], data[17]] = [NaN, Infinity, -Infinity];
      const [g, c] = [matrixHealth(gpu!, gpu!.upload(data, s)), matrixHealth(cpu, cpu.upload(data, s))];
      const report = allcloseReport(await gpu!.read(g), await cpu.read(c), { rtol: 1e-6, atol: 1e-6 }, 4);
      expect(report, `${s.batch}×${s.rows}×${s.cols}\n${report}`).toBeNull();
    }
  });

  itGpu('gather_columns reorders columns per batch item', async () => {
    const s = { batch: 2, rows: 5, cols: 4 };
    const data = new Rng(3).normals(40);
    const order = [3, 0, 2, 1, 1, 1, 0, 3];
    const read = async (t: Tensor, be: typeof cpu | WebGpuBackend) => be.read(t);
    const g = await read(gatherColumns(gpu!, gpu!.upload(data, s), order), gpu!);
    const c = await read(gatherColumns(cpu, cpu.upload(data, s), order), cpu);
    expect([...g]).toEqual([...c]);
  });
});
