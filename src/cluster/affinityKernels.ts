// Affinity kernels: squared distances from a Gram matrix, top-k per line (kNN graphs, sparse coefficients), symmetrization.
import { assertNever, type AnyBackend, type Backend, type Tensor } from '../engine/backend';
import pairwiseDistancesWgsl from '../../shaders/cluster/pairwise_distances.wgsl?raw';
import topKSelectWgsl from '../../shaders/cluster/top_k_select.wgsl?raw';
import symmetrizeWgsl from '../../shaders/cluster/symmetrize.wgsl?raw';
import { uniformLayout } from '../engine/webgpu/uniformLayout';

const DISTANCE_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/cluster/pairwise_distances.wgsl'] }, {
  rows: 'u32', cols: 'u32', total: 'u32', groupsX: 'u32', xxStride: 'u32', yyStride: 'u32', _pad0: 'u32', _pad1: 'u32',
});

const TOP_K_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/cluster/top_k_select.wgsl'] }, {
  lines: 'u32', length: 'u32', lineStride: 'u32', elemStride: 'u32', batchStride: 'u32', total: 'u32', k: 'u32', groupsX: 'u32',
});

const SYMMETRIZE_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/cluster/symmetrize.wgsl'] }, {
  n: 'u32', total: 'u32', groupsX: 'u32', scale: 'f32',
});

/** Largest k the top-k kernel keeps per line (its insertion list lives in registers). */
export const MAX_TOP_K = 64;

/**
 * Squared Euclidean distances ‖x_i − y_j‖² between the rows of x and y, as ‖x‖² + ‖y‖² − 2·X·Yᵀ clamped at 0.
 * @param x (bx, n, d) and y (by, m, d); either batch may be 1 (broadcast)
 * @returns (max(bx, by), n, m)
 */
export function squaredDistances(be: Backend, x: Tensor, y: Tensor): Tensor {
  return be.tidy(() => {
    const gram = be.matmul(x, y, { transB: true });
    const xx = be.reduce('sumSquares', x, 'perRow');
    const yy = be.reduce('sumSquares', y, 'perRow');
    return distancesFromGram(be, gram, xx, yy);
  });
}

/** dist = max(xx_i + yy_j − 2·gram_ij, 0); gram (b, n, m), xx (1 or b, n, 1), yy (1 or b, m, 1). */
export function distancesFromGram(be: AnyBackend, gram: Tensor, xx: Tensor, yy: Tensor): Tensor {
  const { batch, rows, cols } = gram;
  const xxStride = xx.batch > 1 ? rows : 0;
  const yyStride = yy.batch > 1 ? cols : 0;
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const g = cpu.view(gram), a = cpu.view(xx), b = cpu.view(yy);
      const out = new Float64Array(g.length);
      for (let z = 0; z < batch; z++) for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
        const idx = (z * rows + i) * cols + j;
        out[idx] = Math.max(a[z * xxStride + i] + b[z * yyStride + j] - 2 * g[idx], 0);
      }
      return cpu.upload(out, { batch, rows, cols });
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty({ batch, rows, cols });
      const total = batch * rows * cols;
      if (total === 0) return out;
      const pipeline = gpu.pipelines.get({ name: 'pairwise_distances', code: pairwiseDistancesWgsl });
      const { groupsX, groups } = gpu.grid(Math.ceil(total / 256));
      gpu.dispatch(pipeline, [gpu.buffer(gram), gpu.buffer(xx), gpu.buffer(yy), gpu.buffer(out)], DISTANCE_PARAMS.of({
        rows, cols, total, groupsX, xxStride, yyStride,
      }), groups);
      return out;
    }
    default:
      return assertNever(be);
  }
}

/** What a top-k selection keeps: the k smallest values as 1s (a kNN graph), or the k largest |values| as they are. */
export type TopKMode = 'nearest' | 'largestMagnitude';

/**
 * Keeps the k best entries of every row (axis 'rows') or column (axis 'columns') of each batch item, zeroing the
 * rest. 'nearest' writes 1 at the k smallest entries (a kNN connectivity row when a holds distances);
 * 'largestMagnitude' keeps the k entries of largest |value| (sparsifying self-expression coefficients).
 * Ties keep the lower index. k is clamped to the line length and must be ≤ MAX_TOP_K.
 * @param a (batch, rows, cols) @returns (batch, rows, cols)
 */
export function topKPerLine(be: AnyBackend, a: Tensor, k: number, mode: TopKMode, axis: 'rows' | 'columns'): Tensor {
  const { batch, rows, cols } = a;
  const byRow = axis === 'rows';
  const lines = byRow ? rows : cols;
  const length = byRow ? cols : rows;
  const kept = Math.min(k, length);
  if (!Number.isInteger(k) || k < 1 || kept > MAX_TOP_K) throw new RangeError(`topKPerLine: k must be an integer in [1, ${MAX_TOP_K}], got ${k}`);
  const lineStride = byRow ? cols : 1;
  const elemStride = byRow ? 1 : cols;
  const batchStride = rows * cols;
  switch (be.kind) {
    case 'cpu': {
      const src = be.view(a);
      const out = new Float64Array(src.length);
      const keys = new Float64Array(kept);
      const picks = new Int32Array(kept);
      for (let z = 0; z < batch; z++) for (let line = 0; line < lines; line++) {
        const base = z * batchStride + line * lineStride;
        let count = 0;
        for (let e = 0; e < length; e++) {
          const v = src[base + e * elemStride];
          const key = mode === 'nearest' ? -v : Math.abs(v);
          let pos: number;
          if (count < kept) pos = count++;
          else if (key > keys[kept - 1]) pos = kept - 1;
          else continue;
          while (pos > 0 && keys[pos - 1] < key) {
            keys[pos] = keys[pos - 1];
            picks[pos] = picks[pos - 1];
            pos--;
          }
          keys[pos] = key;
          picks[pos] = e;
        }
        for (let p = 0; p < count; p++) {
          const at = base + picks[p] * elemStride;
          out[at] = mode === 'nearest' ? 1 : src[at];
        }
      }
      return be.upload(out, { batch, rows, cols });
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty({ batch, rows, cols });
      const total = batch * lines;
      if (total === 0 || length === 0) return out;
      const pipeline = gpu.pipelines.get({ name: 'top_k_select', code: topKSelectWgsl, constants: { MODE: mode === 'nearest' ? 0 : 1 } });
      const { groupsX, groups } = gpu.grid(Math.ceil(total / 64));
      gpu.dispatch(pipeline, [gpu.buffer(a), gpu.buffer(out)], TOP_K_PARAMS.of({ lines, length, lineStride, elemStride, batchStride, total, k: kept, groupsX }), groups);
      return out;
    }
    default:
      return assertNever(be);
  }
}

/**
 * Symmetric affinity from square matrices: scale·(f(A) + f(A)ᵀ) with f = |·| when `absolute`.
 * |C| + |C|ᵀ for self-expression (absolute, scale 1); ½(A + Aᵀ) for a kNN graph (scale ½).
 * @param a (batch, n, n) @returns (batch, n, n), with a zero diagonal when `zeroDiagonal`
 */
export function symmetrizeAffinity(be: AnyBackend, a: Tensor, o: { absolute: boolean; scale?: number; zeroDiagonal?: boolean }): Tensor {
  const { batch, rows: n, cols } = a;
  if (n !== cols) throw new RangeError(`symmetrizeAffinity: expected square matrices, got ${n}×${cols}`);
  const scale = o.scale ?? 1;
  switch (be.kind) {
    case 'cpu': {
      const src = be.view(a);
      const out = new Float64Array(src.length);
      const f = o.absolute ? Math.abs : (x: number) => x;
      for (let z = 0; z < batch; z++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        const base = z * n * n;
        out[base + i * n + j] = o.zeroDiagonal && i === j ? 0 : scale * (f(src[base + i * n + j]) + f(src[base + j * n + i]));
      }
      return be.upload(out, { batch, rows: n, cols: n });
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty({ batch, rows: n, cols: n });
      const total = batch * n * n;
      if (total === 0) return out;
      const pipeline = gpu.pipelines.get({
        name: 'symmetrize', code: symmetrizeWgsl, constants: { ABS: o.absolute ? 1 : 0, ZERO_DIAGONAL: o.zeroDiagonal ? 1 : 0 },
      });
      const { groupsX, groups } = gpu.grid(Math.ceil(total / 256));
      gpu.dispatch(pipeline, [gpu.buffer(a), gpu.buffer(out)], SYMMETRIZE_PARAMS.of({ n, total, groupsX, scale }), groups);
      return out;
    }
    default:
      return assertNever(be);
  }
}
