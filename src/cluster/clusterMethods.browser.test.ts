// The clustering methods end to end on WebGPU (f32) next to the float64 cpu backend: same quality, every tensor freed.
import { beforeAll, describe, expect } from 'vitest';
import type { Backend, Tensor } from '../engine/backend';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { Rng } from '../data/rng';
import { twoMoons, unionOfSubspaces } from '../data/synthetic';
import { cpuBackend, gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import { spdWithEigenvalues } from '../testing/matrices';
import { kmeans } from './kmeans';
import { kss } from './kss';
import { lsr, lsrCoefficients } from './lsr';
import { codingRate, membershipFromLabels, rateReduction, sinkhorn } from './mcr2';
import { ensc, ssc } from './selfExpression';
import { spectral } from './spectral';
import { topEigenvectors } from './topEigenvectors';
import { accuracy } from './metrics';
import { identity } from './tensorOps';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = gpuIt(() => gpu, { checkLeaks: true });

/** 3 random 3-dim subspaces of R¹², 20 points each (small: the software adapter is slow). */
const data = unionOfSubspaces(new Rng(9601), { subspaces: 3, dim: 3, ambient: 12, perSubspace: 20, noise: 0.02 });

async function onBoth(method: (be: Backend, x: Tensor) => Promise<{ labels: Int32Array }>): Promise<[number, number]> {
  const scores: number[] = [];
  for (const be of [gpu!, cpu] as Backend[]) {
    const x = be.upload(data.X, { rows: data.n, cols: data.d });
    const { labels } = await method(be, x);
    be.dispose(x);
    scores.push(accuracy(labels, data.labels));
  }
  return scores as [number, number];
}

describe('clustering methods on webgpu vs cpu (60 points on 3 subspaces of R¹²)', () => {
  itGpu('ssc and ensc (ADMM with the fused self_expression kernel) separate the subspaces on both', async () => {
    const [g, c] = await onBoth((be, x) => ssc(be, x, 3, { seed: 1, maxIter: 40 }));
    expect(g).toBeGreaterThanOrEqual(0.95);
    expect(c).toBeGreaterThanOrEqual(0.95);
    const [ge] = await onBoth((be, x) => ensc(be, x, 3, { seed: 1, maxIter: 40, topK: 6 }));
    expect(ge).toBeGreaterThanOrEqual(0.95);
  });

  itGpu('lsr: closed-form coefficients agree with float64; clustering perfect on both', async () => {
    const [g, c] = await onBoth((be, x) => lsr(be, x, 3, { seed: 1 }));
    expect(g).toBeGreaterThanOrEqual(0.95);
    expect(c).toBeGreaterThanOrEqual(0.95);
    const coefficients = await Promise.all([gpu!, cpu].map(async (be: Backend) => {
      const x = be.upload(data.X, { rows: data.n, cols: data.d });
      const t = await lsrCoefficients(be, x, { lambda: 0.5 });
      const v = await be.read(t);
      be.dispose(t);
      be.dispose(x);
      return v;
    }));
    let worst = 0;
    coefficients[1].forEach((v, i) => (worst = Math.max(worst, Math.abs(v - coefficients[0][i]))));
    expect(worst).toBeLessThan(2e-4);
  });

  itGpu('k-means with restarts does not separate them, k-subspaces does', async () => {
    const [gk, ck] = await onBoth((be, x) => kmeans(be, x, 3, { seed: 1, restarts: 4 }));
    expect(gk).toBeLessThan(0.8);
    expect(ck).toBeLessThan(0.8);
    const [gs] = await onBoth((be, x) => kss(be, x, 3, { dim: 3, seed: 1, restarts: 2 }));
    expect(gs).toBeGreaterThanOrEqual(0.95);
  });

  itGpu('kNN spectral clustering untangles two moons lifted to R¹⁰, where k-means cannot', async () => {
    const moons = twoMoons(new Rng(9603), { n: 80, noise: 0.05, ambient: 10 });
    const scores = await Promise.all([gpu!, cpu].map(async (be: Backend) => {
      const x = be.upload(moons.X, { rows: moons.n, cols: moons.d });
      const s = await spectral(be, x, 2, { seed: 1, neighbors: 8 });
      const k = await kmeans(be, x, 2, { seed: 1, restarts: 3 });
      be.dispose(x);
      return [accuracy(s.labels, moons.labels), accuracy(k.labels, moons.labels)];
    }));
    for (const [spectralAccuracy, kmeansAccuracy] of scores) {
      expect(spectralAccuracy).toBeGreaterThanOrEqual(0.95);
      expect(kmeansAccuracy).toBeLessThan(0.9);
    }
  });

  itGpu('block Krylov eigenvectors (the path for large graphs) match float64 eigenvalues', async () => {
    const n = 90;
    const lambda = Array.from({ length: n }, (_, i) => (i < 4 ? 1 - 0.05 * i : 0.5 * Math.cos(i)));
    const a = Float32Array.from(spdWithEigenvalues(new Rng(9602), lambda.map((v) => v + 1)).map((v, i) => v - (i % (n + 1) === 0 ? 1 : 0)));
    const values = await Promise.all([gpu!, cpu].map(async (be: Backend) => {
      const t = be.upload(a, { rows: n, cols: n });
      const top = await topEigenvectors(be, t, 3, { directMax: 10, maxBasis: 40, seed: 3 });
      be.dispose(top.vectors);
      be.dispose(t);
      return Array.from(top.values);
    }));
    values.forEach((v) => v.forEach((x, i) => expect(x).toBeCloseTo(1 - 0.05 * i, 3)));
  });

  itGpu('coding rates (Z = I₈: R = 4 ln 3, R_c = ln 9) and Sinkhorn balance on webgpu', async () => {
    const z = identity(gpu!, 8);
    const membership = membershipFromLabels(gpu!, [0, 0, 1, 1, 2, 2, 3, 3], 4);
    expect(await codingRate(gpu!, z, 0.5)).toBeCloseTo(4 * Math.log(3), 4);
    const r = await rateReduction(gpu!, z, membership, 0.5);
    expect(r.Rc).toBeCloseTo(Math.log(9), 4);
    gpu!.dispose(z);
    gpu!.dispose(membership);
    const k = gpu!.upload(Float32Array.from({ length: 36 }, (_, i) => 0.2 + ((i * 37) % 11) / 11), { rows: 6, cols: 6 });
    const { plan } = await sinkhorn(gpu!, k, { iterations: 50 });
    const p = await gpu!.read(plan);
    for (let i = 0; i < 6; i++) {
      expect(p.slice(i * 6, i * 6 + 6).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
      expect([0, 1, 2, 3, 4, 5].reduce((s, j) => s + p[j * 6 + i], 0)).toBeCloseTo(1, 4);
    }
    gpu!.dispose(k);
    gpu!.dispose(plan);
  });
});
