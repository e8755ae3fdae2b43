// The grassmann device head on WebGPU (f32) against the float64 cpu backend: steps, training, the whole page run.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { gatherRows } from '../../learn/gatherKernels';
import { uploadDataset } from '../../learn/trainer';
import { cpuBackend, webgpuBackend, SKIP_WITHOUT_WEBGPU } from '../../testing/gpuBackendForTests';
import { runExperimentOn } from '../../testing/runExperimentOn';
import type { ConfigRequest } from '../framework/resolveConfig';
import { createHead, type GcrHead, type GcrHeadOptions } from './gcrHead';
import { disposeHead, headLossAndGrads, readHead, uploadHead } from './deviceHead';
import { DeviceRiemannianSgd } from './deviceRiemannianSgd';
import { trainDeviceHead, type HeadTrainingOptions, type TrainedHead } from './deviceTraining';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

/** max |a − b| over max(1, max |b|): an error relative to the scale of the float64 reference. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** ReLU-like features with class-dependent means; labels cycle through the classes. */
function problem(n: number, inputs: number, classes: number, seed: number) {
  const rng = new Rng(seed);
  const centers = rng.normals(classes * inputs);
  const y = Int32Array.from({ length: n }, (_, i) => i % classes);
  const H = Float64Array.from({ length: n * inputs }, (_, j) => Math.max(0, centers[y[Math.floor(j / inputs)] * inputs + (j % inputs)] + 0.7 * rng.normal()));
  return { H, y };
}

/** `steps` Riemannian SGD steps from the host init on one backend; per-step mean losses, the head and the worst SᵀS − I. */
async function steps(be: Backend, init: GcrHead, H: Float64Array, y: Int32Array, batches: Int32Array[]) {
  const start = be.liveTensors();
  const head = uploadHead(be, init);
  const opt = new DeviceRiemannianSgd(be, head, 0.2, 0.9);
  const data = uploadDataset(be, H, y, init.inputs);
  const losses: number[] = [];
  let firstGrads: Float64Array[] = [];
  for (const [i, batch] of batches.entries()) {
    const idx = be.upload(batch, { rows: batch.length, cols: 1 });
    const g = be.tidy(() => {
      const g = headLossAndGrads(be, head, gatherRows(be, data.X, idx, 0, batch.length), gatherRows(be, data.y, idx, 0, batch.length));
      opt.step(g);
      return g;
    });
    const stats = await be.read(g.rowStats);
    losses.push(stats.reduce((a, v, j) => a + (j % 2 === 0 ? v : 0), 0) / batch.length);
    if (i === 0) firstGrads = await Promise.all([be.read(g.dW), be.read(g.db), be.read(g.dS)]);
    for (const t of [idx, g.rowStats, g.dW, g.db, g.dS]) be.dispose(t);
  }
  const out = await readHead(be, head);
  const [worst] = await be.read(opt.worstOrthonormality);
  opt.dispose();
  disposeHead(be, head);
  data.dispose();
  expect(be.liveTensors(), `${be.kind} tensors leaked`).toBe(start);
  return { losses, firstGrads, head: out, worst };
}

describe('grassmann device head on webgpu', () => {
  // awkward shapes: prime widths, a batch that is no multiple of 64, k = 1 and k = d
  const cases: [string, GcrHeadOptions, number, number][] = [
    ['k = 3, 13 → 11, 7 classes, batch 37', { inputs: 13, dim: 11, classes: 7, k: 3, gamma: 8, signed: false }, 67, 37],
    ['k = 1 unsigned, 5 → 7, 10 classes, batch 64', { inputs: 5, dim: 7, classes: 10, k: 1, gamma: 10, signed: false }, 131, 64],
    ['k = 1 signed, 1 → 3, 2 classes, batch 1', { inputs: 1, dim: 3, classes: 2, k: 1, gamma: 4, signed: true }, 5, 1],
    ['k = d = 5, 9 → 5, 3 classes, batch 17', { inputs: 9, dim: 5, classes: 3, k: 5, gamma: 6, signed: false }, 29, 17],
  ];
  for (const [name, o, n, B] of cases) {
    it(`${name}: 6 steps agree with float64; SᵀS − I stays below 1e-5`, async (ctx) => {
      if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
      const { H, y } = problem(n, o.inputs, o.classes, n);
      const init = createHead(o, new Rng(2));
      const order = new Rng(3);
      const perm = Int32Array.from({ length: n }, (_, i) => i);
      const batches = Array.from({ length: 6 }, () => (order.shuffle(perm), perm.slice(0, B)));
      const g = await steps(gpu, init, H, y, batches);
      const c = await steps(cpuBackend(), init, H, y, batches);
      const gradErr = Math.max(...g.firstGrads.map((v, i) => relErr(v, c.firstGrads[i])));
      const lossErr = relErr(g.losses, c.losses);
      const paramErr = Math.max(relErr(g.head.W, c.head.W), relErr(g.head.b, c.head.b), ...g.head.S.map((s, i) => relErr(s.data, c.head.S[i].data)));
      console.log(`${name}: first-step gradients ${gradErr.toExponential(1)}, losses ${lossErr.toExponential(1)}, parameters after 6 steps ${paramErr.toExponential(1)}, worst SᵀS − I ${g.worst.toExponential(1)} (f32) vs ${c.worst.toExponential(1)} (f64)`);
      expect(gradErr).toBeLessThan(1e-5);
      expect(lossErr).toBeLessThan(1e-5);
      expect(paramErr).toBeLessThan(1e-4);
      expect(g.worst).toBeGreaterThan(0);
      expect(g.worst).toBeLessThan(1e-5);
      expect(c.worst).toBeLessThan(1e-14);
    });
  }

  it('trainDeviceHead: 60 steps on webgpu track float64 (loss, accuracy, features, cosine gap)', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const o: HeadTrainingOptions = { inputs: 11, dim: 6, classes: 5, k: 1, gamma: 10, signed: false, lr: 0.2, momentum: 0.9, steps: 60, batchSize: 19, seed: 4 };
    const train = problem(101, o.inputs, o.classes, 1);
    const test = problem(43, o.inputs, o.classes, 2);
    const run = async (be: Backend): Promise<TrainedHead> => {
      const start = be.liveTensors();
      const tr = uploadDataset(be, train.H, train.y, o.inputs);
      const te = uploadDataset(be, test.H, test.y, o.inputs);
      const out = (await trainDeviceHead(be, tr, te, o))!;
      tr.dispose();
      te.dispose();
      expect(be.liveTensors(), `${be.kind} tensors leaked`).toBe(start);
      return out;
    };
    const g = await run(gpu);
    const c = await run(cpuBackend());
    console.log(`trainDeviceHead: loss ${g.loss.toFixed(6)} (webgpu) vs ${c.loss.toFixed(6)} (cpu); accuracy ${g.accuracy} vs ${c.accuracy}; x̂ ${relErr(g.xhat, c.xhat).toExponential(1)}; cosine gap ${g.cosineGap!.toExponential(1)} vs ${c.cosineGap!.toExponential(1)}; worst SᵀS − I ${g.worstOrthonormality.toExponential(1)}`);
    expect(Math.abs(g.loss - c.loss)).toBeLessThan(1e-3 * Math.max(1, c.loss));
    expect(Math.abs(g.accuracy - c.accuracy)).toBeLessThanOrEqual(1 / 43);
    expect(relErr(g.xhat, c.xhat)).toBeLessThan(1e-3);
    expect(g.worstOrthonormality).toBeLessThan(1e-5);
    expect(g.cosineGap!).toBeLessThan(1e-4);
    expect(c.cosineGap!).toBeLessThan(1e-12);
  });
});

const runPage = (be: Backend, request: ConfigRequest) => runExperimentOn(be, 'grassmann', request);

describe('grassmann page on webgpu', () => {
  it('a short run: same metrics as float64 within f32 drift, orthonormal subspaces, nothing leaks', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const request = { trunkSteps: 20, trainPerClass: 30, headSteps: 40 };
    const g = await runPage(gpu, request);
    const c = await runPage(cpuBackend(), request);
    console.log(`grassmann short run: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s; accuracy ${JSON.stringify(g.m.accuracy)} vs ${JSON.stringify(c.m.accuracy)}; worst SᵀS − I ${(g.m.worst_orthonormality as number).toExponential(1)}; k1 gap ${(g.m.k1_cosine_gap as number).toExponential(1)}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    expect(g.m.ks).toEqual([1, 2, 4, 8]);
    expect(g.m.worst_orthonormality as number).toBeLessThan(1e-5);
    expect(g.m.k1_cosine_gap as number).toBeLessThan(1e-4);
    (g.m.train_loss as number[]).forEach((l, i) => expect(Math.abs(l - (c.m.train_loss as number[])[i]), `train_loss[${i}]`).toBeLessThan(0.02 * Math.max(1, l)));
    (g.m.accuracy as number[]).forEach((a, i) => expect(Math.abs(a - (c.m.accuracy as number[])[i]), `accuracy[${i}]`).toBeLessThanOrEqual(0.03));
  });
});
