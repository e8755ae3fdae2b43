// MLC on WebGPU (f32) against the float64 cpu backend: Sinkhorn, the objective and every gradient, and the quick page run.
import { beforeAll, describe, expect } from 'vitest';
import type { Backend, Tensor } from '../engine/backend';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { Rng } from '../data/rng';
import { unionOfSubspaces } from '../data/synthetic';
import { cpuBackend, gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import { expectBackendsAgree } from '../testing/backendsAgree';
import { runExperimentOn } from '../testing/runExperimentOn';
import { initMlcParams, mlcGradients } from './mlcModel';
import { sinkhornForward } from './mlcSinkhorn';

let gpu: WebGpuBackend | null = null;
beforeAll(async () => {
  gpu = await webgpuBackend();
});
const gpuTest = gpuIt(() => gpu, { checkLeaks: true });
const OPTIONS = { eps2: 0.5, gamma: 0.3, eta: 0.1, sinkhornIterations: 20 };

/** Reads every tensor `make` returns (made inside a tidy) and frees them. */
async function readAll(be: Backend, make: () => Tensor[]): Promise<Float64Array[]> {
  const ts = be.tidy(make);
  try {
    return await Promise.all(ts.map((t) => be.read(t)));
  } finally {
    ts.forEach((t) => be.dispose(t));
  }
}

describe('MLC pieces: webgpu (f32) against cpu (float64)', { timeout: 120_000 }, () => {
  gpuTest('Sinkhorn on awkward shapes (1×1, 7×7, 31×31, 75×75): same Π, columns sum to 1, rows as close to 1 as in float64', async () => {
    for (const n of [1, 7, 31, 75]) {
      const logits = Float64Array.from(new Rng(n).normals(n * n, 0.5));
      await expectBackendsAgree(gpu!, cpuBackend(), (be) => readAll(be, () => {
        const plan = sinkhornForward(be, be.upload(logits, { rows: n, cols: n }), 0.1, 20).plan;
        return [plan, be.reduce('sum', plan, 'perRow'), be.reduce('sum', plan, 'perCol')];
      }), `sinkhorn ${n}×${n}`, { rtol: 1e-3, atolScale: 1e-4 });
      const sums = (be: Backend) => readAll(be, () => {
        const plan = sinkhornForward(be, be.upload(logits, { rows: n, cols: n }), 0.1, 20).plan;
        return [be.reduce('sum', plan, 'perRow'), be.reduce('sum', plan, 'perCol')];
      });
      const [rows, cols] = await sums(gpu!);
      const [cpuRows] = await sums(cpuBackend());
      const worst = (v: Float64Array) => Math.max(...Array.from(v, (x) => Math.abs(x - 1)));
      expect(worst(cols)).toBeLessThan(1e-5);
      // rows converge as fast in f32 as in float64 (on random logits 20 rounds leave them ~1e-2 off in both)
      expect(worst(rows)).toBeLessThan(worst(cpuRows) + 1e-4);
      expect(worst(rows)).toBeLessThan(0.05);
    }
  });

  gpuTest('objective parts, Π, features and all four gradients agree on 75 points of a union of subspaces', async () => {
    const u = unionOfSubspaces(new Rng(1), { subspaces: 3, dim: 3, ambient: 15, perSubspace: 25, noise: 0.05 });
    await expectBackendsAgree(gpu!, cpuBackend(), async (be) => {
      const x = be.upload(u.X, { rows: u.n, cols: u.d });
      const params = initMlcParams(be, new Rng(1), u.d, 64, 16);
      try {
        return await readAll(be, () => {
          const g = mlcGradients(be, x, params, OPTIONS);
          return [g.parts, g.plan, g.z, ...g.grads];
        });
      } finally {
        [x, ...params].forEach((t) => be.dispose(t));
      }
    }, 'mlcGradients', { rtol: 5e-3, atolScale: 5e-3 });
  });
});

describe('subspace-clustering quick preset with MLC: webgpu against cpu', { timeout: 300_000 }, () => {
  gpuTest('learned Π beats the fixed reading on both backends; Π doubly stochastic at every report; no leaks', async () => {
    const g = await runExperimentOn(gpu!, 'subspace-clustering', 'quick');
    const c = await runExperimentOn(cpuBackend(), 'subspace-clustering', 'quick');
    for (const [name, r] of [['webgpu', g], ['cpu', c]] as const) {
      const m = r.m;
      console.log(`${name} quick ${r.seconds.toFixed(1)} s (mlc ${(m.time_ms_mlc as number).toFixed(0)} ms): learned ${m.mlc_acc_learned} fixed ${m.mlc_acc_fixed} accuracy ${(m.mlc_accuracy as number[]).map((a) => a.toFixed(2)).join(' ')} objective ${(m.mlc_objective as number[]).map((a) => a.toFixed(3)).join(' ')} row ${Math.max(...(m.mlc_row_error as number[])).toExponential(1)} col ${Math.max(...(m.mlc_col_error as number[])).toExponential(1)}`);
      expect(r.leaked).toBe(0);
      expect(m.mlc_acc_learned as number).toBeGreaterThanOrEqual(0.85);
      expect(m.mlc_acc_learned as number).toBeGreaterThan((m.mlc_acc_fixed as number) + 0.1);
      for (const e of m.mlc_col_error as number[]) expect(e).toBeLessThan(1e-5);
      for (const e of m.mlc_row_error as number[]) expect(e).toBeLessThan(1e-2);
    }
    // the first report is before any update: the same objective in f32 and float64
    expect((g.m.mlc_objective as number[])[0]).toBeCloseTo((c.m.mlc_objective as number[])[0], 3);
    expect(g.m.mlc_acc_fixed).toBe(c.m.mlc_acc_fixed);
  });
});
