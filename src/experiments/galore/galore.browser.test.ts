// The galore page on WebGPU (f32) against the float64 cpu run: same race within f32 drift, full rank ⇒ Adam, no leaks.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { cpuBackend, webgpuBackend, SKIP_WITHOUT_WEBGPU } from '../../testing/gpuBackendForTests';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { readAndDispose } from '../../engine/readback';
import { dctBasis } from '../../learn/galore/dctBasis';
import type { ConfigRequest } from '../framework/resolveConfig';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const run = (be: Backend, request: ConfigRequest) => runExperimentOn(be, 'galore', request);

const NAMES = ['adam', 'galore', 'dct', 'fira', 'qgalore'];

describe('galore on webgpu', () => {
  it('quick preset: final losses track the float64 run, same SVD counts, nothing leaks', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const g = await run(gpu, 'quick');
    const c = await run(cpuBackend(), 'quick');
    console.log(`galore quick: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s`);
    for (const n of NAMES) console.log(`${n}: webgpu ${(g.m[`final_loss_${n}`] as number).toFixed(4)}, cpu ${(c.m[`final_loss_${n}`] as number).toFixed(4)}; refreshes ${(g.m[`refresh_seconds_${n}`] as number).toFixed(2)} s on webgpu`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    for (const n of NAMES) {
      // f32 vs f64 over 60 steps, with SVD bases that may differ in sign after a refresh: within 5% relative
      const a = g.m[`final_loss_${n}`] as number;
      const b = c.m[`final_loss_${n}`] as number;
      expect(Math.abs(a - b), n).toBeLessThanOrEqual(0.05 * b);
      expect(g.m[`svd_count_${n}`], n).toBe(c.m[`svd_count_${n}`]);
      expect(g.m[`memory_bytes_${n}`], n).toBe(c.m[`memory_bytes_${n}`]);
      expect(g.m[`weight_bytes_${n}`], n).toBe(c.m[`weight_bytes_${n}`]);
    }
  });

  it('rank = full: GaLore follows Adam within f32 rounding; Fira equals GaLore exactly', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const { m, leaked } = await run(gpu, { hidden: 16, depth: 1, rank: 64, optimizers: ['adam', 'galore', 'fira'], steps: 30, reportEvery: 10, trainPerClass: 20, lr: 0.01 });
    expect(leaked).toBe(0);
    const adam = m.loss_adam as number[];
    (m.loss_galore as number[]).forEach((l, i) => expect(Math.abs(l - adam[i]), `report ${i}`).toBeLessThanOrEqual(1e-4 * adam[i]));
    expect(m.loss_fira).toEqual(m.loss_galore);
    expect(m.final_loss_fira).toBe(m.final_loss_galore);
  });

  it('the DCT basis stays orthonormal on the device: QᵀQ = I to f32 rounding, odd sizes included', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const be = gpu;
    for (const n of [1, 2, 7, 64, 129]) {
      const gram = await readAndDispose(be, be.tidy(() => {
        const q = be.upload(dctBasis(n), { rows: n, cols: n });
        return be.matmul(q, q, { transA: true });
      }));
      let worst = 0;
      gram.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (i % (n + 1) === 0 ? 1 : 0)))));
      expect(worst, `n = ${n}`).toBeLessThan(2e-6);
    }
  });
});
