// The intrinsic-dimension page's checks on the float64 backend: the quick run end to end, the toy's d_int of 10,
// and the sweep arithmetic.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { createProjection } from '../../learn/subspaceProjections';
import { runExperimentForTest } from '../framework/runForTest';
import { resolveConfig } from '../framework/resolveConfig';
import { getExperiment } from '../registry';
import { EXPERIMENT_RUNS } from '../runRegistry';
import { RunHost } from '../../worker/runHost';
import { nodeSource } from '../../data/nodeSource';
import { groupSumProjection, subspaceLossFloor, symmetricEigenvalues, TOY_D, toyTargets } from './toyProblem';
import { runToy, type ToyResult } from './toyRun';
import { interpolatedIntrinsicDimension, intrinsicDimension, toyIntrinsicDimension } from './sweep';

describe('intrinsic-dimension experiment', () => {
  it('quick preset: full baseline, the d sweep with d_int90, the toy, few readbacks, no leaks', async () => {
    const t0 = performance.now();
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('intrinsic-dimension', 'quick');
    console.log(`intrinsic-dimension quick preset on cpu: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    expect(Number.isFinite(m.d_int90)).toBe(true);
    expect(Number.isFinite(m.full_accuracy)).toBe(true);
    expect(m.d_values).toEqual([20, 100, 400]);
    expect((m.accuracy as number[]).length).toBe(3);
    expect(m.full_accuracy as number).toBeGreaterThan(0.85);
    // more trainable directions, better accuracy: the curve rises from d = 20 to d = 400
    const acc = m.accuracy as number[];
    expect(acc[2]).toBeGreaterThan(acc[0] + 0.3);
    expect(m.d_int90).toBe(intrinsicDimension([20, 100, 400], acc, m.full_accuracy as number, 0.9));
    expect(m.d_int90).toBe(400);
    expect(m.toy_d_int).toBe(10);
    expect(m.toy_d_int_floor).toBe(10);
    expect(m.readbacks_per_step as number).toBeLessThanOrEqual(0.1);
    const plots = meta.plots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['accuracy-vs-d', 'training-curves', 'toy']);
  }, 120_000);
});

describe('cancelling', () => {
  // quick yields 4 per MLP run (3 reports + its summary), then one per toy d: 2 is inside full training,
  // 6 inside the first subspace run, 14 between two toy subspaces
  for (const at of [2, 6, 14]) {
    it(`a run cancelled at its yield ${at} frees every tensor`, async () => {
      const be = new CpuBackend();
      const host = new RunHost();
      const meta = getExperiment('intrinsic-dimension')!;
      const { config } = resolveConfig(meta, 'quick');
      let yields = 0;
      const outcome = await host.start('cancel-me', EXPERIMENT_RUNS['intrinsic-dimension'], config, { backend: be, data: nodeSource, watched: meta.watchedMetrics }, () => {
        if (++yields === at) host.control('cancel-me', 'cancel');
      });
      expect(outcome.status).toBe('cancelled');
      expect(be.liveTensors()).toBe(0);
    }, 60_000);
  }
});

describe('the paper’s toy: 10 constraints, d_int = 10', () => {
  it('below d = 10 the subspace cannot reach zero loss, from d = 10 on it can, for every draw', () => {
    const be = new CpuBackend();
    const rng = new Rng(5);
    const r = toyTargets(); // θ₀ = 0: the residual is the targets themselves
    for (let draw = 0; draw < 5; draw++) {
      const floors = [5, 9, 10, 11].map((d) => {
        const p = createProjection(be, rng, 'unit', d, TOY_D);
        const m = groupSumProjection(be, p);
        const floor = subspaceLossFloor(be.view(m), d, r);
        be.dispose(m);
        p.dispose();
        return floor;
      });
      expect(floors[0]).toBeGreaterThan(1e-3);
      expect(floors[1]).toBeGreaterThan(1e-6);
      expect(floors[2]).toBeLessThan(1e-20);
      expect(floors[3]).toBeLessThan(1e-20);
    }
    expect(be.liveTensors()).toBe(0);
  });

  it('training reaches ≈ 0 exactly from d = 10 on (three draws)', async () => {
    const be = new CpuBackend();
    for (const seed of [1, 2, 3]) {
      let last: ToyResult | null = null;
      for await (const t of runToy(be, [2, 5, 9, 10, 11, 20], 3000, new Rng(seed), new AbortController().signal)) last = t;
      console.log(`toy draw ${seed}: loss ${last!.loss.map((l) => l.toExponential(1)).join(', ')} (d = 2, 5, 9, 10, 11, 20)`);
      expect(last!.dInt).toBe(10);
      expect(last!.dIntFloor).toBe(10);
      // below 10 the trained loss sits on the subspace's floor, far from 0
      for (let i = 0; i < 3; i++) expect(last!.loss[i]).toBeCloseTo(last!.floor[i], 6);
    }
    expect(be.liveTensors()).toBe(0);
  }, 60_000);

  it('symmetric eigenvalues by Jacobi', () => {
    expect(symmetricEigenvalues([2, 1, 1, 2], 2).map((v) => +v.toFixed(12))).toEqual([3, 1]);
  });
});

describe('sweep arithmetic', () => {
  it('d_int90 is the smallest d reaching 90% of full accuracy', () => {
    expect(intrinsicDimension([10, 50, 100, 200], [0.3, 0.85, 0.89, 0.95], 1, 0.9)).toBe(200);
    expect(intrinsicDimension([10, 50, 100, 200], [0.3, 0.91, 0.89, 0.95], 1, 0.9)).toBe(50);
    expect(intrinsicDimension([10], [0.3], 1, 0.9)).toBe(-1);
    expect(interpolatedIntrinsicDimension([10, 100], [0.5, 1], 1, 0.75)).toBeCloseTo(Math.sqrt(1000), 9);
    expect(interpolatedIntrinsicDimension([10, 100], [0.95, 1], 1, 0.9)).toBe(10);
    expect(toyIntrinsicDimension([9, 10, 11], [3, 1e-9, 1e-12], 385)).toBe(10);
  });
});
