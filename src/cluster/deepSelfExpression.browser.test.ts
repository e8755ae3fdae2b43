// Deep self-expression on WebGPU (f32) against the float64 cpu backend: loss, gradients and the training curve.
import { beforeAll, describe, expect } from 'vitest';
import type { Backend } from '../engine/backend';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { Rng } from '../data/rng';
import { unionOfSubspaces } from '../data/synthetic';
import { cpuBackend, gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import { expectBackendsAgree } from '../testing/backendsAgree';
import { allcloseReport } from '../testing/allclose';
import { deepSubspaceClustering, dscAutoencoder, dscLossAndGrads } from './deepSelfExpression';
import { identity } from './tensorOps';

let gpu: WebGpuBackend | null = null;
beforeAll(async () => {
  gpu = await webgpuBackend();
});
const gpuTest = gpuIt(() => gpu, { checkLeaks: true });

/** Loss, relative error, every weight gradient and ∂L/∂C for one awkward shape, on `be`. */
async function lossAndGradsOn(be: Backend, n: number, d: number, hidden: number, latent: number): Promise<Float64Array[]> {
  const rng = new Rng(n * 31 + d);
  const { model, encoderLayers } = dscAutoencoder(d, hidden, latent);
  const weights = model.init(be, rng);
  const x = be.upload(Float64Array.from({ length: n * d }, () => rng.normal()), { rows: n, cols: d });
  const c = be.upload(Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 0 : 0.2 * rng.normal())), { rows: n, cols: n });
  const mask = be.tidy(() => be.elementwise('scale', identity(be, n), null, -1, 1));
  const out = be.tidy(() => dscLossAndGrads(be, model, encoderLayers, weights, c, mask, x, { gamma: 0.7, lambda: 0.3 }));
  const tensors = [out.loss, out.relativeError, out.gradC, ...out.grads];
  const values = await Promise.all(tensors.map((t) => be.read(t)));
  for (const t of [...tensors, ...weights, x, c, mask]) be.dispose(t);
  return values;
}

describe('deep self-expression: webgpu against float64', { timeout: 300_000 }, () => {
  gpuTest('loss and gradients agree on awkward shapes (1 feature, primes, non-multiples of tiles)', async () => {
    for (const [n, d, hidden, latent] of [[7, 5, 4, 3], [13, 1, 3, 2], [37, 17, 11, 5], [70, 64, 33, 8]]) {
      await expectBackendsAgree(gpu!, cpuBackend(), (be) => lossAndGradsOn(be, n, d, hidden, latent), `dsc ${n}×${d} h${hidden} z${latent}`, { rtol: 1e-3, atolScale: 1e-4 });
    }
  });

  gpuTest('training: the relative-error curve agrees, diag C stays exactly 0 in f32, nothing leaks', async () => {
    const data = unionOfSubspaces(new Rng(1), { subspaces: 3, dim: 3, ambient: 15, perSubspace: 25, noise: 0.05 });
    const curves: number[][] = [];
    for (const be of [gpu!, cpuBackend()] as Backend[]) {
      const x = be.upload(data.X, { rows: data.n, cols: data.d });
      let worstDiagonal = 0;
      const r = await deepSubspaceClustering(be, x, 3, {
        seed: 1, restarts: 5, topK: 5, maxEpochs: 20,
        onEpoch: async (_, c) => {
          const v = await be.read(c);
          for (let i = 0; i < data.n; i++) worstDiagonal = Math.max(worstDiagonal, Math.abs(v[i * (data.n + 1)]));
        },
      });
      be.dispose(x);
      expect(worstDiagonal, `${be.kind} diag C`).toBe(0);
      curves.push(r.relativeErrors);
      console.log(`${be.kind}: relative error ${r.relativeErrors.map((v) => v.toFixed(4)).join(' ')}`);
    }
    const shared = Math.min(curves[0].length, curves[1].length);
    expect(shared).toBeGreaterThan(5);
    expect(allcloseReport(curves[0].slice(0, shared), curves[1].slice(0, shared), { rtol: 2e-3, atol: 1e-4 })).toBeNull();
  });
});
