// The spectrum page's checks: Eckart–Young (‖A−A_k‖_F = √Σ_{i>k}σ²) and LoRD's break-even rank, on the float64 backend.
import { describe, expect, it } from 'vitest';
import { runExperimentForTest } from '../framework/runForTest';
import { cumulativeEnergy, lordBreakEvenRank, normalizedSpectrum, reconstructRankK, truncationErrors, weloreRank } from '../common/lowRank';

describe('spectrum experiment', () => {
  it('quick preset: the measured truncation error equals the singular-value tail', async () => {
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('spectrum', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    expect(m.eckart_young_gap as number).toBeLessThan(1e-10);
    const sigma = m.sigma as number[];
    expect(sigma.length).toBe(128);
    for (let i = 1; i < sigma.length; i++) expect(sigma[i]).toBeLessThanOrEqual(sigma[i - 1]);
    expect(m.lord_breakeven).toBe(64);
    // the live slider's JS reconstruction agrees with the backend's error at the same k
    const k = m.k as number;
    const rec = reconstructRankK(m.U as number[], sigma, m.V as number[], 128, 128, 128, k);
    const orig = history[0].metrics.original as number[];
    let err = 0;
    for (let i = 0; i < rec.length; i++) err += (rec[i] - orig[i]) ** 2;
    expect(Math.abs(Math.sqrt(err) - (m.error_theory_k as number)) / (m.frobenius as number)).toBeLessThan(1e-5);
    const plots = meta.plots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['spectrum', 'energy', 'error-vs-params', 'welore', 'reconstruction']);
  });

  it('synthetic low rank: the spectrum shows the true rank above the noise floor', async () => {
    const { outcome } = await runExperimentForTest('spectrum', { source: 'lowrank', rows: 60, cols: 40, trueRank: 5, noise: 0.01, k: 5, seed: 3 });
    const s = outcome.final!.sigma as number[];
    expect(s[4]).toBeGreaterThan(4);
    expect(s[5]).toBeLessThan(0.3);
    expect(outcome.final!.energy_k as number).toBeGreaterThan(0.999);
  });

  it('low-rank arithmetic', () => {
    expect(truncationErrors([3, 4])).toEqual([5, 4, 0]);
    expect(truncationErrors([3], 25)).toEqual([5, 4]);
    expect(cumulativeEnergy([3, 4])).toEqual([9 / 25, 1]);
    expect(lordBreakEvenRank(100, 100)).toBe(50);
    expect(normalizedSpectrum([5, 3, 1])).toEqual([1, 0.5, 0]);
    expect(weloreRank([5, 3, 1], 0.5)).toBe(2);
  });
});
