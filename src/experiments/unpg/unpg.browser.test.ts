// The unpg page on WebGPU (f32) against the float64 cpu backend: the loss and its gradients, training, evaluation, a whole quick run.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend, Tensor } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { cpuBackend, SKIP_WITHOUT_WEBGPU, webgpuBackend } from '../../testing/gpuBackendForTests';
import { expectBackendsAgree } from '../../testing/backendsAgree';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { batchGram, CosineMarginModel, marginLossAndGrads } from './cosineMarginLoss';
import { MarginTrainer } from './marginTraining';
import { evaluateMargin } from './evaluateMargin';
import { negativePairs } from './negativePairs';
import { marginProblem, oneHot, type MarginProblem } from './referenceLoss';
import { unpgExperiment } from './index';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const OPTIONS = { scale: 16, margin: 0.35 };

/** The problem's weights and batch uploaded to `be`, and a disposer. */
function upload(be: Backend, p: MarginProblem) {
  const model = new CosineMarginModel(p.inputs, p.hidden, p.dim, p.classes);
  const weights = p.weights.map((w, i) => be.upload(w, model.weightShapes[i]));
  const x = be.upload(p.x, { rows: p.B, cols: p.inputs });
  const onehot = be.upload(oneHot(p.labels, p.classes), { rows: p.B, cols: p.classes });
  const y = be.upload(p.labels, { rows: p.B, cols: 1 });
  const all = [...weights, x, onehot, y];
  return { model, weights, x, onehot, y, dispose: () => all.forEach((t) => be.dispose(t)) };
}

/** The kept-pair mask of the problem's batch, from the float64 Gram matrix (both backends then use the same mask). */
async function maskOf(p: MarginProblem): Promise<{ mask: Float64Array; largest: number; kept: number }> {
  const cpu = cpuBackend();
  const u = upload(cpu, p);
  const G = await cpu.read(batchGram(cpu, u.model, u.weights, u.x));
  u.dispose();
  const found = negativePairs(G, p.labels, 1.5);
  return { mask: found.mask, largest: Math.max(...found.kept), kept: found.kept.length };
}

describe('cosine-margin loss on webgpu', () => {
  // awkward shapes: primes, a batch of 2, a single input, 64 inputs and 10 classes as on the page
  const cases: [string, MarginProblem][] = [
    ['B 13, 7 → 11 → 5, 4 classes', marginProblem(13, 7, 11, 5, 4, 1)],
    ['B 37, 64 → 23 → 3, 10 classes', marginProblem(37, 64, 23, 3, 10, 2)],
    ['B 2, 1 → 1 → 2, 2 classes', marginProblem(2, 1, 1, 2, 2, 3)],
    ['B 67, 5 → 17 → 16, 3 classes', marginProblem(67, 5, 17, 16, 3, 4)],
  ];
  for (const [name, p] of cases) {
    it(`${name}: CosFace and UNPG losses and all gradients agree with float64; the Gram matrix too`, async (ctx) => {
      if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
      const pairs = await maskOf(p);
      expect(pairs.kept, 'the batch has kept negative pairs').toBeGreaterThan(0);
      const evaluate = async (be: Backend) => {
        const u = upload(be, p);
        const mask = be.upload(pairs.mask, { rows: p.B, cols: p.B });
        const out: Tensor[] = be.tidy(() => {
          const c = marginLossAndGrads(be, u.model, u.weights, u.x, u.onehot, u.y, OPTIONS, null);
          const n = marginLossAndGrads(be, u.model, u.weights, u.x, u.onehot, u.y, OPTIONS, { mask, largest: pairs.largest });
          return [be.slice(c.rowStats, 0, 0, p.B, 1), ...c.grads, be.slice(n.rowStats, 0, 0, p.B, 1), ...n.grads, batchGram(be, u.model, u.weights, u.x)];
        });
        const values = await Promise.all(out.map((t) => be.read(t)));
        for (const t of [...out, mask]) be.dispose(t);
        u.dispose();
        return values;
      };
      await expectBackendsAgree(gpu, cpuBackend(), evaluate, name, { rtol: 1e-4, atolScale: 1e-5 });
    });
  }
});

describe('cosine-margin loss on webgpu at the paper’s scale', () => {
  it('s = 64 with only the most dissimilar pair kept: e^{s(G − max kept)} would overflow f32 off the mask; the loss stays finite and matches float64', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const p = marginProblem(23, 8, 12, 6, 5, 9);
    const cpu = cpuBackend();
    const u0 = upload(cpu, p);
    const G = await cpu.read(batchGram(cpu, u0.model, u0.weights, u0.x));
    u0.dispose();
    const all = negativePairs(G, p.labels, Infinity);
    const least = Math.min(...all.kept);
    const mask = new Float64Array(p.B * p.B);
    mask[all.mask.findIndex((v, k) => v === 1 && G[k] === least)] = 1;
    // the diagonal (G = 1) is off the mask: 64·(1 − least) must exceed f32's largest exponent, 88.7
    expect(64 * (1 - least)).toBeGreaterThan(89);
    const evaluate = async (be: Backend) => {
      const u = upload(be, p);
      const m = be.upload(mask, { rows: p.B, cols: p.B });
      const out: Tensor[] = be.tidy(() => {
        const n = marginLossAndGrads(be, u.model, u.weights, u.x, u.onehot, u.y, { scale: 64, margin: 0.5 }, { mask: m, largest: least });
        return [be.slice(n.rowStats, 0, 0, p.B, 1), ...n.grads];
      });
      const values = await Promise.all(out.map((t) => be.read(t)));
      for (const t of [...out, m]) be.dispose(t);
      u.dispose();
      return values;
    };
    await expectBackendsAgree(gpu, cpu, evaluate, 's = 64', { rtol: 1e-3, atolScale: 1e-4 });
  });
});

describe('unpg training and evaluation on webgpu', () => {
  it('30 UNPG steps and the held-out evaluation track float64; nothing leaks', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const p = marginProblem(90, 9, 13, 6, 5, 7);
    const test = marginProblem(31, 9, 13, 6, 5, 8);
    const run = async (be: Backend) => {
      const start = be.liveTensors();
      const model = new CosineMarginModel(p.inputs, p.hidden, p.dim, p.classes);
      const data = { X: be.upload(p.x, { rows: p.B, cols: p.inputs }), y: be.upload(p.labels, { rows: p.B, cols: 1 }), onehot: be.upload(oneHot(p.labels, p.classes), { rows: p.B, cols: p.classes }), labels: p.labels, n: p.B };
      const testX = be.upload(test.x, { rows: test.B, cols: test.inputs });
      const t = new MarginTrainer(be, model, data, { ...OPTIONS, steps: 30, batchSize: 29, lr: 0.01, seed: 5, unpg: true, whisker: 1.5, reportEvery: 10 });
      const losses: number[] = [];
      for await (const r of t.run()) losses.push(r.loss);
      const e = await evaluateMargin(be, model, t.weights, testX);
      const kept = t.negativesKept;
      t.dispose();
      t.disposeWeights();
      for (const x of [data.X, data.y, data.onehot, testX]) be.dispose(x);
      expect(be.liveTensors(), `${be.kind} tensors leaked`).toBe(start);
      return { losses, gram: e.gram, cos: e.cos, kept };
    };
    const g = await run(gpu);
    const c = await run(cpuBackend());
    const worst = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
    console.log(`unpg 30 steps: losses ${g.losses.map((l) => l.toFixed(5))} (webgpu) vs ${c.losses.map((l) => l.toFixed(5))} (cpu); kept pairs ${g.kept} vs ${c.kept}; held-out similarities ${worst(g.gram, c.gram).toExponential(1)}, cosines ${worst(g.cos, c.cos).toExponential(1)}`);
    expect(g.kept).toBe(c.kept);
    g.losses.forEach((l, i) => expect(Math.abs(l - c.losses[i]), `loss report ${i}`).toBeLessThan(1e-3 * Math.max(1, c.losses[i])));
    expect(worst(g.gram, c.gram)).toBeLessThan(1e-3);
    expect(worst(g.cos, c.cos)).toBeLessThan(1e-3);
  });
});

describe('unpg page on webgpu', () => {
  it('the quick preset: headline TARs within f32 drift of float64, nothing leaks', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const g = await runExperimentOn(gpu, 'unpg', 'quick');
    const c = await runExperimentOn(cpuBackend(), 'unpg', 'quick');
    const m = (r: typeof g, k: string) => r.m[k] as number;
    console.log(`unpg quick: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s; TAR@1e-2 CosFace ${m(g, 'tar_cosface').toFixed(4)} vs ${m(c, 'tar_cosface').toFixed(4)}, UNPG ${m(g, 'tar_unpg').toFixed(4)} vs ${m(c, 'tar_unpg').toFixed(4)}; accuracy ${m(g, 'acc_cosface').toFixed(4)}/${m(g, 'acc_unpg').toFixed(4)} vs ${m(c, 'acc_cosface').toFixed(4)}/${m(c, 'acc_unpg').toFixed(4)}; kept ${m(g, 'kept_fraction').toFixed(4)} vs ${m(c, 'kept_fraction').toFixed(4)}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    expect(unpgExperiment.presets.quick.steps).toBe(120);
    for (const k of ['tar_cosface', 'tar_unpg', 'acc_cosface', 'acc_unpg']) expect(Math.abs(m(g, k) - m(c, k)), k).toBeLessThan(0.03);
    expect(Math.abs(m(g, 'kept_fraction') - m(c, 'kept_fraction'))).toBeLessThan(0.01);
  });
});
