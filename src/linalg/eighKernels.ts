// Parallel cyclic Jacobi sweeps for symmetric eigenproblems: WGSL on webgpu (jacobi_eigh.wgsl), float64 twin on cpu.
import { assertNever, type AnyBackend, type Tensor } from '../engine/backend';
import jacobiEighWgsl from '../../shaders/linalg/jacobi_eigh.wgsl?raw';
import matrixChecksWgsl from '../../shaders/linalg/matrix_checks.wgsl?raw';
import gatherColumnsWgsl from '../../shaders/linalg/gather_columns.wgsl?raw';
import { MATRIX_CHECKS_PARAMS } from './matrixChecksKernels';
import { uniformLayout } from '../engine/webgpu/uniformLayout';

const EIGH_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/linalg/jacobi_eigh.wgsl'] }, {
  n: 'u32', m: 'u32', round: 'u32', groupsX: 'u32',
});

const GATHER_COLUMNS_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/linalg/gather_columns.wgsl'] }, {
  rows: 'u32', cols: 'u32', total: 'u32', groupsX: 'u32',
});

/** The state of a Jacobi run: `matrix` (batch, n, n) converging to diagonal, `spare` its ping-pong twin, `vectors` V with A₀ = V·matrix·Vᵀ. */
export type JacobiWork = { matrix: Tensor; spare: Tensor; vectors: Tensor };

/** Column blocks and rows of V per invocation of rotate_pairs (override constants of jacobi_eigh.wgsl). */
const BLOCK_SPAN = 8;
const ROW_SPAN = 8;

/** n rounded up to even: the round-robin tournament size (index n is a dummy when n is odd). */
function tournamentSize(n: number): number {
  return n + (n % 2);
}

/** Pair k of round `round` in the circle method, as [p, q] with p < q; mirrors pairOf in jacobi_eigh.wgsl. */
export function pairOf(m: number, round: number, k: number): [number, number] {
  const last = m - 1;
  const a = k === 0 ? last : (round + k) % last;
  const b = k === 0 ? round : (round + last - k) % last;
  return [Math.min(a, b), Math.max(a, b)];
}

/**
 * One sweep: m−1 rounds of m/2 disjoint rotations each, so every off-diagonal pair (p, q) is zeroed once.
 * Returns the work with `matrix` pointing at the latest iterate (the GPU ping-pongs between two buffers).
 * On the GPU a round is one dispatch: each invocation recomputes the angles of its two pairs from the previous
 * iterate and writes one 2×2 block Jpᵀ·A[P, Q]·Jq and its mirror, so the angle, row and column passes fuse
 * without a read/write race; the same dispatch rotates V's columns in place.
 */
export function jacobiSweep(be: AnyBackend, w: JacobiWork): JacobiWork {
  const n = w.matrix.rows;
  const m = tournamentSize(n);
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const a = cpu.view(w.matrix);
      const v = cpu.view(w.vectors);
      for (let z = 0; z < w.matrix.batch; z++) {
        for (let round = 0; round < m - 1; round++) {
          for (let k = 0; k < m / 2; k++) {
            const [p, q] = pairOf(m, round, k);
            if (q < n) rotatePair(a, v, z * n * n, n, p, q);
          }
        }
      }
      return w;
    }
    case 'webgpu': {
      const gpu = be;
      const pipeline = gpu.pipelines.get({
        name: 'jacobi_eigh', code: jacobiEighWgsl, entryPoint: 'rotate_pairs', constants: { BLOCK_SPAN, ROW_SPAN },
      });
      const h = m / 2;
      const invocations = h * Math.ceil(h / BLOCK_SPAN) + h * Math.ceil(n / ROW_SPAN);
      const { groupsX, groups } = gpu.grid(Math.ceil(invocations / 64));
      let { matrix, spare } = w;
      for (let round = 0; round < m - 1; round++) {
        gpu.dispatch(pipeline, [gpu.buffer(matrix), gpu.buffer(spare), gpu.buffer(w.vectors)], EIGH_PARAMS.of({ n, m, round, groupsX }), [
          groups[0], groups[1], w.matrix.batch,
        ]);
        [matrix, spare] = [spare, matrix];
      }
      return { matrix, spare, vectors: w.vectors };
    }
    default:
      return assertNever(be);
  }
}

/**
 * Applies the rotation that zeroes a[p, q] (Golub & Van Loan sym.schur2) to rows, columns and V, in place, in
 * Rutishauser's form x − s·(y + τ·x), τ = s/(1 + c), exactly as jacobi_eigh.wgsl does.
 */
function rotatePair(a: Float64Array, v: Float64Array, base: number, n: number, p: number, q: number): void {
  const apq = a[base + p * n + q];
  if (apq === 0) return;
  const app = a[base + p * n + p];
  const aqq = a[base + q * n + q];
  const theta = (aqq - app) / (2 * apq);
  const t = Math.abs(theta) > 1e150 ? 0.5 / theta : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
  const c = 1 / Math.sqrt(1 + t * t);
  const s = t * c;
  const tau = s / (1 + c);
  for (let j = 0; j < n; j++) {
    if (j === p || j === q) continue;
    const x = a[base + p * n + j];
    const y = a[base + q * n + j];
    a[base + p * n + j] = a[base + j * n + p] = x - s * (y + tau * x);
    a[base + q * n + j] = a[base + j * n + q] = y + s * (x - tau * y);
  }
  a[base + p * n + p] = app - t * apq;
  a[base + q * n + q] = aqq + t * apq;
  a[base + p * n + q] = a[base + q * n + p] = 0;
  for (let i = 0; i < n; i++) {
    const x = v[base + i * n + p];
    const y = v[base + i * n + q];
    v[base + i * n + p] = x - s * (y + tau * x);
    v[base + i * n + q] = y + s * (x - tau * y);
  }
}

/** Progress of each batch item: tensor (batch, 1, n+2) = [Σ_{i≠j} a_ij², Σ a_ij², a_00, …, a_(n−1)(n−1)]. */
export function jacobiProgress(be: AnyBackend, matrix: Tensor): Tensor {
  const n = matrix.rows;
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const a = cpu.view(matrix);
      const out = new Float64Array(matrix.batch * (n + 2));
      for (let z = 0; z < matrix.batch; z++) {
        let offDiagonal = 0, total = 0;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const x = a[z * n * n + i * n + j];
            total += x * x;
            if (i === j) out[z * (n + 2) + 2 + i] = x;
            else offDiagonal += x * x;
          }
        }
        out[z * (n + 2)] = offDiagonal;
        out[z * (n + 2) + 1] = total;
      }
      return cpu.upload(out, { batch: matrix.batch, rows: 1, cols: n + 2 });
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty({ batch: matrix.batch, rows: 1, cols: n + 2 });
      const pipeline = gpu.pipelines.get({ name: 'matrix_checks', code: matrixChecksWgsl, entryPoint: 'jacobi_progress' });
      const { groupsX, groups } = gpu.grid(matrix.batch);
      gpu.dispatch(pipeline, [gpu.buffer(matrix), gpu.buffer(out)], MATRIX_CHECKS_PARAMS.of({ rows: n, cols: n, groupsX, outStride: n + 2, batch: matrix.batch }), groups);
      return out;
    }
    default:
      return assertNever(be);
  }
}

/** dst[z, i, j] = src[z, i, order[z·cols + j]]: columns picked (and reordered) per batch item. */
export function gatherColumns(be: AnyBackend, src: Tensor, order: ArrayLike<number>): Tensor {
  const { batch, rows, cols } = src;
  if (order.length !== batch * cols) throw new RangeError(`gatherColumns: ${order.length} indices for ${batch}×${cols} columns`);
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const s = cpu.view(src);
      const out = new Float64Array(batch * rows * cols);
      for (let z = 0; z < batch; z++) {
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) out[(z * rows + i) * cols + j] = s[(z * rows + i) * cols + order[z * cols + j]];
        }
      }
      return cpu.upload(out, { batch, rows, cols });
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty({ batch, rows, cols });
      const total = batch * rows * cols;
      if (total === 0) return out;
      const indices = gpu.upload(order, { batch, rows: 1, cols });
      const pipeline = gpu.pipelines.get({ name: 'gather_columns', code: gatherColumnsWgsl });
      const { groupsX, groups } = gpu.grid(Math.ceil(total / 256));
      gpu.dispatch(pipeline, [gpu.buffer(src), gpu.buffer(indices), gpu.buffer(out)], GATHER_COLUMNS_PARAMS.of({ rows, cols, total, groupsX }), groups);
      gpu.dispose(indices);
      return out;
    }
    default:
      return assertNever(be);
  }
}
