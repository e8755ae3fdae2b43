// The subspace-clustering page on the float64 backend: the quick preset runs, self-expression beats k-means, plots build.
import { describe, expect, it } from 'vitest';
import { runExperimentForTest } from '../framework/runForTest';
import { sanitizeConfig } from '../framework/fields';
import { subspaceClusteringExperiment } from './index';
import { inlierScores } from './run';
import { orderByTruth, reorderedAffinity } from './data';
import { CLUSTER_COLORS as OKABE_ITO } from '../framework/palette';

describe('subspace-clustering experiment', { timeout: 120_000 }, () => {
  it('quick preset: finishes, frees every tensor, SSC and LSR separate the subspaces and k-means does not', async () => {
    const started = performance.now();
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('subspace-clustering', 'quick');
    const seconds = (performance.now() - started) / 1000;
    console.log(`subspace-clustering quick preset on the cpu backend: ${seconds.toFixed(1)} s`);
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    expect(m.methods_done).toEqual(['kmeans', 'ssc', 'lsr', 'spectral', 'dsc', 'mlc']);
    expect(m.accuracy_ssc as number).toBeGreaterThanOrEqual(0.95);
    expect(m.accuracy_lsr as number).toBeGreaterThanOrEqual(0.95);
    expect(m.accuracy_kmeans as number).toBeLessThan(0.8);
    for (const method of ['kmeans', 'ssc', 'lsr', 'spectral']) {
      expect(Number.isFinite(m[`time_ms_${method}`]) && (m[`time_ms_${method}`] as number) >= 0, `time_ms_${method}`).toBe(true);
      expect((m[`labels_${method}`] as number[]).length).toBe(75);
    }
    expect((m.pca as number[][]).length).toBe(75);
    expect(history).toHaveLength(7);
    const plots = meta.plots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['scatter', 'affinity', 'scores', 'score-table', 'objective', 'admm-residual', 'dsc-stop', 'dsc-vs-ssc', 'mlc-training', 'mlc-membership']);
    // before any method has run, the scatter shows the true groups; a method not run falls back to one that has
    expect(meta.plots(history.slice(0, 1), config as never).map((p) => p.id)).toEqual(['scatter']);
    const fallback = meta.plots(history, { ...config, show: 'ensc' } as never);
    expect(fallback[0].title).toMatch(/^k-means/);
    expect(fallback[1].title).toMatch(/^SSC/);
    // the affinity is block diagonal when sorted by truth: within-group mass dominates
    const z = m.affinity_ssc as number[][];
    let inside = 0, outside = 0;
    z.forEach((row, i) => row.forEach((v, j) => (Math.floor(i / 25) === Math.floor(j / 25) ? (inside += v) : (outside += v))));
    expect(outside / (inside + outside)).toBeLessThan(0.02);
  });

  it('digits source with every method, on a small sample', async () => {
    const { outcome, leaked } = await runExperimentForTest('subspace-clustering', {
      source: 'digits', digitClasses: 3, perDigit: 12, methods: ['kmeans', 'kss', 'ensc', 'mcr2'], admmIterations: 30, restarts: 3, kssDim: 3, seed: 5,
    });
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    for (const method of ['kmeans', 'ensc', 'mcr2']) expect(outcome.final![`accuracy_${method}`] as number).toBeGreaterThan(0.6);
    // k-subspaces (linear subspaces through the origin) is at chance on this small uncentered sample, so check what
    // must hold whatever the data: each assign-and-refit step never raises Σ residual², and the last one is reported
    const curve = outcome.final!.curve_kss as number[];
    expect(curve.length).toBeGreaterThan(1);
    for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeLessThanOrEqual(curve[i - 1] * (1 + 1e-12));
    expect(curve[curve.length - 1]).toBeLessThan(curve[0]);
    expect(outcome.final!.residual_kss).toBe(curve[curve.length - 1]);
    const { R_mcr2: R, Rc_mcr2: Rc, deltaR_mcr2: deltaR } = outcome.final! as Record<string, number>;
    for (const v of [R, Rc, deltaR]) expect(Number.isFinite(v)).toBe(true);
    expect(deltaR).toBeCloseTo(R - Rc, 12);
    // the coding rate of the whole exceeds the weighted rates of its parts (log det is concave): ΔR > 0
    expect(deltaR).toBeGreaterThan(0);
  });

  it('presets are valid configs; the show knob is live', () => {
    const meta = subspaceClusteringExperiment;
    for (const preset of [meta.presets.quick, meta.presets.default, ...(meta.presets.named ?? []).map((p) => p.config)]) {
      expect(sanitizeConfig(meta.fields, preset as Record<string, unknown>).warnings).toEqual([]);
    }
    expect(meta.liveFields).toEqual(['show']);
  });

  it('scores ignore outliers; the affinity is reordered by group and shrunk', () => {
    expect(inlierScores([0, 0, 1, 1, 0], [0, 0, 1, 1, -1]).accuracy).toBe(1);
    expect(orderByTruth([1, -1, 0, 1])).toEqual([2, 0, 3, 1]);
    const a = [1, 2, 3, 4];
    expect(reorderedAffinity(a, 2, [1, 0])).toEqual([[4, 3], [2, 1]]);
    expect(reorderedAffinity([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 4, [0, 1, 2, 3], 2)).toEqual([[1, 1], [1, 1]]);
    expect(OKABE_ITO).toHaveLength(8);
  });
});
