// The Diagnostics self-test on WebGPU: every WGSL file's row passes against float64, and nothing leaks.
import { beforeAll, describe, expect } from 'vitest';
import type { WebGpuBackend } from './webgpu/webgpuBackend';
import { gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import { AGAINST_FLOAT64, kernelCases, runSelfTest, selfTestedFiles } from './selfTest';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = gpuIt(() => gpu, { checkLeaks: true });

describe('self-test on webgpu', () => {
  itGpu('every kernel row is within tolerance of float64, and together they run every WGSL file', async () => {
    const rows = await runSelfTest(gpu!);
    expect(rows.length).toBe(kernelCases().length);
    const failures = rows.filter((r) => !r.ok).map((r) => `${r.kernel} (${r.shape}): error ${r.maxError} > ${r.tolerance}${r.error ? `, ${r.error}` : ''}`);
    expect(failures, failures.join('\n')).toEqual([]);
    for (const r of rows) {
      expect(r.backend).toBe('webgpu');
      expect(r.check).toBe(AGAINST_FLOAT64);
      expect(Number.isFinite(r.maxError), r.kernel).toBe(true);
    }
    expect([...new Set(rows.flatMap((r) => r.files))].sort()).toEqual(selfTestedFiles());
    console.log(rows.map((r) => `${r.kernel} | ${r.maxError.toExponential(2)} / ${r.tolerance.toExponential(1)} | ${r.ms.toFixed(1)} ms`).join('\n'));
  });
});
