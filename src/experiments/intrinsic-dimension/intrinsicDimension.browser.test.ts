// The quick intrinsic-dimension run on WebGPU (f32) agrees with the float64 cpu run, reads back rarely and leaks nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { cpuBackend, webgpuBackend, SKIP_WITHOUT_WEBGPU } from '../../testing/gpuBackendForTests';
import { runExperimentOn } from '../../testing/runExperimentOn';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

async function quickRun(be: Backend) {
  const { m, seconds, leaked } = await runExperimentOn(be, 'intrinsic-dimension', 'quick');
  return { metrics: m, seconds, leaked };
}

describe('intrinsic-dimension quick preset: webgpu against cpu', () => {
  it('same curve within f32 tolerance, one readback per report', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const readsBefore = gpu.readbacks;
    const g = await quickRun(gpu);
    const c = await quickRun(cpuBackend());
    console.log(`quick preset: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s; ${gpu.readbacks - readsBefore} webgpu readbacks`);
    console.log(`webgpu: ${JSON.stringify({ full: g.metrics.full_accuracy, acc: g.metrics.accuracy, toy: g.metrics.toy_loss, dint: g.metrics.d_int90 })}`);
    console.log(`cpu:    ${JSON.stringify({ full: c.metrics.full_accuracy, acc: c.metrics.accuracy, toy: c.metrics.toy_loss, dint: c.metrics.d_int90 })}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    // Tolerance: accuracies on the 360 test digits within 0.03 (11 samples) after f32 vs f64 training drift;
    // toy losses within 1e-3 relative above the f32 noise floor; the same d_int on both.
    expect(Math.abs((g.metrics.full_accuracy as number) - (c.metrics.full_accuracy as number))).toBeLessThanOrEqual(0.03);
    expect(g.metrics.d_values).toEqual(c.metrics.d_values);
    (c.metrics.accuracy as number[]).forEach((a, i) => expect(Math.abs((g.metrics.accuracy as number[])[i] - a), `accuracy at d=${(c.metrics.d_values as number[])[i]}`).toBeLessThanOrEqual(0.03));
    (c.metrics.toy_loss as number[]).forEach((l, i) => expect(Math.abs((g.metrics.toy_loss as number[])[i] - l)).toBeLessThanOrEqual(1e-3 * l + 1e-3));
    expect(g.metrics.toy_d_int).toBe(c.metrics.toy_d_int);
    expect(g.metrics.d_int90).toBe(c.metrics.d_int90);
    // DESIGN: at most one GPU→CPU readback every 10 training steps
    expect(g.metrics.readbacks_per_step as number).toBeLessThanOrEqual(0.1);
  });
});
