// The unpg page's checks in float64: the box-and-whisker filter, CosFace exactly without added pairs, UNPG = the paper's concatenated softmax, exact gradients, TAR@FAR, the quick run.
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../engine/backend';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { centralDifferences, relativeGradientError } from '../../learn/gradientCheck';
import { runExperimentForTest } from '../framework/runForTest';
import { batchGram, CosineMarginModel, marginLossAndGrads } from './cosineMarginLoss';
import { MarginTrainer } from './marginTraining';
import { negativePairs, whiskerBounds } from './negativePairs';
import { marginProblem, oneHot, referenceLoss, type MarginProblem } from './referenceLoss';
import { pairSimilarities, similarityDensity, tarAtFar } from './verification';
import { unpgExperiment } from './index';

const SCALE = 16;
const MARGIN = 0.35;

/** The problem's tensors on a cpu backend and the device loss (mean of rowStats' loss column) with or without pairs. */
function onCpu(p: MarginProblem) {
  const be = new CpuBackend();
  const model = new CosineMarginModel(p.inputs, p.hidden, p.dim, p.classes);
  const weights = p.weights.map((w, i) => be.upload(w, model.weightShapes[i]));
  const x = be.upload(p.x, { rows: p.B, cols: p.inputs });
  const onehot = be.upload(oneHot(p.labels, p.classes), { rows: p.B, cols: p.classes });
  const y = be.upload(p.labels, { rows: p.B, cols: 1 });
  const found = negativePairs(be.view(batchGram(be, model, weights, x)), p.labels, 1.5);
  const mask = be.upload(found.mask, { rows: p.B, cols: p.B });
  const pairs = { mask, largest: Math.max(...found.kept) };
  const lossAndGrads = (withPairs: boolean) => marginLossAndGrads(be, model, weights, x, onehot, y, { scale: SCALE, margin: MARGIN }, withPairs ? pairs : null);
  const loss = (withPairs: boolean) => {
    const stats = be.view(lossAndGrads(withPairs).rowStats);
    let s = 0;
    for (let i = 0; i < p.B; i++) s += stats[2 * i];
    return s / p.B;
  };
  return { be, weights, found, loss, lossAndGrads };
}

describe('UNPG negative pairs', () => {
  it('the whisker filter: Q1 = s[⌊l/4⌋], Q3 = s[⌊3l/4⌋], bounds Q1 − w·IQR and Q3 + w·IQR', () => {
    // sorted: 1..8, 100; Q1 = 3, Q3 = 7, IQR = 4 ⇒ [−3, 13] at w = 1.5
    expect(whiskerBounds([7, 100, 1, 5, 3, 8, 2, 6, 4], 1.5)).toEqual({ lower: -3, upper: 13 });
    expect(whiskerBounds([7, 100, 1, 5, 3, 8, 2, 6, 4], 0)).toEqual({ lower: 3, upper: 7 });
    expect(whiskerBounds([], 1.5)).toEqual({ lower: Infinity, upper: -Infinity });
    expect(() => whiskerBounds([1], -1)).toThrow(/whisker/);
  });

  it('collects the different-label pairs i < j of a batch and drops the outliers', () => {
    // 4 rows, labels 0 0 1 2: negative pairs (0,2) (0,3) (1,2) (1,3) (2,3)
    const labels = [0, 0, 1, 2];
    const G = [
      1, 0.9, 0.1, 0.2,
      0.9, 1, 0.15, 0.95,
      0.1, 0.15, 1, 0.12,
      0.2, 0.95, 0.12, 1,
    ];
    const found = negativePairs(G, labels, 1.5);
    expect(found.all).toEqual([0.1, 0.2, 0.15, 0.95, 0.12]);
    // sorted 0.1 0.12 0.15 0.2 0.95: Q1 = 0.12, Q3 = 0.2 ⇒ [0, 0.32]: the 0.95 pair (1, 3) is noise
    expect(found.kept).toEqual([0.1, 0.2, 0.15, 0.12]);
    expect(Array.from(found.mask).map((v, k) => (v ? k : -1)).filter((k) => k >= 0)).toEqual([2, 3, 6, 11]);
    expect(negativePairs(G, labels, Infinity).kept).toHaveLength(5);
    expect(() => negativePairs([1, 2, 3], labels, 1.5)).toThrow(/Gram/);
  });
});

describe('cosine-margin losses on the float64 backend', () => {
  const p = marginProblem(13, 7, 11, 5, 4, 1);

  it('without added pairs the loss is CosFace exactly; with them, the paper’s concatenated softmax, and larger', () => {
    const { loss, found } = onCpu(p);
    const cosface = referenceLoss(p, SCALE, MARGIN, []);
    expect(Math.abs(loss(false) - cosface)).toBeLessThan(1e-12 * cosface);
    expect(found.kept.length).toBeGreaterThan(10);
    const unpg = referenceLoss(p, SCALE, MARGIN, found.kept);
    expect(Math.abs(loss(true) - unpg)).toBeLessThan(1e-12 * unpg);
    expect(unpg).toBeGreaterThan(cosface + 0.1);
  });

  for (const withPairs of [false, true]) {
    it(`${withPairs ? 'UNPG' : 'CosFace'}: gradients of all five weights match central differences`, () => {
      const { be, weights, loss, lossAndGrads } = onCpu(p);
      const analytic = lossAndGrads(withPairs).grads.map((g: Tensor) => be.view(g));
      const numeric = centralDifferences(be, weights, () => loss(withPairs));
      analytic.forEach((g, i) => expect(relativeGradientError(g, numeric[i]), `weight ${i}`).toBeLessThan(1e-6));
    });
  }

  it('a batch with one class has no negative pairs: UNPG training is CosFace training, step for step', async () => {
    const q = marginProblem(40, 6, 9, 4, 3, 2);
    const be = new CpuBackend();
    const model = new CosineMarginModel(q.inputs, q.hidden, q.dim, q.classes);
    const labels = new Int32Array(q.B); // all class 0
    const data = { X: be.upload(q.x, { rows: q.B, cols: q.inputs }), y: be.upload(labels, { rows: q.B, cols: 1 }), onehot: be.upload(oneHot(labels, q.classes), { rows: q.B, cols: q.classes }), labels, n: q.B };
    const train = async (unpg: boolean) => {
      const t = new MarginTrainer(be, model, data, { scale: SCALE, margin: MARGIN, steps: 20, batchSize: 8, lr: 0.01, seed: 3, unpg, whisker: 1.5, reportEvery: 10 });
      const losses: number[] = [];
      for await (const r of t.run()) losses.push(r.loss);
      const w = await Promise.all(t.weights.map((x) => be.read(x)));
      expect(t.negativesSeen).toBe(0);
      t.dispose();
      t.disposeWeights();
      return { losses, w };
    };
    const cos = await train(false);
    const un = await train(true);
    expect(un.losses).toEqual(cos.losses);
    un.w.forEach((w, i) => expect(Array.from(w), `weight ${i}`).toEqual(Array.from(cos.w[i])));
  });
});

describe('verification statistics', () => {
  it('TAR@FAR uses the ⌊FAR·N⌋-th largest negative as the threshold', () => {
    const negative = Array.from({ length: 10 }, (_, i) => i / 10); // 0 … 0.9
    const positive = [0.95, 0.5, 0.1];
    expect(tarAtFar(positive, negative, 0)).toBeCloseTo(1 / 3, 12); // τ = 0.9
    expect(tarAtFar(positive, negative, 0.1)).toBeCloseTo(1 / 3, 12); // τ = 0.8
    expect(tarAtFar(positive, negative, 0.5)).toBeCloseTo(2 / 3, 12); // τ = 0.4
    expect(tarAtFar(positive, negative, 1)).toBe(1);
    expect(() => tarAtFar(positive, negative, 2)).toThrow(/false-accept/);
    expect(() => tarAtFar([], negative, 0.1)).toThrow(/positive/);
  });

  it('pairs split by label; densities integrate to 1', () => {
    const { positive, negative } = pairSimilarities([1, 0.8, 0.1, 0.8, 1, 0.3, 0.1, 0.3, 1], [2, 2, 5]);
    expect(Array.from(positive)).toEqual([0.8]);
    expect(Array.from(negative)).toEqual([0.1, 0.3]);
    const d = similarityDensity([-1, -0.5, 0, 0.2, 0.99, 1], 40);
    expect(d.reduce((a, v) => a + v * (2 / 40), 0)).toBeCloseTo(1, 12);
  });
});

describe('unpg page (quick preset, float64)', () => {
  it('trains both losses, nothing leaks; the sampled negatives sit below all negative pairs; seed 1: UNPG verifies better', async () => {
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('unpg', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = history[history.length - 1].metrics;
    const num = (k: string) => m[k] as number;
    console.log(`unpg quick (cpu): TAR@1e-2 CosFace ${num('tar_cosface').toFixed(4)}, UNPG ${num('tar_unpg').toFixed(4)}; accuracy ${num('acc_cosface').toFixed(4)} / ${num('acc_unpg').toFixed(4)}; kept ${num('kept_fraction').toFixed(4)}`);
    for (const method of ['cosface', 'unpg']) {
      expect(num(`acc_${method}`), method).toBeGreaterThan(0.9);
      expect(num(`tar_${method}`), method).toBeGreaterThan(0.6);
      // the paper's mismatch: the hardest class-weight negatives are easier than the hardest negative pairs
      expect(num(`q99_class_neg_${method}`), method).toBeLessThan(num(`q99_all_neg_${method}`) - 0.05);
      const roc = m[`roc_${method}`] as number[];
      roc.slice(1).forEach((t, i) => expect(t, `${method} ROC at ${i + 1}`).toBeGreaterThanOrEqual(roc[i]));
    }
    expect(num('tar_unpg')).toBeGreaterThan(num('tar_cosface'));
    expect(num('kept_fraction')).toBeGreaterThan(0.9);
    expect(num('kept_fraction')).toBeLessThan(1);
    expect(meta.plots(history, config as never).map((p) => p.id)).toEqual(['loss', 'similarities', 'negatives', 'verification']);
  });

  it('seed 2: CosFace verifies better (the order of the two losses changes with the seed)', async () => {
    const { outcome, history } = await runExperimentForTest('unpg', { ...unpgExperiment.presets.quick, seed: 2 });
    expect(outcome.status, outcome.message ?? '').toBe('done');
    const m = history[history.length - 1].metrics;
    expect(m.tar_cosface as number).toBeGreaterThan((m.tar_unpg as number) + 0.02);
  });

  it('the no-filter preset’s whisker (w = 10) keeps nearly every pair, more than w = 1.5 does', async () => {
    const wide = unpgExperiment.presets.named!.find((p) => p.id === 'no-filter')!.config.whisker;
    const kept = async (whisker: number) => {
      const { outcome, history } = await runExperimentForTest('unpg', { ...unpgExperiment.presets.quick, whisker, steps: 30 });
      expect(outcome.status, outcome.message ?? '').toBe('done');
      return history[history.length - 1].metrics.kept_fraction as number;
    };
    const [narrow, all] = [await kept(1.5), await kept(wide!)];
    expect(all).toBeGreaterThan(0.999);
    expect(all).toBeGreaterThan(narrow);
  });

  it('a batch larger than the training set is a clear error', async () => {
    const { outcome } = await runExperimentForTest('unpg', { trainPerClass: 10, batchSize: 256 });
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/batch size 256 exceeds the 100 training digits/);
  });
});
