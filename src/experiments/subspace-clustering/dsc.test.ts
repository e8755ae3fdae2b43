// The page's deep method in float64: headline metrics on the quick preset and on digits, the stop rule on the run.
import { describe, expect, it } from 'vitest';
import { runExperimentForTest } from '../framework/runForTest';
import { deepSubspaceClustering, firstNonImprovement } from '../../cluster/deepSelfExpression';
import { cpuBackend } from '../../testing/gpuBackendForTests';
import { subspaceClusteringExperiment } from './index';

describe('subspace-clustering: label-free deep SSC', { timeout: 300_000 }, () => {
  it('quick preset: dsc_acc, ssc_raw_acc, dsc_stop_epoch; the run stopped at its first non-improvement', async () => {
    const { outcome, history, meta, config } = await runExperimentForTest('subspace-clustering', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    const m = outcome.final!;
    console.log(`quick (cpu): dsc_acc ${m.dsc_acc}, dsc_nmi ${m.dsc_nmi}, ssc_raw_acc ${m.ssc_raw_acc}, dsc_stop_epoch ${m.dsc_stop_epoch}, time ${(m.time_ms_dsc as number).toFixed(0)} ms`);
    expect(m.dsc_acc).toBe(m.accuracy_dsc);
    expect(m.ssc_raw_acc).toBe(m.accuracy_ssc);
    expect(m.dsc_acc as number).toBeGreaterThanOrEqual(0.95);
    expect(m.ssc_raw_acc as number).toBeGreaterThanOrEqual(0.95);
    const errors = m.curve_dsc as number[];
    expect(m.dsc_stop_epoch).toBe(firstNonImprovement(errors));
    expect(errors.length).toBe(m.dsc_stop_epoch);
    expect(m.epochs_dsc).toBe((m.dsc_stop_epoch as number) - 1);
    const stopPlot = meta.plots(history, config as never).find((p) => p.id === 'dsc-stop')!;
    const marker = stopPlot.data[1] as { x: number[]; y: number[] };
    expect(marker.x).toEqual([m.dsc_stop_epoch]);
    expect(marker.y).toEqual([errors[(m.dsc_stop_epoch as number) - 1]]);
  });

  it('digits preset: both methods score, headline metrics named', async () => {
    const preset = subspaceClusteringExperiment.presets.named!.find((p) => p.id === 'deep-digits')!;
    const { outcome, leaked } = await runExperimentForTest('subspace-clustering', { ...preset.config, seed: 1 });
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    console.log(`deep-digits (cpu): dsc_acc ${m.dsc_acc}, dsc_nmi ${m.dsc_nmi}, ssc_raw_acc ${m.ssc_raw_acc}, ssc_raw_nmi ${m.ssc_raw_nmi}, dsc_stop_epoch ${m.dsc_stop_epoch}`);
    expect(m.dsc_acc as number).toBeGreaterThan(0.5);
    // the card says: on this digits sample the deep method scores below SSC on the raw pixels
    expect(m.dsc_acc as number).toBeLessThan(m.ssc_raw_acc as number);
    expect(m.dsc_stop_epoch).toBe(firstNonImprovement(m.curve_dsc as number[]));
  });

  it('bad input is a clear error, not NaN', async () => {
    const be = cpuBackend();
    const x = be.upload(new Float64Array(12).fill(1), { rows: 4, cols: 3 });
    await expect(deepSubspaceClustering(be, x, 3, { lr: 0 })).rejects.toThrow(/learning rate must be positive/);
    await expect(deepSubspaceClustering(be, x, 5)).rejects.toThrow(/5 clusters do not fit 4 samples/);
    be.dispose(x);
    expect(be.liveTensors()).toBe(0);
  });
});
