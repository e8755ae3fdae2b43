// Every parameterization's weights() and backward() through the MLP on WebGPU against the float64 cpu backend.
import { beforeAll, describe, it } from 'vitest';
import type { Backend, Tensor } from '../engine/backend';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { Rng } from '../data/rng';
import { expectBackendsAgree } from '../testing/backendsAgree';
import { cpuBackend, webgpuBackend, SKIP_WITHOUT_WEBGPU } from '../testing/gpuBackendForTests';
import { Mlp } from './mlp';
import { DenseParameterization, type Parameterization } from './parameterization';
import { LowRankParameterization } from './lowRank';
import { SparseLowRankParameterization } from './sparseLowRank';
import { lostParameterization } from './lostInit';
import { RandomSubspaceParameterization } from './randomSubspace';
import { createProjection, type ProjectionKind } from './subspaceProjections';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();
beforeAll(async () => {
  gpu = await webgpuBackend();
});

// Odd sizes on purpose: 13 inputs, 7 hidden, 5 classes, a batch of 9.
const mlp = new Mlp([13, 7, 5], 'gelu');
const initial = mlp.initialWeights(new Rng(1));
const x = new Rng(2).normals(9 * 13);
const labels = [0, 4, 2, 1, 3, 3, 0, 1, 2];

const schemes: [string, (be: Backend) => Promise<Parameterization>][] = [
  ['dense', async (be) => new DenseParameterization(be, mlp.init(be, new Rng(1), initial))],
  ['low rank r=3', async (be) => new LowRankParameterization(be, mlp.weightShapes, new Rng(3), { rank: 3, alpha: 6 }, [initial[1], initial[3]])],
  ['SLTrain r=2 δ=0.2', async (be) => {
    const p = SparseLowRankParameterization.sltrain(be, mlp.weightShapes, new Rng(4), { rank: 2, alpha: 4, density: 0.2 });
    // B starts at 0; give it values so every gradient is exercised
    p.params.forEach((t, i) => i % 4 === 0 && be.tidy(() => { const v = be.upload(new Rng(i).normals(t.rows * t.cols), t); be.dispose(p.params[i]); p.params[i] = be.keep(v); }));
    return p;
  }],
  ['LOST r=2', async (be) => lostParameterization(be, mlp.weightShapes, initial, { rank: 2, density: 0.3 })],
  ...(['unit', 'gaussian', 'fastfood'] as ProjectionKind[]).map((kind): [string, (be: Backend) => Promise<Parameterization>] => [`random subspace (${kind}) d=11`, async (be) => {
    const w = mlp.init(be, new Rng(1), initial);
    const p = new RandomSubspaceParameterization(be, w, createProjection(be, new Rng(5), kind, 11, mlp.parameterCount()));
    for (const t of w) be.dispose(t);
    be.tidy(() => { const z = be.upload(new Rng(6).normals(11, 0.2), { rows: 11, cols: 1 }); be.dispose(p.params[0]); p.params[0] = be.keep(z); });
    return p;
  }]),
];

async function evaluate(be: Backend, make: (be: Backend) => Promise<Parameterization>): Promise<Float64Array[]> {
  const p = await make(be);
  const out = be.tidy(() => {
    const weights = p.weights();
    const xs = be.upload(x, { rows: 9, cols: 13 });
    const ys = be.upload(labels, { rows: 9, cols: 1 });
    const { grads, rowStats } = mlp.lossAndGrads(be, weights, xs, ys);
    return [...weights.filter((w) => !p.params.includes(w)), rowStats, ...p.backward(grads)];
  });
  const values = await Promise.all(out.map((t: Tensor) => be.read(t)));
  for (const t of out) be.dispose(t);
  p.dispose();
  return values;
}

describe('parameterizations on webgpu against the float64 twin', () => {
  for (const [name, make] of schemes) {
    it(name, async (ctx) => {
      if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
      await expectBackendsAgree(gpu, cpu, (be) => evaluate(be, make), name, { rtol: 1e-4, atolScale: 1e-4 });
    });
  }
});
