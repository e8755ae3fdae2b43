// The robust-recovery pieces on WebGPU (f32) against the float64 cpu backend: sensing operator, subgradient, batch steps, a quick run.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { readAndDispose } from '../../engine/readback';
import { cpuBackend, SKIP_WITHOUT_WEBGPU, webgpuBackend } from '../../testing/gpuBackendForTests';
import { expectBackendsAgree } from '../../testing/backendsAgree';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { corruptedMeasurements, drawProblem, initDirection } from './problem';
import { descentDirection, recoveryErrors, residuals } from './sensing';
import { RecoveryBatch, type RunSpec } from './recoveryBatch';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

// awkward shapes: n = 1 (A_i scalars), a prime n and m, one run or a batch that is no power of two, r = 1 and r = n
const SHAPES: { n: number; r: number; m: number; B: number }[] = [
  { n: 1, r: 1, m: 7, B: 1 },
  { n: 7, r: 3, m: 37, B: 5 },
  { n: 13, r: 13, m: 101, B: 3 },
  { n: 20, r: 6, m: 300, B: 16 },
];

describe('robust-recovery sensing operator on webgpu', () => {
  for (const { n, r, m, B } of SHAPES) {
    it(`n = ${n}, r = ${r}, m = ${m}, batch ${B}: residuals, ℓ1/ℓ2 directions and errors agree with float64`, async (ctx) => {
      if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
      const rng = new Rng(n * 1000 + m);
      const p = drawProblem(rng, { n, trueRank: 1, m, outlierScale: 10 });
      const y = new Float64Array(m * B);
      for (let b = 0; b < B; b++) corruptedMeasurements(p, (0.3 * b) / B).forEach((v, i) => (y[i * B + b] = v));
      const u = Float64Array.from({ length: B * n * r }, () => rng.normal() / Math.sqrt(n));
      const l1 = Array.from({ length: B }, (_, b) => (b % 2 ? 0 : 0.1 * (b + 1)));
      const l2 = Array.from({ length: B }, (_, b) => (b % 2 ? 0.05 : 0));
      const evaluate = async (be: Backend) => {
        const t = {
          A: be.upload(p.sensing, { rows: m, cols: n * n }), y: be.upload(y, { rows: m, cols: B }), U: be.upload(u, { batch: B, rows: n, cols: r }),
          x: be.upload(p.xStar, { rows: n, cols: n }), l1: be.upload(l1, { rows: 1, cols: B }), l2: be.upload(l2, { rows: 1, cols: B }),
        };
        const res = residuals(be, t.A, t.y, t.U);
        const out = await Promise.all([
          be.read(res),
          readAndDispose(be, descentDirection(be, t.A, res, t.U, t.l1, t.l2)),
          readAndDispose(be, recoveryErrors(be, t.U, t.x)),
        ]);
        for (const v of [res, ...Object.values(t)]) be.dispose(v);
        return out;
      };
      // sums over n² (forward) and m (adjoint) terms in f32; sign flips only where a residual is ~1e-7, which these draws avoid
      await expectBackendsAgree(gpu, cpuBackend(), evaluate, `n ${n}, r ${r}, m ${m}, B ${B}`, { rtol: 1e-4, atolScale: 1e-5 });
    });
  }
});

describe('robust-recovery batch on webgpu', () => {
  it('20 iterations of ℓ1 SubGM and ℓ2 GD from several α track float64; nothing leaks', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const specs: RunSpec[] = [
      { loss: 'l1', alpha: 1e-2, outliers: 0.15 }, { loss: 'l1', alpha: 1, outliers: 0.15 },
      { loss: 'l2', alpha: 1e-2, outliers: 0.15 }, { loss: 'l2', alpha: 1e-2, outliers: 0 },
    ];
    const p = drawProblem(new Rng(3), { n: 11, trueRank: 2, m: 131, outlierScale: 10 });
    const init = initDirection(new Rng(4), 11, 5);
    const run = async (be: Backend) => {
      const before = be.liveTensors();
      const batch = new RecoveryBatch(be, p, init, 5, specs, { step: 0.3, decay: 0.95, stepL2: 0.02 });
      for (let t = 0; t < 20; t++) batch.step();
      const out = { U: await batch.read(), errors: await batch.errors(), sv: (await batch.singularValues(2)).flat() };
      batch.dispose();
      expect(be.liveTensors(), `${be.kind} tensors leaked`).toBe(before);
      return out;
    };
    const g = await run(gpu);
    const c = await run(cpuBackend());
    const worst = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(b).reduce((w, v, i) => Math.max(w, Math.abs(a[i] - v) / Math.max(1, Math.abs(v))), 0);
    console.log(`robust-recovery batch, 20 steps: U ${worst(g.U, c.U).toExponential(1)}, errors ${worst(g.errors, c.errors).toExponential(1)}, σ ${worst(g.sv, c.sv).toExponential(1)}`);
    expect(worst(g.U, c.U)).toBeLessThan(1e-4);
    expect(worst(g.errors, c.errors)).toBeLessThan(1e-4);
    expect(worst(g.sv, c.sv)).toBeLessThan(1e-4);
  });
});

describe('robust-recovery page on webgpu', () => {
  it('quick preset: ℓ1 SubGM ends ≥ 10× closer than ℓ2 GD, as in float64; no tensor leaks', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const g = await runExperimentOn(gpu, 'robust-recovery', 'quick');
    const c = await runExperimentOn(cpuBackend(), 'robust-recovery', 'quick');
    const [g1, g2, c1, c2] = [g.m.final_error_l1, g.m.final_error_l2, c.m.final_error_l1, c.m.final_error_l2] as number[];
    console.log(`robust-recovery quick: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s; final_error_l1 ${g1.toExponential(2)} vs ${c1.toExponential(2)}; final_error_l2 ${g2.toExponential(3)} vs ${c2.toExponential(3)}; spurious ${(g.m.spurious_l1 as number).toExponential(2)} vs ${(c.m.spurious_l1 as number).toExponential(2)}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    expect(g2).toBeGreaterThan(10 * g1);
    // f32 rounding changes which tiny residuals flip sign, so trajectories drift apart, but the end points agree closely
    expect(Math.abs(g1 - c1)).toBeLessThan(0.5 * c1 + 1e-4);
    expect(Math.abs(g2 - c2)).toBeLessThan(1e-3 * c2);
    expect(Math.abs((g.m.spurious_l1 as number) - (c.m.spurious_l1 as number))).toBeLessThan(0.05 * (c.m.spurious_l1 as number));
  });
});
