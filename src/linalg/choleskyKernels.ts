// Right-looking Cholesky factorization: WGSL on webgpu (cholesky.wgsl), float64 twin on cpu; no host reads here.
import { assertNever, type AnyBackend, type Tensor } from '../engine/backend';
import choleskyWgsl from '../../shaders/linalg/cholesky.wgsl?raw';
import { uniformLayout } from '../engine/webgpu/uniformLayout';

const CHOLESKY_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/linalg/cholesky.wgsl'] }, {
  n: 'u32', k: 'u32', span: 'u32', _pad: 'u32',
});

/**
 * Factors each batch item of the SPD matrix a (batch, n, n), reading only its lower triangle.
 * Returns factor L (batch, n, n), lower triangular with zeros above, and pivots (batch, 1, n) with d_k = L_kk².
 * A pivot ≤ 0 or NaN means a is not positive definite; the factor's later columns are then meaningless.
 */
export function choleskyFactor(be: AnyBackend, a: Tensor): { factor: Tensor; pivots: Tensor } {
  const { batch, rows: n } = a;
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const work = cpu.view(a).slice();
      const factor = new Float64Array(batch * n * n);
      const pivots = new Float64Array(batch * n);
      for (let z = 0; z < batch; z++) {
        const base = z * n * n;
        for (let k = 0; k < n; k++) {
          const pivot = work[base + k * n + k];
          pivots[z * n + k] = pivot;
          const root = Math.sqrt(pivot);
          for (let i = k; i < n; i++) factor[base + i * n + k] = work[base + i * n + k] / root;
          for (let i = k + 1; i < n; i++) {
            const lik = work[base + i * n + k];
            for (let j = k + 1; j <= i; j++) work[base + i * n + j] -= lik * (work[base + j * n + k] / pivot);
          }
        }
      }
      return {
        factor: cpu.upload(factor, { batch, rows: n, cols: n }),
        pivots: cpu.upload(pivots, { batch, rows: 1, cols: n }),
      };
    }
    case 'webgpu': {
      const gpu = be;
      const work = gpu.slice(a, 0, 0, n, n);
      const factor = gpu.fill({ batch, rows: n, cols: n }, 0);
      const pivots = gpu.empty({ batch, rows: 1, cols: n });
      const pipeline = gpu.pipelines.get({ name: 'cholesky', code: choleskyWgsl, entryPoint: 'eliminate_column' });
      for (let k = 0; k < n; k++) {
        const span = n - k;
        const tiles = Math.ceil(span / 8);
        gpu.dispatch(pipeline, [gpu.buffer(work), gpu.buffer(factor), gpu.buffer(pivots)], CHOLESKY_PARAMS.of({ n, k, span }), [tiles, tiles, batch]);
      }
      gpu.dispose(work);
      return { factor, pivots };
    }
    default:
      return assertNever(be);
  }
}
