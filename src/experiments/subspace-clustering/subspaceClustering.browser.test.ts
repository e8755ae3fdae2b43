// The quick subspace-clustering run on WebGPU (f32): same verdicts as the float64 cpu run, nothing leaked, wall time logged.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { fetchSource } from '../../data/datasets';
import { cpuBackend, webgpuBackend } from '../../testing/gpuBackendForTests';
import { RunHost } from '../../worker/runHost';
import { getExperiment } from '../registry';
import { EXPERIMENT_RUNS } from '../runRegistry';
import { resolveConfig } from '../framework/resolveConfig';
import type { Metrics } from '../framework/types';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

async function quickRun(be: Backend): Promise<{ metrics: Metrics; seconds: number; leaked: number }> {
  const meta = getExperiment('subspace-clustering')!;
  const { config } = resolveConfig(meta, 'quick');
  const before = be.liveTensors();
  const t0 = performance.now();
  const outcome = await new RunHost().start(`quick-${be.kind}`, EXPERIMENT_RUNS['subspace-clustering'], config, { backend: be, data: fetchSource(''), watched: meta.watchedMetrics },
    (p) => console.log(`${be.kind} ${((performance.now() - t0) / 1000).toFixed(2)} s: step ${p.step}/${p.total} ${(p.metrics.methods_done as string[]).join(', ')}`));
  expect(outcome.status, outcome.message ?? '').toBe('done');
  return { metrics: outcome.final!, seconds: (performance.now() - t0) / 1000, leaked: be.liveTensors() - before };
}

describe('subspace-clustering quick preset: webgpu against cpu', () => {
  it('SSC and LSR separate the subspaces on both backends, k-means does not; no leaks', async () => {
    if (!gpu) return;
    const g = await quickRun(gpu);
    const c = await quickRun(cpuBackend());
    const scores = (m: Metrics) => ['kmeans', 'ssc', 'lsr', 'spectral'].map((x) => `${x} ${(m[`accuracy_${x}`] as number).toFixed(3)} (${(m[`time_ms_${x}`] as number).toFixed(0)} ms)`).join(', ');
    console.log(`quick preset wall time: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s`);
    console.log(`webgpu: ${scores(g.metrics)}`);
    console.log(`cpu:    ${scores(c.metrics)}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    for (const m of [g.metrics, c.metrics]) {
      expect(m.accuracy_ssc as number).toBeGreaterThanOrEqual(0.95);
      expect(m.accuracy_lsr as number).toBeGreaterThanOrEqual(0.95);
      expect(m.accuracy_kmeans as number).toBeLessThan(0.8);
    }
  });
});
