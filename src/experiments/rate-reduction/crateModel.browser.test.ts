// The trainable CRATE's forward and hand-written backward on WebGPU (f32) against the float64 cpu backend, on awkward shapes.
import { beforeAll, describe, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { cpuBackend, webgpuBackend, SKIP_WITHOUT_WEBGPU } from '../../testing/gpuBackendForTests';
import { expectBackendsAgree } from '../../testing/backendsAgree';
import { unitRows } from '../common/matmulSums';
import type { CrateOptions } from './crate';
import { crateForward, crateLossAndGrads, disposeCrate, initTrainableCrate } from './crateModel';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

/** Logits, per-layer outputs, loss/hit rows and every gradient of one seeded model and batch on `be`. */
function evaluateOn(o: CrateOptions, layers: number, classes: number) {
  return async (be: Backend): Promise<Float64Array[]> => {
    const rng = new Rng(11);
    const d = o.heads * o.headDim;
    const m = initTrainableCrate(be, rng, o, layers, classes);
    const labels = Float64Array.from({ length: o.images }, (_, i) => (i * 7) % classes);
    const tokenData = rng.normals(o.images * o.tokens * d);
    const result = be.tidy(() => {
      const tokens = unitRows(be, be.upload(tokenData, { rows: o.images * o.tokens, cols: d }));
      const y = be.upload(labels, { rows: o.images, cols: 1 });
      const { logits, outputs } = crateForward(be, tokens, m, o);
      const { grads, rowStats } = crateLossAndGrads(be, tokens, y, m, o);
      return [logits, ...outputs, rowStats, ...grads];
    });
    try {
      return await Promise.all(result.map((t) => be.read(t)));
    } finally {
      for (const t of result) be.dispose(t);
      disposeCrate(be, m);
    }
  };
}

describe('trainable CRATE: webgpu against cpu', () => {
  const shapes: { name: string; o: CrateOptions; layers: number; classes: number }[] = [
    { name: '1 image of 1 token, 1 head of 1 dimension', o: { images: 1, tokens: 1, heads: 1, headDim: 1, compression: 0.5, eta: 0.2, lambda: 0.1, eps2: 0.5 }, layers: 1, classes: 2 },
    { name: '3 images of 7 tokens, 5 heads of 3 (d = 15), 3 layers', o: { images: 3, tokens: 7, heads: 5, headDim: 3, compression: 0.6, eta: 0.3, lambda: 0.1, eps2: 0.5 }, layers: 3, classes: 10 },
    { name: 'the page: 13 images of 16 tokens, 4 heads of 4, 2 layers', o: { images: 13, tokens: 16, heads: 4, headDim: 4, compression: 0.5, eta: 0.1, lambda: 0.5, eps2: 0.5 }, layers: 2, classes: 10 },
  ];
  for (const s of shapes) {
    it(`forward, loss and gradients agree: ${s.name}`, async (ctx) => {
      if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
      await expectBackendsAgree(gpu, cpuBackend(), evaluateOn(s.o, s.layers, s.classes), s.name, { rtol: 1e-3, atolScale: 1e-4 });
    });
  }
});
