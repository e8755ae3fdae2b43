// The float64 twins of the clustering kernels against their definitions, and the eigen/k-means building blocks.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { eigh } from '../linalg/eigh';
import { expectAllclose } from '../testing/allclose';
import { spdWithEigenvalues } from '../testing/matrices';
import { squaredDistances, symmetrizeAffinity, topKPerLine } from './affinityKernels';
import { assignNearest, nearestCentroid, pointsByClusters } from './assignKernels';
import { admmStep } from './selfExpressionKernels';
import { kmeans, kmeansPlusPlus } from './kmeans';
import { knnAffinity } from './spectral';
import { topEigenvectors } from './topEigenvectors';

const be = new CpuBackend();

describe('affinity kernels (float64 twins)', { timeout: 30_000 }, () => {
  it('squared distances equal Σ (x − y)²', () => {
    const rng = new Rng(9700);
    const x = rng.normals(7 * 3), y = rng.normals(5 * 3);
    const d = be.view(squaredDistances(be, be.upload(x, { rows: 7, cols: 3 }), be.upload(y, { rows: 5, cols: 3 })));
    const direct = Array.from({ length: 35 }, (_, k) => [0, 1, 2].reduce((s, p) => s + (x[Math.floor(k / 5) * 3 + p] - y[(k % 5) * 3 + p]) ** 2, 0));
    expectAllclose(d, direct, { rtol: 1e-12, atol: 1e-12 });
  });

  it('top-k per row and per column keep what a full sort keeps', () => {
    const rng = new Rng(9701);
    const a = Float64Array.from(rng.normals(6 * 9));
    const rows = be.view(topKPerLine(be, be.upload(a, { rows: 6, cols: 9 }), 3, 'nearest', 'rows'));
    const cols = be.view(topKPerLine(be, be.upload(a, { rows: 6, cols: 9 }), 2, 'largestMagnitude', 'columns'));
    for (let i = 0; i < 6; i++) {
      const order = Array.from({ length: 9 }, (_, j) => j).sort((p, q) => a[i * 9 + p] - a[i * 9 + q]);
      for (let j = 0; j < 9; j++) expect(rows[i * 9 + j]).toBe(order.indexOf(j) < 3 ? 1 : 0);
    }
    for (let j = 0; j < 9; j++) {
      const order = Array.from({ length: 6 }, (_, i) => i).sort((p, q) => Math.abs(a[q * 9 + j]) - Math.abs(a[p * 9 + j]));
      for (let i = 0; i < 6; i++) expect(cols[i * 9 + j]).toBe(order.indexOf(i) < 2 ? a[i * 9 + j] : 0);
    }
  });

  it('|C| + |C|ᵀ and the kNN graph ½(A + Aᵀ) with self counted, diagonal dropped', () => {
    const c = be.upload([0, -1, 2, 3, 0, -4, 5, 6, 0], { rows: 3, cols: 3 });
    expect(Array.from(be.view(symmetrizeAffinity(be, c, { absolute: true })))).toEqual([0, 4, 7, 4, 0, 10, 7, 10, 0]);
    // points on a line at 0, 1, 3, 10: with 2 neighbors (self + nearest) the graph is 0–1, 1–0, 3–1, 10–3
    const w = be.view(knnAffinity(be, be.upload([0, 1, 3, 10], { rows: 4, cols: 1 }), 2));
    expect(Array.from(w)).toEqual([0, 1, 0, 0, 1, 0, 0.5, 0, 0, 0.5, 0, 0.5, 0, 0, 0.5, 0]);
  });

  it('the ADMM step soft-thresholds, zeroes the diagonal and updates the dual', () => {
    const n = 2;
    const z = be.upload([0.5, 0.3, -0.05, 0.9], { rows: n, cols: n });
    const gram = be.upload([1, 0.2, 0.2, 1], { rows: n, cols: n });
    const dual = be.fill({ rows: n, cols: n }, 0);
    const { coef, rhs, gap } = admmStep(be, z, null, gram, dual, { rho: 10, weight: 2, l1: 1, l2: 0 });
    expectAllclose(be.view(coef), [0, 0.2, 0, 0], { atol: 1e-15 });
    expectAllclose(be.view(dual), [5, 1, -0.5, 9], { atol: 1e-14 });
    expectAllclose(be.view(gap), [0.5, 0.1, -0.05, 0.9], { atol: 1e-15 });
    expectAllclose(be.view(rhs), [2 - 5, 0.4 + 2 - 1, 0.4 + 0.5, 2 - 9], { atol: 1e-14 });
  });

  it('nearest-cluster assignment takes the first of equal scores', () => {
    const s = be.upload([3, 1, 1, 0, 0, 5], { rows: 2, cols: 3 });
    const { labels, best } = assignNearest(be, s, pointsByClusters(s));
    expect(Array.from(be.view(labels))).toEqual([1, 0]);
    expect(Array.from(be.view(best))).toEqual([1, 0]);
    // nearest centroid, per restart: points 0 and 3 on a line; restart 0 has centers at 1 and 2, restart 1 at 3 and −1
    const near = nearestCentroid(be, be.upload([0, 3], { rows: 2, cols: 1 }), be.upload([1, 2, 3, -1], { batch: 2, rows: 2, cols: 1 }));
    expect(Array.from(be.view(near.labels))).toEqual([0, 1, 1, 0]);
    expect(Array.from(be.view(near.best))).toEqual([1, 1, 1, 0]);
  });
});

describe('k-means and eigenvector building blocks', { timeout: 60_000 }, () => {
  it('k-means++ picks one point per blob; k-means recovers well-separated blobs', async () => {
    const rng = new Rng(9702);
    const centers = [[0, 0], [10, 0], [0, 10], [10, 10]];
    const x = new Float64Array(4 * 25 * 2);
    const truth: number[] = [];
    centers.forEach(([cx, cy], c) => {
      for (let s = 0; s < 25; s++) {
        x[(c * 25 + s) * 2] = cx + rng.normal() * 0.5;
        x[(c * 25 + s) * 2 + 1] = cy + rng.normal() * 0.5;
        truth.push(c);
      }
    });
    const seeds = kmeansPlusPlus(x, 100, 2, 4, new Rng(1));
    const blobs = new Set(Array.from({ length: 4 }, (_, c) => Math.round(seeds[2 * c] / 10) * 2 + Math.round(seeds[2 * c + 1] / 10)));
    expect(blobs.size).toBe(4);
    const t = be.upload(x, { rows: 100, cols: 2 });
    const live = be.liveTensors();
    const result = await kmeans(be, t, 4, { seed: 3, restarts: 3 });
    expect(be.liveTensors()).toBe(live);
    for (let c = 0; c < 4; c++) expect(new Set(result.labels.slice(c * 25, c * 25 + 25)).size).toBe(1);
    expect(new Set(result.labels).size).toBe(4);
    expect(result.restartInertias).toHaveLength(3);
    be.dispose(t);
  });

  it('block Krylov eigenvectors agree with the full eigh on a 200×200 matrix with a small gap', async () => {
    const n = 200;
    const lambda = Array.from({ length: n }, (_, i) => (i < 6 ? 1 - 0.01 * i : 0.9 * Math.cos(i)));
    const a = be.upload(spdWithEigenvalues(new Rng(9703), lambda.map((v) => v + 2)).map((v, i) => v - (i % (n + 1) === 0 ? 2 : 0)), { rows: n, cols: n });
    const live = be.liveTensors();
    const krylov = await topEigenvectors(be, a, 5, { directMax: 10, seed: 4, tol: 1e-8 });
    const full = await eigh(be, a);
    expectAllclose(krylov.values, full.values.slice(0, 5), { rtol: 1e-8, atol: 1e-10 });
    // same vectors up to sign
    const v = be.view(krylov.vectors), w = be.view(full.vectors);
    for (let j = 0; j < 5; j++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += v[i * 5 + j] * w[i * n + j];
      expect(Math.abs(dot)).toBeCloseTo(1, 6);
    }
    be.dispose(krylov.vectors);
    be.dispose(full.vectors);
    expect(be.liveTensors()).toBe(live);
  });
});
