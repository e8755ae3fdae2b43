// The lora page's checks: LoRA-SB's init is the best rank-r approximation, SVFit starts at W₀, ∂L/∂σ̃ = diag(UᵀGV).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../data/rng';
import { runExperimentForTest } from '../framework/runForTest';
import { loraAdapter, loraSbAdapter, mm, svfitAdapter, tr, type HostSvd } from './adapters';

describe('lora experiment', () => {
  it('quick preset: init checks hold, every method runs and is counted', async () => {
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('lora', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    expect(m.lorasb_init_gap as number).toBeLessThan(1e-12);
    expect(m.svfit_start_gap as number).toBeLessThan(1e-12);
    expect(m.svfit_grad_error as number).toBeLessThan(1e-6);
    expect(m['lora-sb_params']).toEqual([331, 334, 346, 394]);
    expect(m.svfit_params).toEqual([331, 332, 334, 338]);
    expect(m.full_accuracy as number).toBeGreaterThan(0.6);
    const plots = meta.plots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['accuracy-vs-params', 'cos-full']);
  }, 90_000);

  it('adapter gradients are the chain rule of W(θ) (directional finite differences)', () => {
    const rng = new Rng(3);
    const [m, n, r] = [5, 4, 2];
    const W0 = Float64Array.from(rng.normals(m * n));
    // an orthonormal-column "SVD" is enough for the parameterizations' algebra
    const q = (rows: number) => {
      const a = Float64Array.from(rng.normals(rows * r));
      const c0 = Math.hypot(...Array.from({ length: rows }, (_, i) => a[i * r]));
      for (let i = 0; i < rows; i++) a[i * r] /= c0;
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += a[i * r] * a[i * r + 1];
      for (let i = 0; i < rows; i++) a[i * r + 1] -= dot * a[i * r];
      const c1 = Math.hypot(...Array.from({ length: rows }, (_, i) => a[i * r + 1]));
      for (let i = 0; i < rows; i++) a[i * r + 1] /= c1;
      return a;
    };
    const svd: HostSvd = { m, n, r, U: q(m), S: Float64Array.from([2, 1]), V: q(n) };
    const G = Float64Array.from(rng.normals(m * n));
    const lora = loraAdapter(W0, m, n, r, rng);
    lora.params.set(rng.normals(lora.params.length));
    for (const a of [lora, loraSbAdapter(W0, svd, r), svfitAdapter(W0, svd, r)]) {
      const g = a.grad(G);
      const dir = Float64Array.from(rng.normals(a.params.length));
      const f = (t: number) => {
        const saved = Float64Array.from(a.params);
        a.params.forEach((v, i) => (a.params[i] = v + t * dir[i]));
        const w = a.weight();
        a.params.set(saved);
        return w.reduce((s, v, i) => s + v * G[i], 0);
      };
      const numeric = (f(1e-6) - f(-1e-6)) / 2e-6;
      expect(Math.abs(numeric - g.reduce((s, v, i) => s + v * dir[i], 0))).toBeLessThan(1e-7);
    }
    // SVFit's gradient is exactly diag(U_rᵀ G V_r)
    const d = mm(mm(tr(svd.U, m, r), G, r, m, n), svd.V, r, n, r);
    const sv = svfitAdapter(W0, svd, r).grad(G);
    expect(Math.abs(sv[0] - d[0]) + Math.abs(sv[1] - d[3])).toBeLessThan(1e-12);
  });
});
