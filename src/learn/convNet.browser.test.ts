// ConvNet on WebGPU (f32) against the float64 cpu backend: same weights and batch → same logits, loss, gradients.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend, Tensor } from '../engine/backend';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { Rng } from '../data/rng';
import { allcloseReport, maxAbs } from '../testing/allclose';
import { cpuBackend, webgpuBackend, SKIP_WITHOUT_WEBGPU } from '../testing/gpuBackendForTests';
import { ConvNet } from './convNet';
import { col2im, col2imIndices, im2col, im2colIndices } from './im2col';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});

/** Runs `make` on both backends and compares every returned tensor: |gpu − cpu| ≤ tol·(|cpu| + max|cpu|). */
async function compare(make: (be: Backend) => Tensor[], tol: number, names: string[]) {
  const g = gpu!.tidy(() => make(gpu!));
  const c = cpu.tidy(() => make(cpu));
  expect(g.length).toBe(c.length);
  const worst: string[] = [];
  for (let i = 0; i < c.length; i++) {
    expect([g[i].batch, g[i].rows, g[i].cols], `${names[i]} shape`).toEqual([c[i].batch, c[i].rows, c[i].cols]);
    const [gv, cv] = await Promise.all([gpu!.read(g[i]), cpu.read(c[i])]);
    expect(maxAbs(cv), `${names[i]} is not all zeros`).toBeGreaterThan(0);
    const report = allcloseReport(gv, cv, { rtol: tol, atol: tol * maxAbs(cv) }, c[i].cols);
    expect(report, `${names[i]}\n${report}`).toBeNull();
    worst.push(`${names[i]} ${(gv.reduce((m, v, j) => Math.max(m, Math.abs(v - cv[j])), 0) / maxAbs(cv)).toExponential(1)}`);
  }
  console.log(`max |gpu − cpu| / max|cpu|: ${worst.join(', ')}`);
  for (const t of g) gpu!.dispose(t);
  for (const t of c) cpu.dispose(t);
}

const upload = (be: Backend, data: ArrayLike<number>, rows: number, cols: number) => be.upload(data, { rows, cols });

describe('im2col / col2im gathers on webgpu', () => {
  for (const [B, H, W, C] of [[1, 8, 8, 1], [3, 5, 7, 2], [2, 1, 13, 3]]) {
    it(`${B}×${H}×${W}×${C}`, async (ctx) => {
      if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
      const before = gpu.liveTensors();
      const g = { batch: B, height: H, width: W };
      const n = B * H * W;
      const rng = new Rng(n + C);
      const X = rng.normals(n * C);
      const D = rng.normals(n * 9 * C);
      await compare((be) => [
        im2col(be, upload(be, X, n, C), C, upload(be, im2colIndices(g), 1, 9 * n)),
        col2im(be, upload(be, D, n, 9 * C), C, upload(be, col2imIndices(g), 1, 9 * n)),
      ], 1e-6, ['im2col', 'col2im']);
      expect(gpu.liveTensors(), 'webgpu tensors leaked').toBe(before);
    });
  }
});

describe('ConvNet: webgpu vs cpu', () => {
  for (const [B, channels] of [[1, [1, 2]], [5, [3, 5]], [16, [8, 8]]] as [number, [number, number]][]) {
    it(`B=${B}, channels [${channels}]: logits, loss, gradients`, async (ctx) => {
      if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU); // webgpuBackend() already failed the run when REQUIRE_WEBGPU=1
      const before = gpu.liveTensors();
      const net = new ConvNet(channels);
      const rng = new Rng(31 * B + channels[1]);
      const w = net.initialWeights(rng).map((a) => a.map((v) => 2 * v));
      const x = Float64Array.from(rng.normals(B * 64)).map((v) => Math.abs(v) * 0.5);
      const y = Float64Array.from({ length: B }, (_, i) => (3 * i + 1) % 10);
      await compare((be) => {
        const weights = net.weightShapes.map((s, i) => be.upload(w[i], s));
        const xt = upload(be, x, B, 64);
        const yt = upload(be, y, B, 1);
        const { logits } = net.forward(be, weights, xt);
        const { grads, rowStats } = net.lossAndGrads(be, weights, xt, yt);
        return [logits, rowStats, net.rowStats(be, weights, xt, yt), ...grads];
      }, 2e-5, ['logits', 'rowStats', 'rowStats (eval)', 'dK1', 'dk1bias', 'dK2', 'dk2bias', 'dW3', 'db3']);
      expect(net.cachedTables()).toBe(2); // one (im2col, col2im) pair per backend
      net.dispose();
      expect(gpu.liveTensors(), 'webgpu tensors leaked').toBe(before);
      expect(cpu.liveTensors()).toBe(0);
    });
  }
});
