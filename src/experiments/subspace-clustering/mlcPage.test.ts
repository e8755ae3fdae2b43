// The subspace-clustering page's MLC method on the float64 cpu backend: headline metrics, Π's balance, named presets.
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '../../testing/gpuBackendForTests';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { runExperimentForTest } from '../framework/runForTest';

describe('subspace-clustering: MLC (float64)', { timeout: 300_000 }, () => {
  it('quick preset: learned Π beats the fixed Sinkhorn reading; Π doubly stochastic at every report; no leaks', async () => {
    const { m, seconds, leaked } = await runExperimentOn(cpuBackend(), 'subspace-clustering', 'quick');
    const acc = m.mlc_accuracy as number[];
    console.log(`quick cpu ${seconds.toFixed(1)} s: learned ${m.mlc_acc_learned} fixed ${m.mlc_acc_fixed} accuracy ${acc.map((a) => a.toFixed(2)).join(' ')} objective ${(m.mlc_objective as number[]).map((a) => a.toFixed(2)).join(' ')}`);
    expect(leaked).toBe(0);
    expect(m.mlc_acc_learned as number).toBeGreaterThanOrEqual(0.85);
    expect(m.mlc_acc_learned as number).toBeGreaterThan((m.mlc_acc_fixed as number) + 0.1);
    expect(m.mlc_acc_learned).toBe(m.accuracy_mlc);
    for (const e of m.mlc_col_error as number[]) expect(e).toBeLessThan(1e-12);
    for (const e of m.mlc_row_error as number[]) expect(e).toBeLessThan(1e-2);
    const objective = m.mlc_objective as number[];
    expect(objective[objective.length - 1]).toBeGreaterThan(objective[0] + 0.5);
  });

  it('MLC preset (default data: 150 points, 3 subspaces of dimension 4 in R³⁰): learns from Π₀ near chance to ≥ 0.9', async () => {
    const { outcome, leaked } = await runExperimentForTest('subspace-clustering', 'mlc');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    console.log(`mlc preset cpu (${(m.time_ms_mlc as number).toFixed(0)} ms): learned ${m.mlc_acc_learned} fixed ${m.mlc_acc_fixed} accuracy ${(m.mlc_accuracy as number[]).map((a) => a.toFixed(2)).join(' ')}`);
    // measured: Π₀ 0.48 → 0.96 at the end (1.00 midway); the fixed reading is already perfect on such clean subspaces
    const accuracy = m.mlc_accuracy as number[];
    expect(accuracy[0]).toBeLessThan(0.6);
    expect(m.mlc_acc_learned as number).toBeGreaterThanOrEqual(0.9);
    expect(m.mlc_acc_fixed as number).toBeGreaterThanOrEqual(0.95);
    for (const e of m.mlc_col_error as number[]) expect(e).toBeLessThan(1e-12);
    for (const e of m.mlc_row_error as number[]) expect(e).toBeLessThan(1e-2);
  });

  it('digits (5 classes × 20): Π stays doubly stochastic, but the scaled-down MLC does not beat the fixed reading', async () => {
    const { outcome, leaked } = await runExperimentForTest('subspace-clustering', 'mlc-digits');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    console.log(`mlc-digits cpu: learned ${m.mlc_acc_learned} fixed ${m.mlc_acc_fixed} accuracy ${(m.mlc_accuracy as number[]).map((a) => a.toFixed(2)).join(' ')}`);
    // what the card says: without pretrained features this tiny MLP loses to the fixed reading on digits (0.43 vs 0.74)
    expect(m.mlc_acc_learned as number).toBeLessThan(m.mlc_acc_fixed as number);
    expect(m.mlc_acc_fixed as number).toBeGreaterThan(0.6);
    for (const e of m.mlc_col_error as number[]) expect(e).toBeLessThan(1e-12);
    for (const e of m.mlc_row_error as number[]) expect(e).toBeLessThan(1e-2);
  });
});
