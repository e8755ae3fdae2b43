// int8_stochastic_round.wgsl on WebGPU against its float64 twin: the same codes on awkward shapes, unbiased, keeps tiny updates, no leaks.
import { beforeAll, describe, expect } from 'vitest';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { readAndDispose } from '../../engine/readback';
import { Rng } from '../../data/rng';
import { cpuBackend, gpuIt, webgpuBackend } from '../../testing/gpuBackendForTests';
import { int8Scales, quantizeInt8Sr, srUniform } from './int8Sr';
import { dequantizeInt8OnBackend, disposeInt8, int8ScalesOnBackend, quantizeInt8SrOnBackend } from './int8Kernels';
import { meanAfterTinyUpdates, meanOfRoundings } from './int8SrChecks';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = gpuIt(() => gpu, { checkLeaks: true });

// 1×n, n×1, primes, sizes that are not multiples of 4 (a word), 64 or 256 (workgroups), per-row and per-tensor groups
const SHAPES: [number, number, 'row' | 'tensor'][] = [[1, 1, 'row'], [1, 257, 'row'], [257, 1, 'tensor'], [13, 29, 'row'], [31, 67, 'tensor'], [3, 1031, 'row'], [64, 65, 'row']];

describe('int8 stochastic rounding on webgpu', () => {
  itGpu('gives the float64 twin’s codes on awkward shapes (same scales, same (seed, step) draws)', async () => {
    const be = gpu!;
    let checked = 0;
    let nearThreshold = 0;
    for (const [rows, cols, groups] of SHAPES) {
      const n = rows * cols;
      const groupSize = groups === 'row' ? cols : n;
      const values = Float64Array.from(new Rng(rows * 1000 + cols).normals(n), Math.fround);
      // f32-exact scales given to both sides, so only x = w/scale (f32 vs f64) differs
      const scales = Float64Array.from(int8Scales(values, groupSize), Math.fround);
      const want = quantizeInt8Sr(values, scales, groupSize, 77, 5);
      const w = be.upload(values, { rows, cols });
      const s = be.upload(scales, { rows: n / groupSize, cols: 1 });
      const q = quantizeInt8SrOnBackend(be, w, s, groupSize, 77, 5);
      const got = await readAndDispose(be, dequantizeInt8OnBackend(be, q));
      disposeInt8(be, q);
      be.dispose(w);
      be.dispose(s);
      for (let i = 0; i < n; i++) {
        const scale = scales[Math.floor(i / groupSize)];
        const code = got[i] / scale;
        expect(Math.abs(code - Math.round(code)), `${rows}×${cols} entry ${i}: ${got[i]} / ${scale}`).toBeLessThan(1e-4);
        const x = values[i] / scale;
        // a draw within f32 rounding of x's fractional part may fall either way on the two backends
        if (Math.abs(x - Math.floor(x) - srUniform(77, 5, i)) < 1e-5 * Math.max(1, Math.abs(x))) { nearThreshold++; continue; }
        expect(Math.round(code), `${rows}×${cols} entry ${i}`).toBe(want[i]);
        expect(Math.abs(got[i] - scale * want[i])).toBeLessThanOrEqual(1e-7 * Math.abs(scale * want[i]));
        checked++;
      }
    }
    // the skip window is ≲ 1e-5·127 wide, so few of the ~11,000 draws fall in it
    expect(nearThreshold).toBeLessThan(0.005 * checked);
    expect(checked).toBeGreaterThan(8000);
  });

  itGpu('device scales match the float64 ones to f32 rounding, per row and per tensor', async () => {
    const be = gpu!;
    const values = Float64Array.from(new Rng(8).normals(7 * 13), Math.fround);
    for (const groupSize of [13, 91]) {
      const w = be.upload(values, { rows: 7, cols: 13 });
      const got = await readAndDispose(be, int8ScalesOnBackend(be, w, groupSize));
      const want = await readAndDispose(cpu, int8ScalesOnBackend(cpu, cpu.upload(values, { rows: 7, cols: 13 }), groupSize));
      be.dispose(w);
      got.forEach((v, g) => expect(Math.abs(v - want[g])).toBeLessThanOrEqual(1e-6 * want[g]));
    }
  });

  itGpu('is unbiased on the device: 20,000 roundings average within 3 standard errors of the value', async () => {
    for (const x of [3.3, -0.71, 126.02, -127.9]) {
      const r = await meanOfRoundings(gpu!, x * 0.01, 0.01, 5003, 4, 11);
      expect(r.draws).toBeGreaterThanOrEqual(20000);
      expect(Math.abs(r.mean - Math.fround(x * 0.01)), `x = ${x}`).toBeLessThanOrEqual(3 * r.standardError);
    }
  });

  itGpu('keeps updates of 0.1·scale that round-to-nearest would lose, with the float64 twin’s result', async () => {
    const g = await meanAfterTinyUpdates(gpu!, 2, 0.1, 0.0078125, 4096, 20, 5);
    const c = await meanAfterTinyUpdates(cpu, 2, 0.1, 0.0078125, 4096, 20, 5);
    expect(Math.abs(g.mean - 4)).toBeLessThanOrEqual(3 * g.standardError);
    expect(Math.abs(g.mean - c.mean)).toBeLessThanOrEqual(0.01);
  });
});
