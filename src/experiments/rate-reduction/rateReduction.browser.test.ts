// The quick rate-reduction and diffusion-subspaces runs on WebGPU (f32) agree with the float64 cpu runs and leak nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { cpuBackend, webgpuBackend, SKIP_WITHOUT_WEBGPU } from '../../testing/gpuBackendForTests';
import { runExperimentOn } from '../../testing/runExperimentOn';
import type { Metrics } from '../framework/types';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

async function quickRun(id: string, be: Backend) {
  const { m, seconds, leaked } = await runExperimentOn(be, id, 'quick');
  return { metrics: m, seconds, leaked };
}

const nums = (m: Metrics, k: string) => m[k] as number[];

describe('quick presets: webgpu against cpu', () => {
  it('rate-reduction: the same ΔR curve and CRATE measurements within f32 tolerance, one readback per report while training', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const reads = gpu.readbacks;
    const g = await quickRun('rate-reduction', gpu);
    const c = await quickRun('rate-reduction', cpuBackend());
    console.log(`rate-reduction quick: webgpu ${g.seconds.toFixed(1)} s (${gpu.readbacks - reads} readbacks), cpu ${c.seconds.toFixed(1)} s; ΔR ${nums(g.metrics, 'rate_deltaR').map((v) => v.toFixed(3)).join(' ')}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    nums(g.metrics, 'rate_deltaR').forEach((v, i) => expect(Math.abs(v - nums(c.metrics, 'rate_deltaR')[i]), `report ${i}`).toBeLessThan(0.02));
    expect(Math.abs((g.metrics.deltaR_final as number) - (c.metrics.deltaR_final as number))).toBeLessThan(0.02);
    nums(g.metrics, 'crate_Rc').forEach((v, i) => expect(Math.abs(v - nums(c.metrics, 'crate_Rc')[i]), `CRATE point ${i}`).toBeLessThan(1e-3 * Math.max(1, Math.abs(v))));
    nums(g.metrics, 'crate_sparsity').forEach((v, i) => expect(Math.abs(v - nums(c.metrics, 'crate_sparsity')[i])).toBeLessThan(0.01));
  });

  it('diffusion-subspaces: the same phase transition and denoising errors', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const g = await quickRun('diffusion-subspaces', gpu);
    const c = await quickRun('diffusion-subspaces', cpuBackend());
    console.log(`diffusion-subspaces quick: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s`);
    expect(g.leaked).toBe(0);
    expect(g.metrics.transition_oracle).toBe(c.metrics.transition_oracle);
    expect(g.metrics.transition_cluster).toBe(c.metrics.transition_cluster);
    for (const k of ['error_oracle', 'error_cluster']) nums(g.metrics, k).forEach((v, i) => expect(Math.abs(v - nums(c.metrics, k)[i]), `${k}[${i}]`).toBeLessThan(1e-2));
    for (const k of ['denoise_true', 'denoise_large', 'denoise_small']) nums(g.metrics, k).forEach((v, i) => expect(Math.abs(v / nums(c.metrics, k)[i] - 1), `${k}[${i}]`).toBeLessThan(1e-3));
  });
});
