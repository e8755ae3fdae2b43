// Clustering kernels on WebGPU (f32) against their float64 twins, awkward shapes included: shaders/cluster/
// pairwise_distances.wgsl, top_k_select.wgsl, symmetrize.wgsl, self_expression.wgsl and cluster_assign.wgsl
// (assign_nearest, nearest_centroid, one_hot, centroid_update, mask_rows).
import { beforeAll, describe, expect } from 'vitest';
import type { Backend, Tensor } from '../engine/backend';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { Rng } from '../data/rng';
import { allcloseReport, maxAbs } from '../testing/allclose';
import { cpuBackend, gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import { squaredDistances, symmetrizeAffinity, topKPerLine } from './affinityKernels';
import { assignNearest, centroidUpdate, clustersAsBatch, maskRowsByLabel, nearestCentroid, oneHot, pointsByClusters } from './assignKernels';
import { admmStep } from './selfExpressionKernels';
import { reshape, stackColumns } from './tensorOps';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = gpuIt(() => gpu, { checkLeaks: true });

type Shape = { batch?: number; rows: number; cols: number };
/** f32-exact random numbers, so both backends see identical inputs (and make identical discrete choices). */
const data = (rng: Rng, s: Shape, scale = 1) => Float32Array.from(rng.normals((s.batch ?? 1) * s.rows * s.cols, scale));

/** Runs `op` on both backends with the same host inputs; returns [webgpu, cpu] results read back. */
async function both(inputs: { values: ArrayLike<number>; shape: Shape }[], op: (be: Backend, t: Tensor[]) => Tensor | Tensor[]) {
  const run = async (be: Backend) => {
    const ts = inputs.map((i) => be.upload(i.values, i.shape));
    const out = be.tidy(() => op(be, ts));
    const list = Array.isArray(out) ? out : [out];
    const values = await Promise.all(list.map((t) => be.read(t)));
    const afterInputs = await Promise.all(ts.map((t) => be.read(t)));
    for (const t of [...list, ...ts]) be.dispose(t);
    return { values, afterInputs };
  };
  return [await run(gpu!), await run(cpu)] as const;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol = 1e-5, atolScale = 1e-5, cols = 0) {
  const report = allcloseReport(actual, expected, { rtol, atol: atolScale * Math.max(1, maxAbs(expected)) }, cols);
  expect(report, `${what}: ${report}`).toBeNull();
}

describe('pairwise_distances kernel', () => {
  for (const [bx, n, by, m, d] of [[1, 1, 1, 1, 1], [1, 37, 1, 23, 5], [3, 17, 1, 9, 7], [1, 64, 2, 13, 1], [2, 31, 2, 31, 30]]) {
    itGpu(`(${bx}, ${n}, ${d}) vs (${by}, ${m}, ${d})`, async () => {
      const rng = new Rng(n * 100 + m);
      const [g, c] = await both([{ values: data(rng, { batch: bx, rows: n, cols: d }), shape: { batch: bx, rows: n, cols: d } },
        { values: data(rng, { batch: by, rows: m, cols: d }), shape: { batch: by, rows: m, cols: d } }], (be, [x, y]) => squaredDistances(be, x, y));
      expectClose(g.values[0], c.values[0], 'squared distances', 1e-4, 1e-5, m);
      expect(Math.min(...g.values[0])).toBeGreaterThanOrEqual(0);
    });
  }
});

describe('top_k_select kernel', () => {
  const cases: [Shape, number, 'nearest' | 'largestMagnitude', 'rows' | 'columns'][] = [
    [{ rows: 33, cols: 47 }, 5, 'nearest', 'rows'], [{ rows: 47, cols: 33 }, 3, 'largestMagnitude', 'columns'],
    [{ batch: 2, rows: 9, cols: 11 }, 64, 'largestMagnitude', 'rows'], [{ rows: 1, cols: 130 }, 10, 'nearest', 'rows'],
    [{ rows: 130, cols: 1 }, 1, 'largestMagnitude', 'columns'], [{ rows: 100, cols: 100 }, 64, 'nearest', 'columns'],
  ];
  for (const [shape, k, mode, axis] of cases) {
    itGpu(`${shape.batch ?? 1}×${shape.rows}×${shape.cols}, k = ${k}, ${mode} per ${axis}: same picks as float64`, async () => {
      const values = data(new Rng(shape.rows * 7 + k), shape);
      const [g, c] = await both([{ values, shape }], (be, [a]) => topKPerLine(be, a, k, mode, axis));
      expect(Array.from(g.values[0])).toEqual(Array.from(c.values[0]));
      const lines = axis === 'rows' ? (shape.batch ?? 1) * shape.rows : (shape.batch ?? 1) * shape.cols;
      const kept = Math.min(k, axis === 'rows' ? shape.cols : shape.rows);
      expect(g.values[0].filter((v) => v !== 0).length).toBe(lines * kept);
    });
  }
  itGpu('ties keep the lower index (a row of equal distances)', async () => {
    const [g, c] = await both([{ values: new Float32Array(12).fill(2), shape: { rows: 2, cols: 6 } }], (be, [a]) => topKPerLine(be, a, 2, 'nearest', 'rows'));
    expect(Array.from(g.values[0])).toEqual([1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    expect(Array.from(c.values[0])).toEqual(Array.from(g.values[0]));
  });
});

describe('symmetrize kernel', () => {
  for (const [batch, n, absolute, scale, zeroDiagonal] of [[1, 1, true, 1, false], [1, 45, true, 1, false], [3, 17, false, 0.5, true], [1, 129, true, 2, true]] as const) {
    itGpu(`${batch}×${n}×${n}, |·| ${absolute}, scale ${scale}, zero diagonal ${zeroDiagonal}`, async () => {
      const shape = { batch, rows: n, cols: n };
      const [g, c] = await both([{ values: data(new Rng(n), shape), shape }], (be, [a]) => symmetrizeAffinity(be, a, { absolute, scale, zeroDiagonal }));
      expectClose(g.values[0], c.values[0], 'affinity', 1e-6, 1e-7, n);
    });
  }
});

describe('self_expression kernel (fused ADMM step)', () => {
  for (const [n, woodbury] of [[1, false], [7, true], [50, false], [67, true]] as const) {
    itGpu(`${n}×${n}, ${woodbury ? 'Woodbury' : 'direct'} linear step: C, Δ (in place), rhs and gap match`, async () => {
      const rng = new Rng(300 + n);
      const shape = { rows: n, cols: n };
      const inputs = [0, 1, 2, 3].map(() => ({ values: data(rng, shape, 0.3), shape }));
      const weights = { rho: 4, weight: 25, l1: 0.9, l2: 0.1 };
      const [g, c] = await both(inputs, (be, [a, b, gram, dual]) => {
        const r = admmStep(be, a, woodbury ? b : null, gram, dual, weights);
        return [r.coef, r.rhs, r.gap];
      });
      ['coef', 'rhs', 'gap'].forEach((what, i) => expectClose(g.values[i], c.values[i], what, 1e-5, 1e-5, n));
      expectClose(g.afterInputs[3], c.afterInputs[3], 'dual', 1e-5, 1e-5, n);
      for (let i = 0; i < n; i++) expect(g.values[0][i * n + i]).toBe(0);
    });
  }
});

describe('cluster_assign kernels', () => {
  itGpu('assign_nearest on (restarts, points, clusters) and on (clusters, points, 1) layouts', async () => {
    const rng = new Rng(401);
    const s1 = { batch: 3, rows: 70, cols: 6 };
    const [g1, c1] = await both([{ values: data(rng, s1), shape: s1 }], (be, [s]) => {
      const r = assignNearest(be, s, pointsByClusters(s));
      return [r.labels, r.best];
    });
    expect(Array.from(g1.values[0])).toEqual(Array.from(c1.values[0]));
    expectClose(g1.values[1], c1.values[1], 'best', 1e-7, 1e-7);
    const s2 = { batch: 5, rows: 33, cols: 1 };
    const [g2, c2] = await both([{ values: data(rng, s2), shape: s2 }], (be, [s]) => assignNearest(be, s, clustersAsBatch(s)).labels);
    expect(Array.from(g2.values[0])).toEqual(Array.from(c2.values[0]));
  });

  for (const [batch, n, k, d] of [[1, 1, 1, 1], [3, 70, 5, 7], [2, 129, 10, 64]]) {
    itGpu(`nearest_centroid: ${batch} restarts, ${n} points, ${k} centroids in R^${d}`, async () => {
      const rng = new Rng(410 + n);
      const [g, c] = await both([
        { values: data(rng, { rows: n, cols: d }), shape: { rows: n, cols: d } }, { values: data(rng, { batch, rows: k, cols: d }), shape: { batch, rows: k, cols: d } },
      ], (be, [x, centers]) => {
        const r = nearestCentroid(be, x, centers);
        return [r.labels, r.best];
      });
      // f32 sums may flip a near-tie; the distance reached is the same either way
      const flips = g.values[0].filter((v, i) => v !== c.values[0][i]).length;
      expect(flips).toBeLessThanOrEqual(Math.floor(0.01 * batch * n));
      expectClose(g.values[1], c.values[1], 'nearest squared distance', 1e-5, 1e-5);
    });
  }

  itGpu('one_hot, centroid_update (an empty cluster keeps its centroid) and mask_rows', async () => {
    const labels = Float32Array.from([2, 0, 2, 1, 0, 2, 2]);
    const x = data(new Rng(402), { rows: 7, cols: 3 });
    const previous = data(new Rng(403), { rows: 4, cols: 3 });
    const [g, c] = await both([
      { values: labels, shape: { rows: 1, cols: 7 } }, { values: x, shape: { rows: 7, cols: 3 } }, { values: previous, shape: { rows: 4, cols: 3 } },
    ], (be, [l, xt, p]) => {
      const member = oneHot(be, l, 4);
      const updated = centroidUpdate(be, be.matmul(member, xt, { transA: true }), be.reduce('sum', member, 'perCol'), p);
      return [member, updated, maskRowsByLabel(be, xt, l, 4)];
    });
    expect(Array.from(g.values[0])).toEqual(Array.from(c.values[0]));
    expectClose(g.values[1], c.values[1], 'centroids', 1e-6, 1e-6, 3);
    expect(Array.from(g.values[1].slice(9))).toEqual(Array.from(previous.slice(9)));
    expect(Array.from(g.values[2])).toEqual(Array.from(c.values[2]));
  });

  itGpu('tensor helpers: reshape and stackColumns copy buffers exactly', async () => {
    const rng = new Rng(404);
    const [g, c] = await both([{ values: data(rng, { rows: 5, cols: 3 }), shape: { rows: 5, cols: 3 } }, { values: data(rng, { rows: 5, cols: 2 }), shape: { rows: 5, cols: 2 } }],
      (be, [a, b]) => [stackColumns(be, [a, b]), reshape(be, a, { batch: 5, rows: 3, cols: 1 })]);
    expect(Array.from(g.values[0])).toEqual(Array.from(c.values[0]));
    expect(Array.from(g.values[1])).toEqual(Array.from(c.values[1]));
  });
});
