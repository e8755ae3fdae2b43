// Substitution and elimination kernels behind solve: WGSL on webgpu (triangular_solve.wgsl, lu_solve.wgsl), float64 twins on cpu.
import { assertNever, type AnyBackend, type Tensor } from '../engine/backend';
import triangularSolveWgsl from '../../shaders/linalg/triangular_solve.wgsl?raw';
import luSolveWgsl from '../../shaders/linalg/lu_solve.wgsl?raw';
import { uniformLayout } from '../engine/webgpu/uniformLayout';

const TRIANGULAR_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/linalg/triangular_solve.wgsl'] }, {
  n: 'u32', k: 'u32', triStride: 'u32', forward: 'u32', transpose: 'u32', _pad0: 'u32', _pad1: 'u32', _pad2: 'u32',
});

const LU_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/linalg/lu_solve.wgsl'] }, {
  n: 'u32', r: 'u32', k: 'u32', groupsX: 'u32',
});

/**
 * X with op(T)·X = B by substitution, one column of B at a time. tri: (1 or batch, n, n); rhs: (batch, n, k).
 * `forward` when op(T) is lower triangular; `transpose` uses Tᵀ. Only op(T)'s triangle is read.
 */
export function substitute(be: AnyBackend, tri: Tensor, rhs: Tensor, forward: boolean, transpose: boolean): Tensor {
  const { batch, rows: n, cols: k } = rhs;
  const triStride = tri.batch === 1 ? 0 : n * n;
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const t = cpu.view(tri);
      const b = cpu.view(rhs);
      const x = new Float64Array(batch * n * k);
      for (let z = 0; z < batch; z++) {
        const tb = z * triStride;
        const xb = z * n * k;
        const at = (i: number, j: number) => (transpose ? t[tb + j * n + i] : t[tb + i * n + j]);
        for (let c = 0; c < k; c++) {
          for (let step = 0; step < n; step++) {
            const i = forward ? step : n - 1 - step;
            let s = b[xb + i * k + c];
            if (forward) for (let j = 0; j < i; j++) s -= at(i, j) * x[xb + j * k + c];
            else for (let j = i + 1; j < n; j++) s -= at(i, j) * x[xb + j * k + c];
            x[xb + i * k + c] = s / at(i, i);
          }
        }
      }
      return cpu.upload(x, { batch, rows: n, cols: k });
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty({ batch, rows: n, cols: k });
      if (n * k === 0) return out;
      const pipeline = gpu.pipelines.get({ name: 'triangular_solve', code: triangularSolveWgsl });
      gpu.dispatch(
        pipeline,
        [gpu.buffer(tri), gpu.buffer(rhs), gpu.buffer(out)],
        TRIANGULAR_PARAMS.of({ n, k, triStride, forward: forward ? 1 : 0, transpose: transpose ? 1 : 0 }),
        [Math.ceil(k / 64), 1, batch],
      );
      return out;
    }
    default:
      return assertNever(be);
  }
}

/**
 * Gaussian elimination with partial pivoting on [A | B]: a (batch, n, n), b (batch, n, r).
 * Returns lu (batch, n, n) whose upper triangle is U (entries below it are scratch) and rhs (batch, n, r) = L⁻¹·P·B,
 * so that A·X = B ⇔ U·X = rhs. A zero or non-finite diagonal of U means A is singular.
 */
export function luEliminate(be: AnyBackend, a: Tensor, b: Tensor): { lu: Tensor; rhs: Tensor } {
  const { batch, rows: n } = a;
  const r = b.cols;
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const lu = cpu.view(a).slice();
      const rhs = cpu.view(b).slice();
      for (let z = 0; z < batch; z++) {
        const base = z * n * n;
        const rBase = z * n * r;
        for (let k = 0; k < n; k++) {
          let p = k;
          for (let i = k + 1; i < n; i++) if (Math.abs(lu[base + i * n + k]) > Math.abs(lu[base + p * n + k])) p = i;
          if (p !== k) {
            for (let j = k; j < n; j++) swap(lu, base + k * n + j, base + p * n + j);
            for (let j = 0; j < r; j++) swap(rhs, rBase + k * r + j, rBase + p * r + j);
          }
          const pivot = lu[base + k * n + k];
          for (let i = k + 1; i < n; i++) {
            const multiplier = lu[base + i * n + k] / pivot;
            for (let j = k + 1; j < n; j++) lu[base + i * n + j] -= multiplier * lu[base + k * n + j];
            for (let j = 0; j < r; j++) rhs[rBase + i * r + j] -= multiplier * rhs[rBase + k * r + j];
          }
        }
      }
      return { lu: cpu.upload(lu, { batch, rows: n, cols: n }), rhs: cpu.upload(rhs, { batch, rows: n, cols: r }) };
    }
    case 'webgpu': {
      const gpu = be;
      const lu = gpu.slice(a, 0, 0, n, n);
      const rhs = gpu.slice(b, 0, 0, n, r);
      const swapRows = gpu.pipelines.get({ name: 'lu_solve', code: luSolveWgsl, entryPoint: 'pivot_swap' });
      const eliminate = gpu.pipelines.get({ name: 'lu_solve', code: luSolveWgsl, entryPoint: 'eliminate' });
      const buffers = [gpu.buffer(lu), gpu.buffer(rhs)];
      for (let k = 0; k < n; k++) {
        gpu.dispatch(swapRows, buffers, LU_PARAMS.of({ n, r, k, groupsX: 1 }), [1, 1, batch]);
        const below = n - k - 1;
        if (below === 0) continue;
        const { groupsX, groups } = gpu.grid(Math.ceil((below * (below + r)) / 64));
        gpu.dispatch(eliminate, buffers, LU_PARAMS.of({ n, r, k, groupsX }), [groups[0], groups[1], batch]);
      }
      return { lu, rhs };
    }
    default:
      return assertNever(be);
  }
}

function swap(v: Float64Array, i: number, j: number): void {
  const t = v[i];
  v[i] = v[j];
  v[j] = t;
}
