// The dynamic subspace learners on WebGPU (f32) against the float64 cpu backend: the triplet step, Adam training, scoring, the whole quick run.
import { beforeAll, describe, expect } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { cpuBackend, gpuIt, webgpuBackend } from '../../testing/gpuBackendForTests';
import { expectBackendsAgree } from '../../testing/backendsAgree';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { createLearner, disposeLearner, learnerForward, tripletLossAndGrads } from './learner';
import { SubspaceLearners } from './subspaceLearners';
import { scoreEmbedding } from './evaluation';
import { drawTriplets, ownership } from './triplets';
import { dynamicSubspacesExperiment } from './index';

let gpu: WebGpuBackend | null = null;
beforeAll(async () => {
  gpu = await webgpuBackend();
});
const it = gpuIt(() => gpu, { checkLeaks: true });
const cpu = cpuBackend();

/** Images in [0, 1] with a class-dependent mean, labels cycling through the classes. */
function images(n: number, pixels: number, classes: number, seed: number, noise = 0.2) {
  const rng = new Rng(seed);
  const centers = Array.from({ length: classes * pixels }, () => rng.uniform());
  const labels = Int32Array.from({ length: n }, (_, i) => i % classes);
  const x = Float64Array.from({ length: n * pixels }, (_, j) => Math.min(1, Math.max(0, centers[labels[Math.floor(j / pixels)] * pixels + (j % pixels)] + noise * rng.normal())));
  return { x, labels };
}

describe('one learner on webgpu', () => {
  // awkward shapes: a prime pixel count, one triplet, 37 triplets (111 rows), a slice of 2
  const cases: [number, number, number][] = [[64, 8, 37], [7, 2, 1], [13, 5, 11]];
  for (const [pixels, dim, T] of cases) {
    it(`${pixels} pixels → ${dim} dims, ${T} triplets: attention, embedding, loss and gradients agree with float64`, async () => {
      const { x } = images(3 * T, pixels, 3, pixels);
      await expectBackendsAgree(gpu!, cpu, async (be: Backend) => {
        const rng = new Rng(pixels + T);
        const l = createLearner(be, pixels, dim, rng);
        const X = be.upload(x, { rows: 3 * T, cols: pixels });
        const out = be.tidy(() => {
          const f = learnerForward(be, l, X);
          const g = tripletLossAndGrads(be, l, X, 1.5);
          return [f.attention, f.embedding, g.loss, g.dA, g.dc, g.dW];
        });
        const read = await Promise.all(out.map((t) => be.read(t)));
        for (const t of [...out, X]) be.dispose(t);
        disposeLearner(be, l);
        return read;
      }, `learner ${pixels}→${dim}, T = ${T}`, { rtol: 1e-4, atolScale: 1e-5 });
    });
  }
});

describe('subspace learners on webgpu', () => {
  it('two learners, 12 Adam steps on their own triplets, then scoring: losses, embedding and scores track float64', async () => {
    const pixels = 16;
    const classes = 4;
    const { x, labels } = images(61, pixels, classes, 9, 0.6);
    const clusters = Int32Array.from({ length: 61 }, (_, i) => (i * 7) % 2);
    const own = ownership(labels, clusters, 2, classes);
    const all = ownership(labels, new Int32Array(61), 1, classes)[0];
    const run = async (be: Backend) => {
      const start = be.liveTensors();
      const model = new SubspaceLearners(be, { pixels, dim: 3, margin: 0.5, lr: 0.02 });
      const init = new Rng(1);
      model.add(init);
      model.add(init);
      const draws = new Rng(2);
      const X = be.upload(x, { rows: 61, cols: pixels });
      const losses: number[] = [];
      for (let s = 0; s < 12; s++) {
        for (let k = 0; k < 2; k++) {
          const rows = be.upload(drawTriplets(own[k], all, 9, draws), { rows: 27, cols: 1 });
          model.step(k, X, rows);
          be.dispose(rows);
        }
        if (s % 4 === 3) losses.push(await model.takeMeanLoss());
      }
      const E = be.tidy(() => model.embed(X));
      const embedding = await be.read(E);
      be.dispose(E);
      const scores = await scoreEmbedding(be, model, X, labels, classes, [1, 3], 5);
      model.dispose();
      be.dispose(X);
      expect(be.liveTensors(), `${be.kind} tensors leaked`).toBe(start);
      return { losses, embedding, scores };
    };
    const g = await run(gpu!);
    const c = await run(cpu);
    const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
    console.log(`2 learners, 12 steps: losses ${JSON.stringify(g.losses)} (webgpu) vs ${JSON.stringify(c.losses)}; embedding ${maxDiff(g.embedding, c.embedding).toExponential(1)}; recall ${JSON.stringify(g.scores.recall)} vs ${JSON.stringify(c.scores.recall)}; NMI ${g.scores.nmi.toFixed(4)} vs ${c.scores.nmi.toFixed(4)}; attention sum error ${g.scores.attentionSumError.toExponential(1)}`);
    expect(maxDiff(g.losses, c.losses)).toBeLessThan(1e-4);
    expect(maxDiff(g.embedding, c.embedding)).toBeLessThan(1e-3);
    expect(g.scores.recall).toEqual(c.scores.recall);
    expect(Math.abs(g.scores.nmi - c.scores.nmi)).toBeLessThan(1e-6);
    g.scores.attentionMaps.forEach((map, k) => expect(maxDiff(map.flat(), c.scores.attentionMaps[k].flat())).toBeLessThan(1e-5));
    expect(g.scores.attentionSumError).toBeLessThan(1e-5);
    expect(c.scores.attentionSumError).toBeLessThan(1e-12);
  });
});

describe('dynamic-subspaces page on webgpu', () => {
  it('the quick preset: same growth, losses, recall and NMI as float64 within f32 drift; nothing leaks', async () => {
    const request = dynamicSubspacesExperiment.presets.quick as Record<string, unknown>;
    const g = await runExperimentOn(gpu!, 'dynamic-subspaces', request);
    const c = await runExperimentOn(cpu, 'dynamic-subspaces', request);
    console.log(`quick: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s; K ${g.m.learners} vs ${c.m.learners} (added at ${JSON.stringify(g.m.growth_steps)} vs ${JSON.stringify(c.m.growth_steps)}); recall@k ${JSON.stringify(g.m.recall_at_k)} vs ${JSON.stringify(c.m.recall_at_k)}; NMI ${g.m.nmi} vs ${c.m.nmi}; single recall@1 ${g.m.single_recall_at_1} vs ${c.m.single_recall_at_1}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    expect(g.m.growth_steps).toEqual(c.m.growth_steps);
    expect(g.m.learners).toBe(c.m.learners);
    // identical until the first learner joins; after that k-means divides f32 and f64 embeddings slightly differently
    const firstGrowth = (c.m.growth_steps as number[])[0];
    (c.m.step as number[]).forEach((s, i) => {
      const l = (c.m.loss as number[])[i];
      if (s <= firstGrowth) expect(Math.abs((g.m.loss as number[])[i] - l), `loss at step ${s}`).toBeLessThan(1e-3 * l + 1e-5);
    });
    expect(Math.abs((g.m.recall_at_1 as number) - (c.m.recall_at_1 as number))).toBeLessThanOrEqual(0.03);
    expect(Math.abs((g.m.single_recall_at_1 as number) - (c.m.single_recall_at_1 as number))).toBeLessThanOrEqual(0.02);
    expect(Math.abs((g.m.nmi as number) - (c.m.nmi as number))).toBeLessThanOrEqual(0.12);
    expect(g.m.pixels_recall_at_k).toEqual(c.m.pixels_recall_at_k);
    expect(Math.abs((g.m.pixels_nmi as number) - (c.m.pixels_nmi as number))).toBeLessThan(1e-6);
    expect(g.m.attention_sum_error as number).toBeLessThan(1e-5);
  });
});
