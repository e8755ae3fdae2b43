// The rerouting page on WebGPU (f32) against the float64 cpu backend: the three attack gradients and steps on awkward shapes, subspaces, a whole quick run.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { readScalar } from '../../engine/readback';
import { cpuBackend, SKIP_WITHOUT_WEBGPU, webgpuBackend } from '../../testing/gpuBackendForTests';
import { expectBackendsAgree } from '../../testing/backendsAgree';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { attackStep, perturbationUpdate } from './attacks';
import { attackTestProblem } from './attackTestProblem';
import { idempotenceError, projector } from './subspaces';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

describe('rerouting pieces on webgpu', () => {
  // awkward shapes: one attacked row, prime widths, k = 1, a batch that is no multiple of a tile
  const cases: [string, number[], number, number][] = [
    ['5→7→6→3, B = 9, k = 2', [5, 7, 6, 3], 9, 2],
    ['64→13→11→10, B = 1, k = 3', [64, 13, 11, 10], 1, 3],
    ['3→17→5→2, B = 37, k = 1', [3, 17, 5, 2], 37, 1],
  ];
  for (const [name, sizes, B, k] of cases) {
    it(`${name}: projectors, all three attack gradients, hits and one step agree with float64; P² = P to f32`, async (ctx) => {
      if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
      const evaluate = async (be: Backend): Promise<Float64Array[]> => {
        const p = await attackTestProblem(be, sizes, B, k, 11);
        const outs = be.tidy(() => {
          const delta = be.fill({ rows: B, cols: sizes[0] }, 0.01);
          const r = attackStep(be, p.mlp, p.weights, p.x, delta, p.labels, p.sub, 'reroute');
          const pr = attackStep(be, p.mlp, p.weights, p.x, delta, p.labels, p.sub, 'probe');
          const l = attackStep(be, p.mlp, p.weights, p.x, delta, p.labels, p.sub, 'logit');
          // the hit column marks nothing here, so the step moves every row
          const half = be.fill({ rows: B, cols: 1 }, 0);
          return [projector(be, p.sub.source), projector(be, p.sub.target), r.grad, r.hidden, pr.grad, l.grad, l.logits, l.hit, perturbationUpdate(be, p.x, delta, r.grad, half, 0.05)].map((t) => be.keep(t));
        });
        const values = await Promise.all(outs.map((t) => be.read(t)));
        const idem = await Promise.all([idempotenceError(be, p.sub.source), idempotenceError(be, p.sub.target)].map((t) => readScalar(be, t)));
        expect(Math.max(...idem), `${be.kind}: max |P² − P|`).toBeLessThan(be.precision === 'f32' ? 1e-5 : 1e-13);
        for (const t of outs) be.dispose(t);
        p.dispose();
        return values;
      };
      await expectBackendsAgree(gpu, cpuBackend(), evaluate, name, { rtol: 1e-4, atolScale: 1e-4 });
    });
  }
});

describe('rerouting page on webgpu', () => {
  it('the quick preset: same metrics as float64 within f32 drift, zero perturbation exact, P² = P, nothing leaks', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const g = await runExperimentOn(gpu, 'rerouting', 'quick');
    const c = await runExperimentOn(cpuBackend(), 'rerouting', 'quick');
    const pick = (m: typeof g.m) => ({ acc: m.clean_accuracy, n: m.n_attacked, success_reroute: m.success_reroute, success_probe: m.success_probe, success_logit: m.success_logit, norm_reroute: m.norm_reroute, norm_probe: m.norm_probe, norm_logit: m.norm_logit, probe: m.probe_accuracy, idem: m.projection_idempotence, zero: m.zero_perturbation_change });
    console.log(`rerouting quick: webgpu ${g.seconds.toFixed(1)} s ${JSON.stringify(pick(g.m))}; cpu ${c.seconds.toFixed(1)} s ${JSON.stringify(pick(c.m))}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    expect(g.m.n_attacked).toBe(24);
    expect(g.m.zero_perturbation_change).toBe(0);
    expect(g.m.projection_idempotence as number).toBeLessThan(1e-5);
    expect(Math.abs((g.m.clean_accuracy as number) - (c.m.clean_accuracy as number))).toBeLessThan(0.02);
    for (const key of ['success_reroute_curve', 'success_probe_curve', 'success_logit_curve']) {
      (g.m[key] as number[]).forEach((v, i) => expect(Math.abs(v - (c.m[key] as number[])[i]), `${key}[${i}]`).toBeLessThanOrEqual(3 / 24 + 1e-9));
    }
    for (const key of ['norm_reroute', 'norm_probe', 'norm_logit']) expect(Math.abs((g.m[key] as number) - (c.m[key] as number)), key).toBeLessThan(0.05 * (c.m[key] as number));
  });
});
