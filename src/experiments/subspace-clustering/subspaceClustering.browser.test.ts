// The quick subspace-clustering run on WebGPU (f32): same verdicts as the float64 cpu run, nothing leaked, wall time logged.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { cpuBackend, webgpuBackend, SKIP_WITHOUT_WEBGPU } from '../../testing/gpuBackendForTests';
import { runExperimentOn } from '../../testing/runExperimentOn';
import type { Metrics } from '../framework/types';
import { firstNonImprovement } from '../../cluster/deepSelfExpression';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

async function quickRun(be: Backend) {
  const { m, seconds, leaked } = await runExperimentOn(be, 'subspace-clustering', 'quick', (p, seconds) => console.log(`${be.kind} ${seconds.toFixed(2)} s: step ${p.step}/${p.total} ${(p.metrics.methods_done as string[]).join(', ')}`));
  return { metrics: m, seconds, leaked };
}

describe('subspace-clustering quick preset: webgpu against cpu', () => {
  it('SSC and LSR separate the subspaces on both backends, k-means does not; no leaks', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const g = await quickRun(gpu);
    const c = await quickRun(cpuBackend());
    const scores = (m: Metrics) => ['kmeans', 'ssc', 'lsr', 'spectral', 'dsc'].map((x) => `${x} ${(m[`accuracy_${x}`] as number).toFixed(3)} (${(m[`time_ms_${x}`] as number).toFixed(0)} ms)`).join(', ');
    console.log(`quick preset wall time: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s`);
    console.log(`webgpu: ${scores(g.metrics)}`);
    console.log(`cpu:    ${scores(c.metrics)}`);
    console.log(`dsc_stop_epoch: webgpu ${g.metrics.dsc_stop_epoch}, cpu ${c.metrics.dsc_stop_epoch}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    for (const m of [g.metrics, c.metrics]) {
      expect(m.accuracy_ssc as number).toBeGreaterThanOrEqual(0.95);
      expect(m.accuracy_lsr as number).toBeGreaterThanOrEqual(0.95);
      expect(m.accuracy_kmeans as number).toBeLessThan(0.8);
      expect(m.dsc_acc as number).toBeGreaterThanOrEqual(0.95);
      expect(m.dsc_stop_epoch).toBe(firstNonImprovement(m.curve_dsc as number[]));
    }
  });
});
