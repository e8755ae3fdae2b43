// Float64 checks of the dynamic subspace learners: triplet gradients vs central differences, attention sums, K = 1 = one learner, the growth rule.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { centralDifferences, relativeGradientError } from '../../learn/gradientCheck';
import { runExperimentForTest } from '../framework/runForTest';
import { availableExperimentIds } from '../registry';
import { EXPERIMENT_CATALOG } from '../catalog';
import { papersForPage } from '../papers';
import { createLearner, disposeLearner, learnerForward, tripletLossAndGrads, type Learner } from './learner';
import { drawTriplets, ownership } from './triplets';
import { recallAtK } from './evaluation';
import { dynamicSubspacesExperiment } from './index';
import type { DynamicSubspacesConfig } from './schema';

const QUICK = dynamicSubspacesExperiment.presets.quick;

/** Host float64 forward of one learner, written out loop by loop: attention α and unit embedding ê per row. */
function hostForward(A: Float64Array, c: Float64Array, W: Float64Array, x: Float64Array, pixels: number, dim: number) {
  const n = x.length / pixels;
  const alpha = new Float64Array(n * pixels);
  const emb = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const xi = x.subarray(i * pixels, (i + 1) * pixels);
    const z = Array.from({ length: pixels }, (_, p) => c[p] + xi.reduce((s, v, q) => s + A[p * pixels + q] * v, 0));
    const zMax = Math.max(...z);
    const total = z.reduce((s, v) => s + Math.exp(v - zMax), 0);
    z.forEach((v, p) => { alpha[i * pixels + p] = Math.exp(v - zMax) / total; });
    const e = Array.from({ length: dim }, (_, r) => xi.reduce((s, v, q) => s + W[r * pixels + q] * pixels * alpha[i * pixels + q] * v, 0));
    const norm = Math.hypot(...e);
    e.forEach((v, r) => { emb[i * dim + r] = v / norm; });
  }
  return { alpha, emb };
}

/** Host float64 triplet loss from unit embeddings of [anchors; positives; negatives]. */
function hostTripletLoss(emb: Float64Array, dim: number, margin: number): number {
  const T = emb.length / dim / 3;
  let loss = 0;
  for (let t = 0; t < T; t++) {
    const row = (b: number) => emb.subarray((b * T + t) * dim, (b * T + t + 1) * dim);
    const dist = (u: Float64Array, v: Float64Array) => u.reduce((s, x, r) => s + (x - v[r]) ** 2, 0);
    loss += Math.max(0, dist(row(0), row(1)) - dist(row(0), row(2)) + margin);
  }
  return loss / T;
}

function learnerProblem(be: CpuBackend, pixels: number, dim: number, T: number, seed: number): { l: Learner; x: Float64Array } {
  const rng = new Rng(seed);
  const l = createLearner(be, pixels, dim, rng);
  // larger attention weights than at init, so the softmax is far from uniform and its backward pass matters
  be.view(l.A).set(rng.normals(pixels * pixels, 0.8));
  be.view(l.c).set(rng.normals(pixels, 0.5));
  const x = Float64Array.from({ length: 3 * T * pixels }, () => rng.uniform());
  return { l, x };
}

describe('one subspace learner (float64)', () => {
  const shapes: [number, number, number, number][] = [[9, 3, 5, 0.5], [7, 2, 1, 2], [16, 4, 6, 0.3]];
  for (const [pixels, dim, T, margin] of shapes) {
    it(`${pixels} pixels → ${dim} dims, ${T} triplets: gradients of A, c, W match central differences`, () => {
      const be = new CpuBackend();
      const { l, x } = learnerProblem(be, pixels, dim, T, pixels + dim);
      const X = be.upload(x, { rows: 3 * T, cols: pixels });
      const g = be.tidy(() => tripletLossAndGrads(be, l, X, margin));
      const lossOf = () => be.tidy(() => be.view(tripletLossAndGrads(be, l, X, margin).loss)[0]);
      const numeric = centralDifferences(be, [l.A, l.c, l.W], lossOf);
      const analytic = [g.dA, g.dc, g.dW].map((t) => be.view(t));
      expect(be.view(g.loss)[0], 'some triplet must be active for the check to mean anything').toBeGreaterThan(0);
      analytic.forEach((a, i) => expect(relativeGradientError(a, numeric[i]), `parameter ${['A', 'c', 'W'][i]}`).toBeLessThan(1e-7));
      expect(Math.max(...analytic.map((a) => Math.max(...a.map(Math.abs))))).toBeGreaterThan(1e-3);
    });
  }

  it('forward and loss equal a loop-by-loop host computation; attention rows sum to 1 even for huge logits', () => {
    const be = new CpuBackend();
    const pixels = 64;
    const dim = 5;
    const T = 7;
    const margin = 0.4;
    const { l, x } = learnerProblem(be, pixels, dim, T, 3);
    be.view(l.c)[0] = 300; // a logit that would overflow exp without the max shift
    const X = be.upload(x, { rows: 3 * T, cols: pixels });
    const f = be.tidy(() => learnerForward(be, l, X));
    const host = hostForward(be.view(l.A), be.view(l.c), be.view(l.W), x, pixels, dim);
    const alpha = be.view(f.attention);
    alpha.forEach((a, i) => expect(Math.abs(a - host.alpha[i])).toBeLessThan(1e-12));
    be.view(f.embedding).forEach((e, i) => expect(Math.abs(e - host.emb[i])).toBeLessThan(1e-12));
    for (let i = 0; i < 3 * T; i++) expect(Math.abs(alpha.subarray(i * pixels, (i + 1) * pixels).reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-14);
    const loss = be.tidy(() => be.view(tripletLossAndGrads(be, l, X, margin).loss)[0]);
    expect(Math.abs(loss - hostTripletLoss(host.emb, dim, margin))).toBeLessThan(1e-12);
    disposeLearner(be, l);
  });

  it('rejects images of the wrong width and a batch that is not 3T rows', () => {
    const be = new CpuBackend();
    const l = createLearner(be, 9, 2, new Rng(1));
    expect(() => learnerForward(be, l, be.fill({ rows: 3, cols: 8 }, 0))).toThrow(/B×9/);
    expect(() => tripletLossAndGrads(be, l, be.fill({ rows: 4, cols: 9 }, 0), 0.2)).toThrow(/3T/);
    expect(() => createLearner(be, 0, 2, new Rng(1))).toThrow(/positive integers/);
  });
});

describe('bookkeeping', () => {
  it('triplets: anchors owned by the learner, positives of the anchor’s class, negatives of another', () => {
    const rng = new Rng(5);
    const labels = Int32Array.from({ length: 200 }, (_, i) => i % 10);
    const clusters = Int32Array.from({ length: 200 }, () => rng.int(3));
    const own = ownership(labels, clusters, 3, 10);
    const all = ownership(labels, new Int32Array(200), 1, 10)[0];
    for (let k = 0; k < 3; k++) {
      const rows = drawTriplets(own[k], all, 50, rng);
      for (let t = 0; t < 50; t++) {
        expect(clusters[rows[t]]).toBe(k);
        expect(labels[rows[50 + t]]).toBe(labels[rows[t]]);
        expect(rows[50 + t]).not.toBe(rows[t]);
        expect(labels[rows[100 + t]]).not.toBe(labels[rows[t]]);
      }
    }
  });

  it('recall@k of a hand-made similarity matrix', () => {
    // 4 images, classes [0, 0, 1, 1]; images 0 and 1 find the other class first, 2 and 3 their own
    const sim = [9, 1, 2, 0, 1, 9, 0, 3, 2, 0, 9, 5, 0, 3, 5, 9];
    expect(recallAtK(sim, [0, 0, 1, 1], [1, 2])).toEqual([0.5, 1]);
    expect(() => recallAtK(sim, [0, 0, 1, 1], [4])).toThrow(/k must be/);
  });
});

describe('dynamic-subspaces page (float64)', () => {
  it('quick preset: learners are added at plateaus exactly by the rule; attention sums to 1; recall and NMI are high; nothing leaks', async () => {
    const run = await runExperimentForTest('dynamic-subspaces', 'quick');
    const { outcome, leaked } = run;
    const config = run.config as DynamicSubspacesConfig;
    expect(outcome.status, outcome.message ?? '').toBe('done');
    const m = outcome.final!;
    const loss = m.loss as number[];
    const K = m.learners_history as number[];
    const steps = m.step as number[];
    const growth = m.growth_steps as number[];
    console.log(`quick (cpu): K = ${m.learners}, added at ${JSON.stringify(growth)}; recall@k ${JSON.stringify(m.recall_at_k)} vs single ${JSON.stringify(m.single_recall_at_k)}; NMI ${(m.nmi as number).toFixed(4)} vs ${(m.single_nmi as number).toFixed(4)}; raw pixels recall@k ${JSON.stringify(m.pixels_recall_at_k)}, NMI ${(m.pixels_nmi as number).toFixed(4)}`);
    expect(leaked).toBe(0);
    expect(m.attention_sum_error as number).toBeLessThan(1e-12);
    expect(K[0]).toBe(1); // the first window has no earlier loss to compare with
    expect(m.learners).toBe(K[K.length - 1]);
    expect(m.learners as number).toBeGreaterThanOrEqual(2);
    // replay the growth rule from the streamed losses
    let k = 1;
    let last = 0;
    const expected: number[] = [];
    steps.forEach((s, i) => {
      const flat = i > 0 && loss[i - 1] - loss[i] < config.plateau * loss[i - 1];
      if (flat && k < config.maxLearners && s - last >= 2 * config.window && s < config.steps) {
        expected.push(s);
        k++;
        last = s;
      }
      expect(K[i], `K after step ${s}`).toBe(k);
    });
    expect(growth).toEqual(expected);
    // a fresh learner on a harder share of the data: the mean loss jumps in the window after it joins
    for (const g of growth) expect(loss[steps.indexOf(g) + 1], `loss after the learner added at ${g}`).toBeGreaterThan(loss[steps.indexOf(g)]);
    expect(m.recall_at_1 as number).toBeGreaterThan(0.9);
    expect(m.nmi as number).toBeGreaterThan(0.75);
    // the card: the embedding clusters better than raw pixels, and retrieves about as well as they do
    expect((m.nmi as number) - (m.pixels_nmi as number)).toBeGreaterThan(0.05);
    expect(Math.abs((m.recall_at_1 as number) - (m.pixels_recall_at_1 as number))).toBeLessThan(0.03);
    for (let j = 1; j <= (m.learners as number); j++) expect((m[`attention_${j}`] as number[][]).flat().reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  }, 120_000);

  it('most learners = 1: the dynamic model is the single metric learner, number for number', async () => {
    const { outcome } = await runExperimentForTest('dynamic-subspaces', { ...QUICK, maxLearners: 1, steps: 60 });
    expect(outcome.status, outcome.message ?? '').toBe('done');
    const m = outcome.final!;
    expect(m.learners).toBe(1);
    expect(m.growth_steps).toEqual([]);
    expect(m.loss).toEqual(m.single_loss);
    expect(m.recall_at_k).toEqual(m.single_recall_at_k);
    expect(m.nmi).toBe(m.single_nmi);
    expect(m.attention_1).toEqual(m.single_attention);
  }, 60_000);

  it('a plateau window longer than the run is a clear error', async () => {
    const { outcome } = await runExperimentForTest('dynamic-subspaces', { ...QUICK, steps: 20, window: 30 });
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/window \(30 steps\) must not exceed the training steps \(20\)/);
  });
});

describe('registration', () => {
  it('the page is live: registered, in the catalog, and the paper’s reading entry points at it as a page', () => {
    expect(availableExperimentIds()).toContain('dynamic-subspaces');
    expect(EXPERIMENT_CATALOG.find((c) => c.id === 'dynamic-subspaces')?.papers).toEqual(['Dynamic Subspace Learners']);
    const [entry, ...rest] = papersForPage('dynamic-subspaces');
    expect(rest).toEqual([]);
    expect(entry.title).toBe('Attention-based Dynamic Subspace Learners for Medical Image Analysis');
    expect(entry.scope).toBe('page');
    expect(entry.pages).toEqual(['dynamic-subspaces']);
    expect(entry.note).toBeUndefined();
  });
});
