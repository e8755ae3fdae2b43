// The hydra page on WebGPU (f32) against the float64 cpu backend: the gated loss, the gate gather/scatter, the quick run.
import { beforeAll, describe, expect } from 'vitest';
import type { Backend, Tensor } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { cpuBackend, gpuIt, webgpuBackend } from '../../testing/gpuBackendForTests';
import { expectBackendsAgree } from '../../testing/backendsAgree';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { pairOneHot } from './classPairs';
import { gateLogitsGrad, gatherGates, hydraLoss } from './hydraLoss';

let gpu: WebGpuBackend | null = null;
beforeAll(async () => {
  gpu = await webgpuBackend();
});
const it = gpuIt(() => gpu, { checkLeaks: true });

/** Reads every tensor an evaluation returns, then frees them. */
async function readAll(be: Backend, ts: Tensor[]): Promise<Float64Array[]> {
  const out = await Promise.all(ts.map((t) => be.read(t)));
  for (const t of ts) be.dispose(t);
  return out;
}

describe('hydra on webgpu', () => {
  it('the gated loss, its gradients and the gate gather/scatter agree with float64 on awkward shapes', async () => {
    // B × d × P: a single pair, a one-dimensional embedding, primes, and a batch past one 16-wide tile
    for (const [B, d, P] of [[1, 4, 3], [13, 1, 5], [7, 11, 3], [37, 17, 55]]) {
      const rng = new Rng(B * 100 + d);
      const [f1, f2, w] = [rng.normals(B * d), rng.normals(B * d), rng.normals(P * d, 1.5)];
      const pairs = Int32Array.from({ length: B }, () => rng.int(P));
      await expectBackendsAgree(gpu!, cpuBackend(), async (be) => {
        const ts = be.tidy(() => {
          const labels = be.upload(Array.from({ length: B }, (_, i) => i), { rows: B, cols: 1 });
          const oneHot = be.upload(pairOneHot(pairs, P), { rows: B, cols: P });
          const gates = gatherGates(be, oneHot, be.upload(w, { rows: P, cols: d }));
          const h = hydraLoss(be, be.upload(f1, { rows: B, cols: d }), be.upload(f2, { rows: B, cols: d }), gates, labels, 0.2, 0.1);
          return [gates, h.loss, h.df1, h.df2, h.dGates, gateLogitsGrad(be, oneHot, gates, h.dGates)];
        });
        return readAll(be, ts);
      }, `hydra loss B=${B} d=${d} P=${P}`, { rtol: 1e-4, atolScale: 1e-5 });
    }
  });

  it('the quick preset: Hydra’s probe beats SimCLR’s in f32 too, and the metrics match float64 within f32 drift', async () => {
    const g = await runExperimentOn(gpu!, 'hydra', 'quick');
    const c = await runExperimentOn(cpuBackend(), 'hydra', 'quick');
    const pick = (m: Record<string, unknown>) => ({ probe: [m.probe_acc_hydra, m.probe_acc_infonce], erank: [m.erank_hydra, m.erank_infonce], gates: m.gate_open_mean });
    console.log(`hydra quick: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s\n webgpu ${JSON.stringify(pick(g.m))}\n cpu    ${JSON.stringify(pick(c.m))}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    expect(g.m.probe_acc_hydra as number).toBeGreaterThan(g.m.probe_acc_infonce as number);
    for (const k of ['probe_acc_hydra', 'probe_acc_infonce']) expect(Math.abs((g.m[k] as number) - (c.m[k] as number)), k).toBeLessThan(0.03);
    for (const k of ['erank_hydra', 'erank_infonce']) expect(Math.abs((g.m[k] as number) - (c.m[k] as number)), k).toBeLessThan(0.05 * (c.m[k] as number));
    expect(Math.abs((g.m.gate_open_mean as number) - (c.m.gate_open_mean as number))).toBeLessThan(0.01);
  });
});
