// The sampling page in float64: sensitivity bracket, inclusion probabilities, exact distortion at p = 2 and m = n, and the card's claims.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { householderQr } from '../../linalg/qr';
import { lewisWeights, leverageScores } from '../../linalg/rowScores';
import { runExperimentForTest } from '../framework/runForTest';
import { tallProblem } from './tallMatrix';
import { sensitivityBracket } from './sensitivities';
import { drawSamples, inclusionProbabilities } from './rowSampling';
import { sampleDistortions, testDirections } from './distortion';
import { regressionCosts } from './lpRegression';
import { SCHEMES } from './schema';
import { batchChunks } from './samplingMath';

const be = new CpuBackend();
const n = 120;
const d = 5;
const problem = tallProblem(new Rng(5), n, d, 1.5, 3);
const sum = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v, 0);

describe('sensitivity bracket (float64)', () => {
  for (const p of [1, 1.5, 2, 3]) {
    it(`p = ${p}: lower ≤ upper for every row; random directions never beat the upper bound`, async () => {
      const a = be.upload(problem.a, { rows: n, cols: d });
      const { weights } = await lewisWeights(be, a, p);
      const { lower, upper } = await sensitivityBracket(be, a, weights, p);
      be.dispose(a);
      lower.forEach((s, i) => {
        expect(s).toBeGreaterThan(0);
        expect(s).toBeLessThanOrEqual(upper[i] * (1 + 1e-10));
      });
      const rng = new Rng(11);
      for (let trial = 0; trial < 50; trial++) {
        const x = Array.from({ length: d }, () => rng.normal());
        const ax = Array.from({ length: n }, (_, i) => Math.abs(x.reduce((s, xj, j) => s + xj * problem.a[i * d + j], 0)) ** p);
        const norm = sum(ax);
        ax.forEach((v, i) => expect(v / norm).toBeLessThanOrEqual(upper[i] * (1 + 1e-10)));
      }
    });
  }
  it('computing U·Uᵀ in column blocks (as large n needs) gives the same bracket as one block', async () => {
    const a = be.upload(problem.a, { rows: n, cols: d });
    const { weights } = await lewisWeights(be, a, 1.5);
    const whole = await sensitivityBracket(be, a, weights, 1.5);
    const blocks = await sensitivityBracket(be, a, weights, 1.5, n * 17); // 8 blocks, the last one short
    be.dispose(a);
    blocks.lower.forEach((s, i) => expect(s).toBe(whole.lower[i]));
  });
  it('p = 2: the estimate is exact and equals the leverage scores', async () => {
    const a = be.upload(problem.a, { rows: n, cols: d });
    const tau = await leverageScores(be, a);
    const { lower } = await sensitivityBracket(be, a, tau, 2);
    be.dispose(a);
    lower.forEach((s, i) => expect(Math.abs(s - tau[i])).toBeLessThan(1e-12));
  });
});

describe('batch chunks', () => {
  it('cover every item once, in order, within the entry limit', () => {
    expect(batchChunks(10, 3, 9)).toEqual([[0, 3], [3, 3], [6, 3], [9, 1]]);
    expect(batchChunks(2, 100, 9)).toEqual([[0, 1], [1, 1]]);
    expect(batchChunks(5, 1)).toEqual([[0, 5]]);
  });
});

describe('inclusion probabilities', () => {
  it('sum to m, stay in [0, 1], and are ∝ score where unsaturated', () => {
    const scores = Float64Array.from({ length: 50 }, (_, i) => (i < 3 ? 100 : 1 + (i % 7)));
    for (const m of [5, 12, 30]) {
      const pi = inclusionProbabilities(scores, m);
      expect(Math.abs(sum(pi) - m)).toBeLessThan(1e-9);
      pi.forEach((v) => expect(v >= 0 && v <= 1).toBe(true));
      const free = Array.from(pi.keys()).filter((i) => pi[i] < 1);
      const ratio = pi[free[0]] / scores[free[0]];
      free.forEach((i) => expect(Math.abs(pi[i] / scores[i] - ratio)).toBeLessThan(1e-12));
    }
    expect(Array.from(inclusionProbabilities(scores, 50))).toEqual(new Array(50).fill(1));
    expect(() => inclusionProbabilities(Float64Array.from([1, Number.NaN]), 1)).toThrow(/finite/);
  });
});

describe('distortion and regression (float64)', () => {
  it('p = 2: the direction-based measure reaches the exact σ_max/σ_min, and m = n gives exactly 1', async () => {
    const a = be.upload(problem.a, { rows: n, cols: d });
    const { Q, R } = householderQr(be, a);
    const qRows = await be.read(Q);
    const directions = be.upload(testDirections(qRows, d, new Rng(2).normals(d * 8), 8, [0, 1]), { rows: d, cols: 10 });
    const tau = await leverageScores(be, a);
    const trials = 4;
    const { weights } = drawSamples(new Rng(9), inclusionProbabilities(tau, 30), trials);
    const exact = await sampleDistortions(be, Q, directions, weights, trials, 2);
    const measured = await sampleDistortions(be, Q, directions, weights, trials, 2, false);
    exact.forEach((e, t) => {
      expect(e).toBeGreaterThan(1.01);
      expect(Math.abs(measured[t] - e)).toBeLessThan(1e-9 * e);
    });
    const all = new Float64Array(n).fill(1);
    for (const p of [1, 1.5, 2, 3]) {
      const [one] = await sampleDistortions(be, Q, directions, all, 1, p);
      expect(Math.abs(one - 1)).toBeLessThan(1e-12);
    }
    const b = be.upload(problem.b, { rows: n, cols: 1 });
    // The full problem's own IRLS solution fits it better than one from a 30-row sample.
    const costs = await regressionCosts(be, a, b, Float64Array.from([...all, ...weights.subarray(0, n)]), 2, 1, 15, 1e-4);
    expect(costs[1]).toBeGreaterThan(costs[0]);
    for (const t of [Q, R, directions, a, b]) be.dispose(t);
    expect(be.liveTensors()).toBe(0);
  });

  it('a whole run with m = n: every scheme keeps every row, so distortion is 1 and regression error 0 at every p', async () => {
    const { outcome, leaked } = await runExperimentForTest('sampling', { rows: 64, cols: 4, spikes: 2, mMin: 64, mMax: 64, mSteps: 1, trials: 2, directions: 8, irls: 5 });
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    for (const s of SCHEMES) {
      for (const row of m[`distortion_by_p_${s}`] as number[][]) for (const v of row) expect(Math.abs(v - 1)).toBeLessThan(1e-12);
      for (const v of m[`regression_error_${s}`] as number[]) expect(Math.abs(v)).toBeLessThan(1e-12);
    }
  });
});

describe('bad configurations', () => {
  it('more columns than rows, or too many spikes, fail with a message that says why', async () => {
    const wide = await runExperimentForTest('sampling', { rows: 16, cols: 20 });
    expect(wide.outcome.status).toBe('failed');
    expect(wide.outcome.message).toMatch(/at least as many rows as columns/);
    const spiky = await runExperimentForTest('sampling', { rows: 20, cols: 8, spikes: 16 });
    expect(spiky.outcome.status).toBe('failed');
    expect(spiky.outcome.message).toMatch(/spike rows leave fewer than d/);
  });
});

describe('the quick preset (float64): headline figures and the card’s claims', async () => {
  const { outcome, leaked } = await runExperimentForTest('sampling', 'quick');
  const m = outcome.final!;
  const ps = m.p_values as number[];
  it('finishes, frees its tensors, and its scores sum to d', () => {
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    expect(Math.abs((m.leverage_sum as number) - 8)).toBeLessThan(1e-10);
    expect(Math.abs((m.lewis_sum as number) - 8)).toBeLessThan(1e-9);
    for (const s of m.lewis_sums as number[]) expect(Math.abs(s - 8)).toBeLessThan(1e-9);
  });
  it('uniform sampling has the largest distortion at the smallest m, for every p, and it grows with p', () => {
    const uniformFirst = ps.map((_, k) => (m.distortion_by_p_uniform as number[][])[k][0]);
    ps.forEach((_, k) => {
      for (const s of SCHEMES.filter((x) => x !== 'uniform')) expect(uniformFirst[k]).toBeGreaterThan((m[`distortion_by_p_${s}`] as number[][])[k][0]);
    });
    for (let k = 1; k < ps.length; k++) expect(uniformFirst[k]).toBeGreaterThan(uniformFirst[k - 1]);
  });
  it('the estimated 𝔖 grows with p, equals d at p = 2, and the paper’s sample sizes stay below 𝔖·d', () => {
    const s = m.total_sensitivity as number[];
    for (let k = 1; k < s.length; k++) expect(s[k]).toBeGreaterThan(s[k - 1]);
    expect(Math.abs(s[ps.indexOf(2)] - 8)).toBeLessThan(1e-9);
    (m.paper_samples as number[]).forEach((v, k) => {
      if (ps[k] !== 2) expect(v).toBeLessThan((m.general_samples as number[])[k]);
    });
  });
  it('the same link gives the same numbers', async () => {
    const again = await runExperimentForTest('sampling', 'quick');
    expect({ ...again.outcome.final, wall_seconds: 0 }).toEqual({ ...m, wall_seconds: 0 });
  });
});

describe('the named presets’ notes (at the quick preset’s size)', () => {
  const small = { rows: 256, cols: 8, mMin: 24, mMax: 128, mSteps: 4, trials: 3, directions: 32, irls: 20 };
  const smallestM = (m: Record<string, unknown>, s: string) => (m[`distortion_by_p_${s}`] as number[][]).map((row) => row[0]);
  it('large p: 𝔖 grows with p and stays below d^{p/2}', async () => {
    const { outcome } = await runExperimentForTest('sampling', { ...small, spikes: 4, p: 3, pGrid: ['2', '3', '4', '6'] });
    const m = outcome.final!;
    const ps = m.p_values as number[];
    const s = m.total_sensitivity as number[];
    expect(ps).toEqual([2, 3, 4, 6]);
    for (let k = 1; k < s.length; k++) expect(s[k]).toBeGreaterThan(s[k - 1]);
    s.forEach((v, k) => {
      expect(v).toBeLessThanOrEqual((m.total_sensitivity_upper as number[])[k] * (1 + 1e-12));
      expect((m.total_sensitivity_upper as number[])[k]).toBeLessThanOrEqual(8 ** (ps[k] / 2) * (1 + 1e-12));
    });
  });
  it('light tails: uniform is within 2× of the best scheme at the smallest m, where with spikes it is over 4× behind', async () => {
    const light = (await runExperimentForTest('sampling', { ...small, tail: 20, spikes: 0 })).outcome.final!;
    const heavy = (await runExperimentForTest('sampling', 'quick')).outcome.final!;
    const gap = (m: Record<string, unknown>, k: number) => smallestM(m, 'uniform')[k] / Math.min(...SCHEMES.map((s) => smallestM(m, s)[k]));
    (light.p_values as number[]).forEach((_, k) => {
      expect(gap(light, k)).toBeLessThan(2);
      expect(gap(heavy, k)).toBeGreaterThan(4);
    });
  });
});
