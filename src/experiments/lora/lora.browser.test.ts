// The lora page on WebGPU (f32): the init identities hold to single precision, accuracies track the float64 run, nothing leaks.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { cpuBackend, webgpuBackend, SKIP_WITHOUT_WEBGPU } from '../../testing/gpuBackendForTests';
import { runExperimentOn } from '../../testing/runExperimentOn';
import type { ConfigRequest } from '../framework/resolveConfig';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const run = (be: Backend, request: ConfigRequest) => runExperimentOn(be, 'lora', request);

describe('lora on webgpu', () => {
  it('a small run: checks in f32, every method close to the float64 run', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const request: ConfigRequest = { hidden: 16, convChannels: 3, pretrainSteps: 30, trainPerClass: 30, steps: 30, ranks: ['1', '2'] };
    const g = await run(gpu, request);
    const c = await run(cpuBackend(), request);
    console.log(`lora small run: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    expect(g.m.lorasb_init_gap as number).toBeLessThan(1e-4);
    expect(g.m.svfit_start_gap as number).toBeLessThan(1e-5);
    expect(g.m.svfit_grad_error as number).toBeLessThan(0.05);
    expect(c.m.svfit_grad_error as number).toBeLessThan(1e-6);
    for (const key of ['full', 'head_only', 'conv_full']) expect(Math.abs((g.m[`${key}_accuracy`] as number) - (c.m[`${key}_accuracy`] as number)), key).toBeLessThanOrEqual(0.03);
    for (const key of ['lora', 'lora-xs', 'lora-sb', 'svfit', 'flora', 'conv-lora']) {
      expect(g.m[`${key}_params`], key).toEqual(c.m[`${key}_params`]);
      (g.m[`${key}_accuracy`] as number[]).forEach((a, i) => expect(Math.abs(a - (c.m[`${key}_accuracy`] as number[])[i]), `${key} r${i}`).toBeLessThanOrEqual(0.05));
    }
  });
});
