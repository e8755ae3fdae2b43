// The compression page's checks: EoRA's error is the tail of σ(ΔW·S) and beats plain SVD; OMP residuals never grow.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../data/rng';
import { runExperimentForTest } from '../framework/runForTest';
import { omp, prune24, round4bit } from './methods';

describe('compression experiment', () => {
  it('quick preset: EoRA identity, EoRA ≤ SVD, OMP monotone, every method plotted', async () => {
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('compression', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    expect(m.eora_identity_gap as number).toBeLessThan(1e-10);
    expect(m.eora_minus_svd as number).toBeLessThanOrEqual(1e-12);
    expect(m.omp_worst_growth as number).toBeLessThanOrEqual(1e-12);
    const eora = m.eora_error as number[];
    expect(eora[eora.length - 1]).toBeLessThan(m.base_error as number);
    const plots = meta.plots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['error-vs-size', 'compensation']);
    expect(plots[0].data.length).toBe(7);
  }, 90_000);

  it('rounding, pruning and OMP on small cases', () => {
    const W = Float64Array.from([1, -2, 0.5, 3, 7, 0, -7, 1]);
    expect(Array.from(prune24(W))).toEqual([0, -2, 0, 3, 7, 0, -7, 0]);
    const q = round4bit(W, 2, 4);
    expect(q[3]).toBeCloseTo(3, 12);
    expect(q[6]).toBeCloseTo(-7, 12);
    const rng = new Rng(2);
    const [m, K] = [6, 10];
    const D = Float64Array.from(rng.normals(m * K));
    for (let k = 0; k < K; k++) {
      const norm = Math.hypot(...Array.from({ length: m }, (_, i) => D[i * K + k]));
      for (let i = 0; i < m; i++) D[i * K + k] /= norm;
    }
    const { residuals } = omp(D, m, K, Array.from(rng.normals(m)), 6);
    for (let t = 1; t < residuals.length; t++) expect(residuals[t]).toBeLessThanOrEqual(residuals[t - 1] + 1e-12);
    expect(residuals[residuals.length - 1]).toBeLessThan(1e-8);
  });
});
