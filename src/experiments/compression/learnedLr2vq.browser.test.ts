// Learned LR²VQ on WebGPU (f32) against the float64 cpu backend: quantization, k-means step, straight-through
// gradients and a short training run on an awkward shape (7×13 layer, d = 6: 21 2-vectors, 5 codewords).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { cpuBackend, webgpuBackend, SKIP_WITHOUT_WEBGPU } from '../../testing/gpuBackendForTests';
import { allcloseReport } from '../../testing/allclose';
import { codebookStep, lr2vqLossAndGrads, quantizePairs, trainLr2vq } from './learnedLr2vq';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const f32 = (x: ArrayLike<number>) => Float64Array.from(Float32Array.from(x));
const [m, n, d, K, N] = [7, 13, 6, 5, 17];
const rng = new Rng(8);
const X = f32(rng.normals(N * n));
const G = new Float64Array(n * n);
for (let i = 0; i < N; i++) for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) G[a * n + b] += (X[i * n + a] * X[i * n + b]) / N;
const host = { W: f32(rng.normals(m * n)), G: f32(G), A: f32(rng.normals(m * d)), B: f32(rng.normals(n * d)), C: f32(rng.normals(K * 2)) };

/** Every piece once, read back: labels, q(A), the next codebook, loss, gradients, and 12 training steps. */
async function pieces(be: Backend) {
  const before = be.liveTensors();
  const up = () => ({
    W: be.upload(host.W, { rows: m, cols: n }), G: be.upload(host.G, { rows: n, cols: n }),
    A: be.upload(host.A, { rows: m, cols: d }), B: be.upload(host.B, { rows: n, cols: d }), C: be.upload(host.C, { batch: 1, rows: K, cols: 2 }),
  });
  const t = up();
  const { Aq, labels } = quantizePairs(be, t.A, t.C);
  const next = codebookStep(be, t.A, t.C);
  const { loss, gA, gB } = lr2vqLossAndGrads(be, t.W, t.G, t.A, Aq, t.B, 0.25);
  const out = { labels: await be.read(labels), Aq: await be.read(Aq), next: await be.read(next), loss: (await be.read(loss))[0], gA: await be.read(gA), gB: await be.read(gB) };
  [Aq, labels, next, loss, gA, gB, ...Object.values(t)].forEach((x) => be.dispose(x));
  const s = up();
  const trained = await trainLr2vq(be, s.W, s.G, { A: s.A, B: s.B, centroids: s.C }, { steps: 12, lr: 0.01, beta: 0.25 });
  [s.W, s.G, trained.state.A, trained.state.B, trained.state.centroids].forEach((x) => be.dispose(x));
  return { ...out, losses: trained.losses, leaked: be.liveTensors() - before };
}

describe('learned LR²VQ on webgpu', () => {
  it('quantization, k-means step, gradients and 12 training steps track float64', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const g = await pieces(gpu);
    const c = await pieces(cpuBackend());
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    expect(Array.from(g.labels)).toEqual(Array.from(c.labels));
    for (const key of ['Aq', 'next', 'gA', 'gB'] as const) {
      // f32 sums of ~13 products: relative 1e-4 of the largest entry
      const scale = Math.max(...Array.from(c[key], Math.abs));
      expect(allcloseReport(g[key], c[key], { rtol: 1e-4, atol: 1e-4 * scale }), key).toBeNull();
    }
    expect(Math.abs(g.loss - c.loss)).toBeLessThanOrEqual(1e-5 * c.loss);
    console.log('losses webgpu', JSON.stringify(g.losses), 'cpu', JSON.stringify(c.losses));
    g.losses.forEach((v, i) => expect(Math.abs(v - c.losses[i]), `loss[${i}]: ${v} vs ${c.losses[i]}`).toBeLessThanOrEqual(1e-3 * c.losses[i]));
    expect(c.losses[c.losses.length - 1]).toBeLessThan(c.losses[0]);
  });
});
