// The quick sparse-lowrank run on WebGPU (f32) agrees with the float64 cpu run: counts, support, curves, spectra.
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
  const { m, seconds, leaked } = await runExperimentOn(be, 'sparse-lowrank', 'quick');
  return { metrics: m, seconds, leaked };
}

describe('sparse-lowrank quick preset: webgpu against cpu', () => {
  it('same counts and support, curves within f32 drift, rank above r on both', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const g = await quickRun(gpu);
    const c = await quickRun(cpuBackend());
    console.log(`quick preset: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    const gm = g.metrics;
    const cm = c.metrics;
    for (const v of ['dense', 'lowrank', 'sltrain', 'lost']) {
      expect(gm[`params_${v}`]).toBe(cm[`params_${v}`]);
      const gl = gm[`loss_${v}`] as number[];
      const cl = cm[`loss_${v}`] as number[];
      const err = Math.max(...cl.map((l, i) => Math.abs(gl[i] - l) / l));
      const sg = gm[`sigma_${v}_l1`] as number[];
      const sc = cm[`sigma_${v}_l1`] as number[];
      const sigmaErr = Math.abs(sg[0] - sc[0]) / sc[0];
      console.log(`${v}: loss relative error ${err.toExponential(2)}, σ₁ ${sg[0].toPrecision(6)} vs ${sc[0].toPrecision(6)}, numerical rank ${gm[`numrank_${v}_l1`]} (webgpu, tol 1e-4) / ${cm[`numrank_${v}_l1`]} (cpu, tol 1e-9), test accuracy ${gm[`final_test_accuracy_${v}`]} / ${cm[`final_test_accuracy_${v}`]}`);
      // Adam over 100 f32 steps (SwiftShader: ~7e-6 here): mean losses and σ₁ within 1e-3 relative, test accuracy
      // within 0.03 (11 of 360 samples)
      expect(err, v).toBeLessThan(1e-3);
      expect(sigmaErr, v).toBeLessThan(1e-3);
      expect(Math.abs((gm[`final_test_accuracy_${v}`] as number) - (cm[`final_test_accuracy_${v}`] as number))).toBeLessThanOrEqual(0.03);
    }
    expect(gm.support_changed_sltrain).toBe(0);
    expect(gm.support_nnz_sltrain).toBe(cm.support_nnz_sltrain);
    expect(gm.offsupport_sltrain_l1 as number).toBeLessThan(1e-6);
    expect(gm.numrank_sltrain_l1 as number).toBeGreaterThan(gm.rank_sltrain as number);
    expect(gm.numrank_lowrank_l1 as number).toBeLessThanOrEqual(gm.rank_lowrank as number);
    expect(gm.readbacks_per_step as number).toBeLessThanOrEqual(0.1);
  });
});
