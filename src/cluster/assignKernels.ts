// Assignment kernels of k-means and k-subspaces (cluster_assign.wgsl) with their float64 twins; labels are stored as floats.
import { assertNever, type AnyBackend, type Tensor } from '../engine/backend';
import clusterAssignWgsl from '../../shaders/cluster/cluster_assign.wgsl?raw';
import { uniformLayout } from '../engine/webgpu/uniformLayout';

const ASSIGN_PARAMS = uniformLayout({ struct: 'AssignParams', shaders: ['shaders/cluster/cluster_assign.wgsl'] }, {
  items: 'u32', clusters: 'u32', itemStride: 'u32', clusterStride: 'u32', batchStride: 'u32', total: 'u32', groupsX: 'u32', _pad: 'u32',
});

/** Shared by one_hot, centroid_update and mask_rows. */
const SHAPE_PARAMS = uniformLayout({ struct: 'ShapeParams', shaders: ['shaders/cluster/cluster_assign.wgsl'] }, {
  items: 'u32', width: 'u32', total: 'u32', groupsX: 'u32',
});

const NEAREST_PARAMS = uniformLayout({ struct: 'NearestParams', shaders: ['shaders/cluster/cluster_assign.wgsl'] }, {
  items: 'u32', clusters: 'u32', dims: 'u32', total: 'u32', groupsX: 'u32', _pad0: 'u32', _pad1: 'u32', _pad2: 'u32',
});

/** Where point i's score for cluster c sits: batchStride·z + itemStride·i + clusterStride·c. */
export type ScoreLayout = { batch: number; items: number; clusters: number; itemStride: number; clusterStride: number; batchStride: number };

/** The layout of a (batch, items, clusters) score tensor, e.g. squared distances to centroids. */
export function pointsByClusters(scores: Tensor): ScoreLayout {
  return { batch: scores.batch, items: scores.rows, clusters: scores.cols, itemStride: scores.cols, clusterStride: 1, batchStride: scores.rows * scores.cols };
}

/** The layout of a (clusters, items, 1) score tensor, e.g. residuals to each of k subspaces (one batch item per cluster). */
export function clustersAsBatch(scores: Tensor): ScoreLayout {
  return { batch: 1, items: scores.rows, clusters: scores.batch, itemStride: 1, clusterStride: scores.rows, batchStride: 0 };
}

/**
 * Nearest cluster of every point: the index of the smallest score (the first on ties) and that score.
 * @returns labels and best, each (layout.batch, 1, items)
 */
export function assignNearest(be: AnyBackend, scores: Tensor, layout: ScoreLayout): { labels: Tensor; best: Tensor } {
  const { batch, items, clusters, itemStride, clusterStride, batchStride } = layout;
  const shape = { batch, rows: 1, cols: items };
  switch (be.kind) {
    case 'cpu': {
      const s = be.view(scores);
      const labels = new Float64Array(batch * items);
      const best = new Float64Array(batch * items);
      for (let z = 0; z < batch; z++) for (let i = 0; i < items; i++) {
        const base = z * batchStride + i * itemStride;
        let bestScore = s[base], bestCluster = 0;
        for (let c = 1; c < clusters; c++) {
          const v = s[base + c * clusterStride];
          if (v < bestScore) (bestScore = v), (bestCluster = c);
        }
        labels[z * items + i] = bestCluster;
        best[z * items + i] = bestScore;
      }
      return { labels: be.upload(labels, shape), best: be.upload(best, shape) };
    }
    case 'webgpu': {
      const gpu = be;
      const labels = gpu.empty(shape);
      const best = gpu.empty(shape);
      const total = batch * items;
      if (total === 0) return { labels, best };
      const pipeline = gpu.pipelines.get({ name: 'cluster_assign', code: clusterAssignWgsl, entryPoint: 'assign_nearest' });
      const { groupsX, groups } = gpu.grid(Math.ceil(total / 256));
      gpu.dispatch(pipeline, [gpu.buffer(scores), gpu.buffer(labels), gpu.buffer(best)], ASSIGN_PARAMS.of({
        items, clusters, itemStride, clusterStride, batchStride, total, groupsX,
      }), groups);
      return { labels, best };
    }
    default:
      return assertNever(be);
  }
}

/**
 * Nearest centroid of every point for every restart: argmin_c ‖x_i − c‖² (the first on ties) and that distance,
 * summed directly (one pass over k·d numbers per point, no Gram matrix).
 * @param x (1, n, d) @param centers (batch, k, d) @returns labels and best, each (batch, 1, n)
 */
export function nearestCentroid(be: AnyBackend, x: Tensor, centers: Tensor): { labels: Tensor; best: Tensor } {
  const { rows: n, cols: d } = x;
  const { batch, rows: k } = centers;
  const shape = { batch, rows: 1, cols: n };
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const p = cpu.view(x), c = cpu.view(centers);
      const labels = new Float64Array(batch * n), best = new Float64Array(batch * n);
      for (let z = 0; z < batch; z++) for (let i = 0; i < n; i++) {
        let bestDistance = 0, bestCluster = 0;
        for (let j = 0; j < k; j++) {
          const base = (z * k + j) * d;
          let s = 0;
          for (let q = 0; q < d; q++) {
            const diff = p[i * d + q] - c[base + q];
            s += diff * diff;
          }
          if (j === 0 || s < bestDistance) (bestDistance = s), (bestCluster = j);
        }
        labels[z * n + i] = bestCluster;
        best[z * n + i] = bestDistance;
      }
      return { labels: cpu.upload(labels, shape), best: cpu.upload(best, shape) };
    }
    case 'webgpu': {
      const gpu = be;
      const labels = gpu.empty(shape), best = gpu.empty(shape);
      const total = batch * n;
      if (total === 0) return { labels, best };
      const pipeline = gpu.pipelines.get({ name: 'cluster_assign', code: clusterAssignWgsl, entryPoint: 'nearest_centroid' });
      const { groupsX, groups } = gpu.grid(Math.ceil(total / 256));
      gpu.dispatch(pipeline, [gpu.buffer(x), gpu.buffer(centers), gpu.buffer(labels), gpu.buffer(best)], NEAREST_PARAMS.of({ items: n, clusters: k, dims: d, total, groupsX }), groups);
      return { labels, best };
    }
    default:
      return assertNever(be);
  }
}

/**
 * One-hot membership from float labels.
 * @param labels (batch, 1, n) @returns (batch, n, k) with a 1 at column labels[i] of row i
 */
export function oneHot(be: AnyBackend, labels: Tensor, k: number): Tensor {
  const { batch, cols: n } = labels;
  const shape = { batch, rows: n, cols: k };
  switch (be.kind) {
    case 'cpu': {
      const l = be.view(labels);
      const out = new Float64Array(batch * n * k);
      for (let r = 0; r < batch * n; r++) if (l[r] >= 0 && l[r] < k) out[r * k + l[r]] = 1;
      return be.upload(out, shape);
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty(shape);
      const total = batch * n * k;
      if (total === 0) return out;
      const pipeline = gpu.pipelines.get({ name: 'cluster_assign', code: clusterAssignWgsl, entryPoint: 'one_hot' });
      const { groupsX, groups } = gpu.grid(Math.ceil(total / 256));
      gpu.dispatch(pipeline, [gpu.buffer(labels), gpu.buffer(out)], SHAPE_PARAMS.of({ items: n, width: k, total, groupsX }), groups);
      return out;
    }
    default:
      return assertNever(be);
  }
}

/**
 * Centroids = per-cluster sums / counts, keeping the previous centroid of an empty cluster.
 * @param sums (batch, k, d) @param counts (batch, 1, k) @param previous (batch, k, d) @returns (batch, k, d)
 */
export function centroidUpdate(be: AnyBackend, sums: Tensor, counts: Tensor, previous: Tensor): Tensor {
  const { batch, rows: k, cols: d } = sums;
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const s = cpu.view(sums), c = cpu.view(counts), p = cpu.view(previous);
      const out = new Float64Array(s.length);
      for (let idx = 0; idx < s.length; idx++) {
        const count = c[Math.floor(idx / d)];
        out[idx] = count > 0 ? s[idx] / count : p[idx];
      }
      return cpu.upload(out, { batch, rows: k, cols: d });
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty({ batch, rows: k, cols: d });
      const total = batch * k * d;
      if (total === 0) return out;
      const pipeline = gpu.pipelines.get({ name: 'cluster_assign', code: clusterAssignWgsl, entryPoint: 'centroid_update' });
      const { groupsX, groups } = gpu.grid(Math.ceil(total / 256));
      gpu.dispatch(pipeline, [gpu.buffer(sums), gpu.buffer(counts), gpu.buffer(previous), gpu.buffer(out)], SHAPE_PARAMS.of({ items: k, width: d, total, groupsX }), groups);
      return out;
    }
    default:
      return assertNever(be);
  }
}

/**
 * Per-cluster masked copies of the data: item c keeps the rows whose label is c and zeroes the others,
 * so Xcᵀ·Xc is cluster c's scatter matrix.
 * @param x (1, n, d) @param labels (1, 1, n) @returns (k, n, d)
 */
export function maskRowsByLabel(be: AnyBackend, x: Tensor, labels: Tensor, k: number): Tensor {
  const { rows: n, cols: d } = x;
  const shape = { batch: k, rows: n, cols: d };
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const src = cpu.view(x), l = cpu.view(labels);
      const out = new Float64Array(k * n * d);
      for (let i = 0; i < n; i++) {
        const c = l[i];
        if (c >= 0 && c < k) out.set(src.subarray(i * d, (i + 1) * d), (c * n + i) * d);
      }
      return cpu.upload(out, shape);
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty(shape);
      const total = k * n * d;
      if (total === 0) return out;
      const pipeline = gpu.pipelines.get({ name: 'cluster_assign', code: clusterAssignWgsl, entryPoint: 'mask_rows' });
      const { groupsX, groups } = gpu.grid(Math.ceil(total / 256));
      gpu.dispatch(pipeline, [gpu.buffer(x), gpu.buffer(labels), gpu.buffer(out)], SHAPE_PARAMS.of({ items: n, width: d, total, groupsX }), groups);
      return out;
    }
    default:
      return assertNever(be);
  }
}
