// The codecs page's pieces and a whole quick run on WebGPU (f32) against the float64 cpu backend.
import { beforeAll, describe, expect } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { expectBackendsAgree } from '../../testing/backendsAgree';
import { cpuBackend, gpuIt, webgpuBackend } from '../../testing/gpuBackendForTests';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { haarForward, haarInverse, haarPacket2d } from './haar';
import { lossAndGrads, uploadWeights, weightList } from './autoencoder';
import { vqLossAndGrads } from './vq';

let gpu: WebGpuBackend | null = null;
beforeAll(async () => {
  gpu = await webgpuBackend();
});
const it = gpuIt(() => gpu, { checkLeaks: true });

describe('codecs pieces on webgpu vs float64', () => {
  // awkward row counts: 1, a prime, not a multiple of any tile
  for (const n of [1, 37, 130]) {
    it(`Haar packet on ${n} patches: inverse∘forward = identity to f32 precision, energy kept, coefficients as in float64`, async () => {
      const rng = new Rng(n);
      const xs = Float64Array.from({ length: n * 64 }, () => rng.uniform());
      await expectBackendsAgree(gpu!, cpuBackend(), async (be: Backend) => {
        const x = be.upload(xs, { rows: n, cols: 64 });
        const h = be.upload(haarPacket2d(), { rows: 64, cols: 64 });
        const y = haarForward(be, x, h);
        const back = haarInverse(be, y, h);
        const [ys, bs] = [await be.read(y), await be.read(back)];
        for (const t of [x, h, y, back]) be.dispose(t);
        const roundTrip = Math.max(...bs.map((v, i) => Math.abs(v - xs[i])));
        const energy = ys.reduce((s, v) => s + v * v, 0) / xs.reduce((s, v) => s + v * v, 0);
        expect(roundTrip).toBeLessThan(be.kind === 'cpu' ? 1e-13 : 2e-6);
        expect(Math.abs(energy - 1)).toBeLessThan(be.kind === 'cpu' ? 1e-13 : 2e-6);
        return [ys, bs];
      }, `Haar ${n}`, { rtol: 1e-5, atolScale: 1e-6 });
    });
  }

  for (const [n, c, h] of [[7, 3, 5], [41, 1, 0], [97, 8, 33]]) {
    it(`WaLLoC loss and gradients, n = ${n}, c = ${c}, hidden = ${h}`, async () => {
      const rng = new Rng(n + c);
      const e = rng.normals(64 * c, 0.3), d = rng.normals(c * 64, 0.3), ys = rng.normals(n * 64), u = Float64Array.from({ length: n * c }, () => rng.uniform() - 0.5);
      const w2 = rng.normals(h * 64, 0.2);
      await expectBackendsAgree(gpu!, cpuBackend(), async (be) => {
        const w = uploadWeights(be, e, d, 64, c, h, new Rng(9));
        if (w.W2) {
          be.dispose(w.W2);
          w.W2 = be.upload(w2, { rows: h, cols: 64 });
        }
        const [y, noise] = [be.upload(ys, { rows: n, cols: 64 }), be.upload(u, { rows: n, cols: c })];
        const { loss, grads } = lossAndGrads(be, w, y, noise, 0.01);
        const out = await Promise.all([loss, ...grads].map((t) => be.read(t)));
        for (const t of [loss, ...grads, ...weightList(w), y, noise]) be.dispose(t);
        return out;
      }, `WaLLoC ${n}×${c}×${h}`, { rtol: 1e-3, atolScale: 1e-4 });
    });
  }

  it('VQ loss, straight-through gradients and assignments, n = 53, 13 codes of size 5', async () => {
    const rng = new Rng(4);
    const [n, c, K] = [53, 5, 13];
    const e = rng.normals(64 * c, 0.3), d = rng.normals(c * 64, 0.3), ys = rng.normals(n * 64), cb = rng.normals(K * c, 1.5);
    await expectBackendsAgree(gpu!, cpuBackend(), async (be) => {
      const w = { E: be.upload(e, { rows: 64, cols: c }), D: be.upload(d, { rows: c, cols: 64 }), C: be.upload(cb, { rows: K, cols: c }) };
      const y = be.upload(ys, { rows: n, cols: 64 });
      const { loss, grads, labels } = vqLossAndGrads(be, w, y, 0.25);
      const out = await Promise.all([loss, labels, ...grads].map((t) => be.read(t)));
      for (const t of [loss, labels, ...grads, w.E, w.D, w.C, y]) be.dispose(t);
      return out;
    }, 'VQ', { rtol: 1e-3, atolScale: 1e-4 });
  });
});

describe('codecs page on webgpu', () => {
  it('the quick preset: Haar exact to f32, linear AE at the PCA error, rates ≥ entropies, close to float64, nothing leaks', async () => {
    const g = await runExperimentOn(gpu!, 'codecs', 'quick');
    const c = await runExperimentOn(cpuBackend(), 'codecs', 'quick');
    const keys = ['bpp_walloc', 'psnr_walloc', 'bpp_pca', 'psnr_pca', 'bpp_vq', 'psnr_vq', 'linear_ae_gap', 'haar_roundtrip_error', 'rate_minus_entropy_min', 'acc_latent', 'acc_downsampled'];
    const pick = (m: typeof g.m) => Object.fromEntries(keys.map((k) => [k, m[k]]));
    console.log(`codecs quick: webgpu ${g.seconds.toFixed(1)} s ${JSON.stringify(pick(g.m))}; cpu ${c.seconds.toFixed(1)} s ${JSON.stringify(pick(c.m))}`);
    const v = (m: typeof g.m, k: string) => m[k] as number;
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    expect(v(g.m, 'haar_roundtrip_error')).toBeLessThan(2e-6);
    expect(Math.abs(v(g.m, 'haar_energy_ratio') - 1)).toBeLessThan(2e-6);
    for (const m of [g.m, c.m]) {
      expect(v(m, 'linear_ae_gap')).toBeLessThan(0.01);
      expect(v(m, 'linear_ae_gap')).toBeGreaterThan(-1e-4);
      expect(v(m, 'rate_minus_entropy_min')).toBeGreaterThanOrEqual(0);
      expect(v(m, 'bpp_vq')).toBeLessThan(0.05);
      expect(v(m, 'acc_latent')).toBeGreaterThan(v(m, 'acc_downsampled') + 0.03);
    }
    // PCA has no training: f32 and float64 agree closely; the trained codecs within a few percent / a few tenths of a dB
    expect(Math.abs(v(g.m, 'psnr_pca') - v(c.m, 'psnr_pca'))).toBeLessThan(0.01);
    expect(Math.abs(v(g.m, 'bpp_pca') / v(c.m, 'bpp_pca') - 1)).toBeLessThan(0.01);
    expect(Math.abs(v(g.m, 'psnr_walloc') - v(c.m, 'psnr_walloc'))).toBeLessThan(0.3);
    expect(Math.abs(v(g.m, 'bpp_walloc') / v(c.m, 'bpp_walloc') - 1)).toBeLessThan(0.05);
    expect(Math.abs(v(g.m, 'psnr_vq') - v(c.m, 'psnr_vq'))).toBeLessThan(1.5);
  });
});
