// The continual page on WebGPU (f32) against the float64 cpu run: updates orthogonal to the history within f32, same learning.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { cpuBackend, webgpuBackend, SKIP_WITHOUT_WEBGPU } from '../../testing/gpuBackendForTests';
import { runExperimentOn } from '../../testing/runExperimentOn';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const quick = (be: Backend) => runExperimentOn(be, 'continual', 'quick');

describe('continual on webgpu', () => {
  it('quick preset: ‖HᵀΔW‖/‖ΔW‖ ≤ 1e-3 in f32, accuracies near the float64 run, nothing leaks', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const g = await quick(gpu);
    const c = await quick(cpuBackend());
    console.log(`continual quick: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s; orthogonality webgpu ${g.m.orthogonality_max}, cpu ${c.m.orthogonality_max}`);
    console.log(`forgetting webgpu ${g.m.forgetting_coso}/${g.m.forgetting_finetune}, cpu ${c.m.forgetting_coso}/${c.m.forgetting_finetune}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    expect(g.m.orthogonality_max as number).toBeLessThan(1e-3);
    // 5 tasks × ~70 test digits: final mean accuracies within 0.05 after f32 vs f64 drift
    for (const k of ['final_accuracy_coso', 'final_accuracy_finetune']) expect(Math.abs((g.m[k] as number) - (c.m[k] as number)), k).toBeLessThanOrEqual(0.05);
  });
});
