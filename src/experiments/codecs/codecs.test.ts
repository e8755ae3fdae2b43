// Float64 checks of the codecs page: Haar packet orthonormal, rates never below entropies, exact gradients, linear AE = PCA.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { centralDifferences, relativeGradientError } from '../../learn/gradientCheck';
import { runExperimentForTest } from '../framework/runForTest';
import { haarForward, haarInverse, haarPacket1d, haarPacket2d } from './haar';
import { channelEntropyBits, empiricalEntropyBits, histogramRateBits, laplaceRateBits } from './rate';
import { imageToPatches, patchesToImage } from './patches';
import { lossAndGrads, uploadWeights, weightList } from './autoencoder';
import { codecsExperiment } from './index';
import { codecsPlots, MONTAGE_GAP, montage } from './plots';
import { downsampleDigits } from './compressedLearning';

const QUICK = codecsExperiment.presets.quick as Record<string, unknown>;

/** max |A·Aᵀ − I| of an n×n row-major matrix. */
function orthonormalityError(a: Float64Array, n: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += a[i * n + k] * a[j * n + k];
    worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
  }
  return worst;
}

describe('Haar wavelet packet', () => {
  it('is orthonormal in 1-D (lengths 4, 8, 16) and 2-D (64×64), exactly in float64', () => {
    for (const n of [4, 8, 16]) expect(orthonormalityError(haarPacket1d(n, 2), n)).toBeLessThan(1e-15);
    expect(orthonormalityError(haarPacket2d(), 64)).toBeLessThan(1e-15);
  });

  it('is the 2-level packet on length 8: four-sample atoms of height ½; rows 0, 1 are the averages of each half, the other six sum to 0', () => {
    const h = haarPacket1d(8, 2);
    expect(Array.from(h.slice(0, 8))).toEqual([0.5, 0.5, 0.5, 0.5, 0, 0, 0, 0].map((v) => expect.closeTo(v, 15)));
    for (let i = 0; i < 8; i++) {
      const row = Array.from(h.slice(i * 8, i * 8 + 8));
      expect(row.filter((v) => Math.abs(Math.abs(v) - 0.5) < 1e-15)).toHaveLength(4);
      expect(row.filter((v) => v === 0)).toHaveLength(4);
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(i < 2 ? 2 : 0, 14);
    }
  });

  it('inverse∘forward = identity and energy is preserved on the backend (float64), 37 random patches', async () => {
    const be = new CpuBackend();
    const rng = new Rng(3);
    const xs = Float64Array.from({ length: 37 * 64 }, () => rng.normal());
    const x = be.upload(xs, { rows: 37, cols: 64 });
    const h = be.upload(haarPacket2d(), { rows: 64, cols: 64 });
    const y = haarForward(be, x, h);
    const back = await be.read(haarInverse(be, y, h));
    const ys = await be.read(y);
    expect(Math.max(...back.map((v, i) => Math.abs(v - xs[i])))).toBeLessThan(1e-13);
    const energy = (a: Float64Array) => a.reduce((s, v) => s + v * v, 0);
    expect(Math.abs(energy(ys) / energy(xs) - 1)).toBeLessThan(1e-13);
  });

  it('rejects a length that two levels cannot split', () => {
    expect(() => haarPacket1d(6, 2)).toThrow(/multiple of 2\^2/);
  });
});

describe('patches', () => {
  it('2×2 block averages of a digit: (n, 64) → (n, 16)', () => {
    const x = Float64Array.from({ length: 128 }, (_, i) => i % 64);
    const d = downsampleDigits(x, 2);
    // block (0, 0) averages pixels 0, 1, 8, 9; block (3, 3) averages 54, 55, 62, 63
    expect([d[0], d[15], d[16], d[31]]).toEqual([4.5, 58.5, 4.5, 58.5]);
  });


  it('image → patches → image is the identity (24×24, 9 patches)', () => {
    const img = Float64Array.from({ length: 24 * 24 }, (_, i) => i);
    expect(patchesToImage(imageToPatches(img, 24), 3, 3)).toEqual(Array.from(img));
  });
});

describe('rates', () => {
  it('empirical entropy: 1 bit for two equally likely symbols, 0 for one, log₂ 3 for three', () => {
    expect(empiricalEntropyBits([0, 1, 0, 1])).toBe(1);
    expect(empiricalEntropyBits([5, 5, 5])).toBe(0);
    expect(empiricalEntropyBits([1, 2, 3])).toBeCloseTo(Math.log2(3), 14);
  });

  it('the histogram rate equals the entropy when every code is used equally, and is never below it', () => {
    expect(histogramRateBits([0, 1, 2, 3, 0, 1, 2, 3], 4)).toBeCloseTo(2, 14);
    const rng = new Rng(7);
    for (let trial = 0; trial < 50; trial++) {
      const K = 2 + rng.int(60);
      const n = 1 + rng.int(300);
      const skew = 1 + rng.uniform() * 4;
      const idx = Array.from({ length: n }, () => Math.floor(K * rng.uniform() ** skew));
      const gap = histogramRateBits(idx, K) - empiricalEntropyBits(idx);
      expect(gap).toBeGreaterThanOrEqual(-1e-12);
    }
    // unused codes cost the used ones probability: strictly above the entropy
    expect(histogramRateBits([0, 0, 1, 1], 16) - 1).toBeGreaterThan(0.5);
  });

  it('the Laplace rate of rounded latents is never below their channels’ entropy', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 30; trial++) {
      const n = 5 + rng.int(200);
      const c = 1 + rng.int(6);
      const spread = 0.1 + rng.uniform() * 20;
      const q = Array.from({ length: n * c }, () => Math.round(rng.normal() * spread));
      expect(laplaceRateBits(q, n, c) - channelEntropyBits(q, n, c)).toBeGreaterThanOrEqual(-1e-12);
    }
  });

  it('bad input is a clear error', () => {
    expect(() => histogramRateBits([0, 4], 4)).toThrow(/outside \[0, 4\)/);
    expect(() => histogramRateBits([], 4)).toThrow(/no indices/);
    expect(() => laplaceRateBits([1, 2, 3], 2, 2)).toThrow(/2×2/);
  });
});

describe('WaLLoC-style codec gradients', () => {
  it('match central differences (noise fixed, ReLU branch on, rate term on)', async () => {
    const be = new CpuBackend();
    const rng = new Rng(5);
    const [n, d, c, h] = [9, 64, 3, 5];
    const w = uploadWeights(be, rng.normals(d * c, 0.3), rng.normals(c * d, 0.3), d, c, h, rng);
    // a nonzero W2 so the branch's gradients are exercised
    be.dispose(w.W2!);
    w.W2 = be.upload(rng.normals(h * d, 0.3), { rows: h, cols: d });
    const y = be.upload(rng.normals(n * d), { rows: n, cols: d });
    const noise = be.upload(Float64Array.from({ length: n * c }, () => rng.uniform() - 0.5), { rows: n, cols: c });
    const loss = () => be.view(lossAndGrads(be, w, y, noise, 0.3).loss)[0];
    const { grads } = lossAndGrads(be, w, y, noise, 0.3);
    const numeric = centralDifferences(be, weightList(w), loss);
    for (let i = 0; i < grads.length; i++) expect(relativeGradientError(be.view(grads[i]), numeric[i])).toBeLessThan(1e-6);
  });
});

describe('codecs quick run (float64)', () => {
  it('Haar exact, linear AE at the PCA error, rates ≥ entropies, WaLLoC ahead of PCA at a lower rate, VQ under 0.05 bpp, nothing leaks', async () => {
    const { outcome, leaked, history, config } = await runExperimentForTest('codecs', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    const m = outcome.final!;
    const v = (k: string) => m[k] as number;
    expect(v('haar_roundtrip_error')).toBeLessThan(1e-13);
    expect(Math.abs(v('haar_energy_ratio') - 1)).toBeLessThan(1e-12);
    // Eckart–Young: no linear AE beats PCA; trained from a random start it reaches it
    expect(v('linear_ae_gap')).toBeGreaterThan(-1e-9);
    expect(v('linear_ae_gap')).toBeLessThan(0.01);
    expect(v('rate_minus_entropy_min')).toBeGreaterThanOrEqual(0);
    expect(v('bpp_walloc')).toBeLessThan(v('recon_pca_bpp'));
    expect(v('psnr_walloc')).toBeGreaterThan(v('recon_pca_psnr') + 0.5);
    expect(v('bpp_vq')).toBeLessThan(0.05);
    expect(v('psnr_vq')).toBeGreaterThan(18);
    expect(v('vq_codes')).toBe(16);
    // quantization at scale 16 costs PCA little: within 0.5 dB of its unquantized PSNR
    expect(v('psnr_pca_unquantized') - v('psnr_pca')).toBeLessThan(0.5);
    expect(v('psnr_pca_unquantized') - v('psnr_pca')).toBeGreaterThan(0);
    for (const key of ['rd_walloc_bpp', 'rd_pca_bpp']) {
      const bpp = m[key] as number[];
      // coarser steps, fewer bits
      for (let i = 1; i < bpp.length; i++) expect(bpp[i]).toBeLessThan(bpp[i - 1]);
    }
    expect(leaked).toBe(0);
    // the page's four plots, drawn from this run's data
    const plots = codecsPlots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['rate-distortion', 'reconstructions', 'codebook-usage', 'compressed-learning', 'training']);
    // WaLLoC's compressed-learning point at equal size (16 numbers per digit)
    expect(v('acc_latent')).toBeGreaterThan(0.9);
    expect(v('acc_latent')).toBeGreaterThan(v('acc_downsampled') + 0.03);
    expect(plots[0].data.map((t) => (t.y as number[]).length)).toEqual([5, 5, 3]);
    // original, WaLLoC, PCA, VQ: four 128×128 panels side by side in one heatmap, each the run's own image
    const z = plots[1].data[0].z as (number | null)[][];
    expect([plots[1].data.length, z.length, z[0].length]).toEqual([1, 128, 4 * 128 + 3 * MONTAGE_GAP]);
    const panel = (i: number) => z.flatMap((row) => row.slice(i * (128 + MONTAGE_GAP), i * (128 + MONTAGE_GAP) + 128));
    expect(panel(0)).toEqual(history.find((h) => h.metrics.original)!.metrics.original);
    expect(panel(3)).toEqual(history[history.length - 1].metrics.recon_vq);
    expect((plots[1].layout!.annotations as { text: string }[]).map((a) => a.text.split(' ')[0])).toEqual(['original', 'WaLLoC', 'PCA', 'VQ']);
  });

  it('the digits run too, and a shrunk codebook larger than the codebook is a clear error', async () => {
    const digits = await runExperimentForTest('codecs', { ...QUICK, source: 'digits', digits: 128, codebook: 64, codes: 8 });
    expect(digits.outcome.status, digits.outcome.message ?? '').toBe('done');
    expect(digits.outcome.final!.haar_roundtrip_error as number).toBeLessThan(1e-13);
    const bad = await runExperimentForTest('codecs', { ...QUICK, codebook: 16, codes: 32 });
    expect(bad.outcome.status).toBe('failed');
    expect(bad.outcome.message).toMatch(/cannot be larger than the codebook/);
    expect(bad.leaked).toBe(0);
  });
});

describe('montage', () => {
  it('puts images side by side, MONTAGE_GAP blank columns apart, with each centre', () => {
    const a = [[1, 2], [3, 4]];
    const b = [[5, 6, 7], [8, 9, 10]];
    const { z, centers } = montage([a, b]);
    const gap = new Array(MONTAGE_GAP).fill(null);
    expect(z).toEqual([[1, 2, ...gap, 5, 6, 7], [3, 4, ...gap, 8, 9, 10]]);
    expect(centers).toEqual([0.5, 2 + MONTAGE_GAP + 1]);
  });
});
