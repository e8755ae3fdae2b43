// The robust-recovery page's checks in float64: exact subgradients, exact recovery without outliers, ℓ1 ≫ ℓ2 under outliers.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../data/rng';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { readAndDispose } from '../../engine/readback';
import { runExperimentForTest } from '../framework/runForTest';
import { corruptedMeasurements, drawProblem, type RecoveryProblem } from './problem';
import { descentDirection, recoveryErrors, residuals } from './sensing';
import { OUTLIER_SWEEP } from './schema';

/** f(U) and its (sub)gradient for one factor U on the cpu backend: ℓ1 f = (1/m)Σ|r_i|, ℓ2 f = (1/2m)Σr_i². */
async function lossAndGradient(p: RecoveryProblem, y: Float64Array, u: Float64Array, r: number, loss: 'l1' | 'l2') {
  const be = new CpuBackend();
  const A = be.upload(p.sensing, { rows: p.m, cols: p.n * p.n });
  const Y = be.upload(y, { rows: p.m, cols: 1 });
  const U = be.upload(u, { rows: p.n, cols: r });
  const res = residuals(be, A, Y, U);
  const w1 = be.upload([loss === 'l1' ? 1 : 0], { rows: 1, cols: 1 });
  const w2 = be.upload([loss === 'l2' ? 1 : 0], { rows: 1, cols: 1 });
  const grad = await readAndDispose(be, descentDirection(be, A, res, U, w1, w2));
  const rv = await be.read(res);
  const f = loss === 'l1' ? rv.reduce((s, v) => s + Math.abs(v), 0) / p.m : rv.reduce((s, v) => s + v * v, 0) / (2 * p.m);
  return { f, grad, minAbsResidual: Math.min(...rv.map(Math.abs)) };
}

describe('robust-recovery measurements', () => {
  it('X* is PSD of the requested rank with ‖X*‖_F = 1, A_i are symmetric and y_i = ⟨A_i, X*⟩', async () => {
    const p = drawProblem(new Rng(1), { n: 9, trueRank: 3, m: 50, outlierScale: 10 });
    const n = 9;
    expect(Math.hypot(...p.xStar)).toBeCloseTo(1, 14);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(p.xStar[i * n + j]).toBeCloseTo(p.xStar[j * n + i], 15);
    for (let t = 0; t < p.m; t++) {
      const a = p.sensing.subarray(t * n * n, (t + 1) * n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(a[i * n + j]).toBe(a[j * n + i]);
      expect(a.reduce((s, v, e) => s + v * p.xStar[e], 0)).toBeCloseTo(p.clean[t], 13);
    }
    // rank 3: the 4th singular value of X* vanishes (X* (n×n) = QΛQᵀ, so σ of a 9×9 via the cpu backend's svd)
    const { svd } = await import('../../linalg/svd');
    const be = new CpuBackend();
    const x = be.upload(p.xStar, { rows: n, cols: n });
    const { U, S, V } = await svd(be, x);
    [U, V, x].forEach((t) => be.dispose(t));
    expect(S[2]).toBeGreaterThan(0.1);
    expect(S[3]).toBeLessThan(1e-14);
  });

  it('outliers are nested: fraction p corrupts exactly ⌊p·m⌋ measurements, a subset of those a larger p corrupts', () => {
    const p = drawProblem(new Rng(2), { n: 4, trueRank: 1, m: 40, outlierScale: 10 });
    expect(corruptedMeasurements(p, 0)).toEqual(p.clean);
    let previous = new Set<number>();
    for (const f of [0.1, 0.15, 0.3, 0.45]) {
      const y = corruptedMeasurements(p, f);
      const changed = new Set(Array.from(y.keys()).filter((i) => y[i] !== p.clean[i]));
      expect(changed.size).toBe(Math.floor(f * 40 + 1e-9));
      for (const i of previous) expect(changed.has(i)).toBe(true);
      previous = changed;
    }
  });
});

describe('robust-recovery subgradient', () => {
  for (const loss of ['l1', 'l2'] as const) {
    it(`${loss}: the ${loss === 'l1' ? 'subgradient' : 'gradient'} on the backend equals central differences where f is differentiable`, async () => {
      const rng = new Rng(loss === 'l1' ? 11 : 12);
      const n = 6;
      const r = 4;
      const p = drawProblem(rng, { n, trueRank: 2, m: 40, outlierScale: 5 });
      const y = corruptedMeasurements(p, 0.2);
      const u = Float64Array.from({ length: n * r }, () => rng.normal() / Math.sqrt(n));
      const at = await lossAndGradient(p, y, u, r, loss);
      // differentiable at U: no residual is zero, and a step of h cannot move any residual across 0 (|Δr_i| ≤ ~2h‖A_i‖‖U‖ ≪ 1e-3)
      expect(at.minAbsResidual).toBeGreaterThan(1e-3);
      const h = 1e-6;
      let worst = 0;
      for (let e = 0; e < n * r; e++) {
        const plus = Float64Array.from(u);
        const minus = Float64Array.from(u);
        plus[e] += h;
        minus[e] -= h;
        const fd = ((await lossAndGradient(p, y, plus, r, loss)).f - (await lossAndGradient(p, y, minus, r, loss)).f) / (2 * h);
        worst = Math.max(worst, Math.abs(fd - at.grad[e]));
      }
      const scale = Math.max(...at.grad.map(Math.abs));
      expect(scale).toBeGreaterThan(0.1);
      expect(worst).toBeLessThan(1e-7 * scale);
    });
  }

  it('recoveryErrors is ‖UUᵀ − X*‖_F per batch item', async () => {
    const be = new CpuBackend();
    const p = drawProblem(new Rng(5), { n: 3, trueRank: 1, m: 3, outlierScale: 1 });
    const u = [1, 0, 0, 0, 0, 0]; // batch of 2, n = 3, r = 1: e₁ and 0
    const errs = await readAndDispose(be, recoveryErrors(be, be.upload(u, { batch: 2, rows: 3, cols: 1 }), be.upload(p.xStar, { rows: 3, cols: 3 })));
    const e1 = Float64Array.from(p.xStar, (v, i) => v - (i === 0 ? 1 : 0));
    expect(errs[0]).toBeCloseTo(Math.hypot(...e1), 14);
    expect(errs[1]).toBeCloseTo(1, 14);
  });
});

describe('robust-recovery experiment', () => {
  it('no outliers and r = true rank: ℓ1 SubGM reaches relative error ≤ 1e-3', async () => {
    const { outcome, leaked } = await runExperimentForTest('robust-recovery', { outliers: 0, rank: 2 });
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    expect(outcome.final!.final_error_l1 as number).toBeLessThanOrEqual(1e-3);
  }, 120_000);

  for (const preset of ['quick', 'default'] as const) {
    it(`${preset} preset, 15% outliers: ℓ1 SubGM ends ≥ 10× closer than ℓ2 GD; small α keeps the spurious directions small`, async () => {
      const { outcome, history, meta, config, leaked } = await runExperimentForTest('robust-recovery', preset);
      expect(outcome.status, outcome.message ?? '').toBe('done');
      expect(leaked).toBe(0);
      const m = outcome.final!;
      expect(config.outliers).toBe(0.15);
      expect(config.rank).toBe(6);
      const l1 = m.final_error_l1 as number;
      const l2 = m.final_error_l2 as number;
      console.log(`robust-recovery ${preset} (cpu, float64): final_error_l1 ${l1.toExponential(2)}, final_error_l2 ${l2.toExponential(3)}, by α ${JSON.stringify((m.final_error_alpha as number[]).map((v) => +v.toExponential(2)))}, spurious σ ${(m.spurious_l1 as number).toExponential(2)} (α = 1: ${(m.spurious_large as number).toExponential(2)}), sweep ℓ1 ${JSON.stringify((m.sweep_error_l1 as number[]).map((v) => +v.toExponential(2)))} ℓ2 ${JSON.stringify((m.sweep_error_l2 as number[]).map((v) => +v.toExponential(2)))}`);
      expect(l2).toBeGreaterThanOrEqual(10 * l1);
      expect(l2).toBeGreaterThan(1000 * l1); // the card's "over a thousand times"
      expect(l1).toBeLessThan(2e-3);
      // α = 1e-3 against α = 1: spurious singular values and final error both several times smaller
      expect(m.spurious_l1 as number).toBeLessThan((m.spurious_large as number) / 3);
      const byAlpha = m.final_error_alpha as number[];
      expect(byAlpha[0]).toBeLessThan(byAlpha[3] / 10);
      // the true directions converge to √λ_j(X*) while the spurious ones stay below 0.05
      const sv = (m.sv_main as number[][]).at(-1)!;
      expect(sv[0]).toBeCloseTo(Math.sqrt(1 / Math.hypot(1, 0.5)), 2);
      expect(sv[1]).toBeCloseTo(Math.sqrt(0.5 / Math.hypot(1, 0.5)), 2);
      expect(Math.max(...sv.slice(2))).toBeLessThan(0.05);
      // ℓ1 beats ℓ2 by 10× at every corrupted fraction of the sweep up to 30%
      OUTLIER_SWEEP.forEach((f, i) => {
        if (f > 0 && f <= 0.3) expect((m.sweep_error_l2 as number[])[i], `fraction ${f}`).toBeGreaterThan(10 * (m.sweep_error_l1 as number[])[i]);
      });
      // the card's stall: at 40% outliers the quick schedule stops far from X*, the default one recovers it
      const at40 = (m.sweep_error_l1 as number[])[OUTLIER_SWEEP.indexOf(0.4)];
      if (preset === 'quick') expect(at40).toBeGreaterThan(0.1);
      else expect(at40).toBeLessThan(0.02);
      const plots = meta.plots(history, config as never);
      expect(plots.map((p) => p.id)).toEqual(['error-vs-iteration', 'singular-values', 'error-vs-outliers']);
      for (const p of plots) for (const trace of p.data) expect((trace.y as number[]).length, `${p.id}: ${String(trace.name)}`).toBeGreaterThan(1);
    }, 120_000);
  }

  it('the named presets show what their notes say', async () => {
    const final = async (id: string) => {
      const { outcome } = await runExperimentForTest('robust-recovery', id);
      expect(outcome.status, outcome.message ?? '').toBe('done');
      return outcome.final!;
    };
    const large = await final('large-init');
    expect(large.spurious_l1 as number).toBeGreaterThan(0.05);
    expect(large.final_error_l1 as number).toBeGreaterThan(1e-2);
    const exact = await final('exact-rank');
    expect(exact.final_error_l1 as number).toBeLessThan(1e-4);
    expect(exact.final_error_l2 as number).toBeLessThan(1e-4);
    const heavy = await final('heavy-outliers');
    expect(heavy.final_error_l1 as number).toBeLessThan(1e-2);
    expect(heavy.final_error_l2 as number).toBeGreaterThan(100 * (heavy.final_error_l1 as number));
  }, 120_000);

  it('same seed, same numbers; another seed, another problem', async () => {
    const a = await runExperimentForTest('robust-recovery', { iterations: 30, seed: 4 });
    const b = await runExperimentForTest('robust-recovery', { iterations: 30, seed: 4 });
    const c = await runExperimentForTest('robust-recovery', { iterations: 30, seed: 5 });
    expect(a.outcome.final!.error_l2).toEqual(b.outcome.final!.error_l2);
    expect(a.outcome.final!.error_l2).not.toEqual(c.outcome.final!.error_l2);
  }, 120_000);

  it('bad settings are clear errors, never NaN', async () => {
    const under = await runExperimentForTest('robust-recovery', { rank: 1, trueRank: 2 });
    expect(under.outcome.status).toBe('failed');
    expect(under.outcome.message).toMatch(/below the true rank/);
    const big = await runExperimentForTest('robust-recovery', { n: 4, trueRank: 5, rank: 5 });
    expect(big.outcome.status).toBe('failed');
    expect(big.outcome.message).toMatch(/cannot exceed the matrix size/);
    const diverging = await runExperimentForTest('robust-recovery', { stepL2: 1, iterations: 200 });
    expect(diverging.outcome.status).toBe('failed');
    expect(diverging.outcome.message).toMatch(/ℓ2 GD run .* diverged .* lower its step/);
  }, 120_000);
});
