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
  it('rate-reduction: the same ΔR curve, CRATE measurements and trained CRATE within f32 tolerance, one readback per report while training', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const reads = gpu.readbacks;
    // readbacks between consecutive progress events, for each event that added one training report
    const perReport: number[] = [];
    let last = gpu.readbacks;
    let reported = 0;
    const { m: gm, seconds: gs, leaked: gl } = await runExperimentOn(gpu, 'rate-reduction', 'quick', (p) => {
      const count = (p.metrics?.rate_deltaR as number[] | undefined)?.length ?? 0;
      if (count === reported + 1 && count <= 10) perReport.push(gpu!.readbacks - last);
      reported = Math.max(reported, count);
      last = gpu!.readbacks;
    });
    const g = { metrics: gm, seconds: gs, leaked: gl };
    const c = await quickRun('rate-reduction', cpuBackend());
    // the quick preset reports every 10 of 100 steps: 10 reports, each paid for by exactly one readback (the logdets)
    expect(perReport).toEqual(new Array(10).fill(1));
    console.log(`rate-reduction quick: webgpu ${g.seconds.toFixed(1)} s (${gpu.readbacks - reads} readbacks), cpu ${c.seconds.toFixed(1)} s; ΔR ${nums(g.metrics, 'rate_deltaR').map((v) => v.toFixed(3)).join(' ')}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    nums(g.metrics, 'rate_deltaR').forEach((v, i) => expect(Math.abs(v - nums(c.metrics, 'rate_deltaR')[i]), `report ${i}`).toBeLessThan(0.02));
    expect(Math.abs((g.metrics.deltaR_final as number) - (c.metrics.deltaR_final as number))).toBeLessThan(0.02);
    nums(g.metrics, 'crate_Rc').forEach((v, i) => expect(Math.abs(v - nums(c.metrics, 'crate_Rc')[i]), `CRATE point ${i}`).toBeLessThan(1e-3 * Math.max(1, Math.abs(v))));
    nums(g.metrics, 'crate_sparsity').forEach((v, i) => expect(Math.abs(v - nums(c.metrics, 'crate_sparsity')[i])).toBeLessThan(0.01));
    // the trained CRATE: the same loss curve, per-layer measurements and test accuracies; those after training loosely,
    // as f32 rounding compounds through 40 Adam steps (crateModel.browser.test.ts holds the forward/backward tightly)
    console.log(`trained CRATE: loss ${nums(g.metrics, 'crate_train_loss').map((v) => v.toFixed(3)).join(' ')}; acc ${g.metrics.crate_acc_trained} vs random ${g.metrics.crate_acc_random} (cpu ${c.metrics.crate_acc_trained} vs ${c.metrics.crate_acc_random})`);
    expect(nums(g.metrics, 'crate_train_loss').length).toBe(nums(c.metrics, 'crate_train_loss').length);
    // step 0 is the same weights on both; later f32 rounding compounds through Adam (a few percent by step 40)
    nums(g.metrics, 'crate_train_loss').forEach((v, i) => expect(Math.abs(v - nums(c.metrics, 'crate_train_loss')[i]), `CRATE loss ${i}`).toBeLessThan((i === 0 ? 1e-4 : 0.05) * v));
    nums(g.metrics, 'crate_layer_Rc_before').forEach((v, i) => expect(Math.abs(v - nums(c.metrics, 'crate_layer_Rc_before')[i]), `R_c before, layer ${i + 1}`).toBeLessThan(1e-3 * Math.max(1, v)));
    nums(g.metrics, 'crate_layer_Rc_after').forEach((v, i) => expect(Math.abs(v - nums(c.metrics, 'crate_layer_Rc_after')[i]), `R_c after, layer ${i + 1}`).toBeLessThan(0.15 * Math.max(1, v)));
    nums(g.metrics, 'crate_layer_sparsity_before').forEach((v, i) => expect(Math.abs(v - nums(c.metrics, 'crate_layer_sparsity_before')[i]), `sparsity before [${i}]`).toBeLessThan(0.01));
    nums(g.metrics, 'crate_layer_sparsity_after').forEach((v, i) => expect(Math.abs(v - nums(c.metrics, 'crate_layer_sparsity_after')[i]), `sparsity after [${i}]`).toBeLessThan(0.05));
    for (const k of ['crate_acc_trained', 'crate_acc_random']) expect(Math.abs((g.metrics[k] as number) - (c.metrics[k] as number)), k).toBeLessThanOrEqual(4 / 64 + 1e-9);
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
