// Householder QR kernels (shaders/linalg/householder_qr.wgsl) and their float64 twins for the cpu backend.
import { unsupported, type Backend, type Tensor } from '../engine/backend';
import type { CpuBackend } from '../engine/cpu/cpuBackend';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import householderQrWgsl from '../../shaders/linalg/householder_qr.wgsl?raw';

/** Invocations per workgroup: one workgroup owns one column, so a column of length m takes m/WG loads per invocation. */
const WG = 64;

/**
 * Step j of Householder QR. `work` is Aᵀ, (batch, n, m): row k is column k of A. Applies H_{j−1} (row j−1 of
 * `reflectors`, (batch, n, m)) to columns j..n−1, then builds H_j = I − 2·u·uᵀ from column j into row j of
 * `reflectors` and stores R_jj = ‖x‖ ≥ 0 at entry j of column j. Both tensors are updated in place.
 */
export function householderStep(be: Backend, work: Tensor, reflectors: Tensor, j: number): void {
  switch (be.kind) {
    case 'cpu': return householderStepCpu(be as CpuBackend, work, reflectors, j);
    case 'webgpu': return householderGpu(be as WebGpuBackend, 'householderStep', work, reflectors, j);
    default: return unsupported(be.kind);
  }
}

/**
 * Step j (called for j = n−1 down to 0) of forming thin Q = H_0⋯H_{n−1}·[I; 0], stored transposed in `qWork`
 * (batch, n, m): applies H_j to columns j..n−1, column j starting as e_j. Updates `qWork` in place.
 */
export function householderAccumulate(be: Backend, qWork: Tensor, reflectors: Tensor, j: number): void {
  switch (be.kind) {
    case 'cpu': return householderAccumulateCpu(be as CpuBackend, qWork, reflectors, j);
    case 'webgpu': return householderGpu(be as WebGpuBackend, 'householderAccumulate', qWork, reflectors, j);
    default: return unsupported(be.kind);
  }
}

/** The upper-triangular R, (batch, n, n), out of the factored `work` (batch, n, m): R[i][k] = work[k][i] for i ≤ k. */
export function extractR(be: Backend, work: Tensor): Tensor {
  switch (be.kind) {
    case 'cpu': return extractRCpu(be as CpuBackend, work);
    case 'webgpu': return extractRGpu(be as WebGpuBackend, work);
    default: return unsupported(be.kind);
  }
}

// ---- webgpu ----

function householderGpu(be: WebGpuBackend, entryPoint: 'householderStep' | 'householderAccumulate', work: Tensor, reflectors: Tensor, j: number): void {
  const { batch, rows: n, cols: m } = work;
  if (batch * m === 0 || j >= n) return;
  const pipeline = be.pipelines.get({ name: 'householder_qr', code: householderQrWgsl, entryPoint, constants: { WG } });
  be.dispatch(pipeline, [be.buffer(work, entryPoint), be.buffer(reflectors, entryPoint)], [m, n, j, 0], [n - j, batch]);
}

function extractRGpu(be: WebGpuBackend, work: Tensor): Tensor {
  const { batch, rows: n, cols: m } = work;
  const r = be.empty({ batch, rows: n, cols: n });
  const total = batch * n * n;
  if (total === 0) return r;
  const pipeline = be.pipelines.get({ name: 'householder_qr', code: householderQrWgsl, entryPoint: 'extractR', constants: { WG } });
  const { groupsX, groups } = be.grid(Math.ceil(total / 256));
  be.dispatch(pipeline, [be.buffer(work, 'extractR'), be.buffer(r)], [m, n, total, groupsX], groups);
  return r;
}

// ---- float64 twins: the same arithmetic, one column at a time ----

function householderStepCpu(be: CpuBackend, work: Tensor, reflectors: Tensor, j: number): void {
  const W = be.view(work);
  const U = be.view(reflectors);
  const { batch, rows: n, cols: m } = work;
  if (j >= n) return;
  for (let z = 0; z < batch; z++) {
    const item = z * n * m;
    if (j > 0) {
      const u = item + (j - 1) * m;
      for (let k = j; k < n; k++) {
        const col = item + k * m;
        let d = 0;
        for (let i = j - 1; i < m; i++) d += U[u + i] * W[col + i];
        const w = 2 * d;
        for (let i = j - 1; i < m; i++) W[col + i] -= w * U[u + i];
      }
    }
    const col = item + j * m;
    const u = item + j * m;
    let sigma = 0;
    for (let i = j + 1; i < m; i++) sigma += W[col + i] * W[col + i];
    const x0 = W[col + j];
    const norm = Math.sqrt(x0 * x0 + sigma);
    const v0 = x0 > 0 ? -sigma / (x0 + norm) : x0 - norm;
    const vv = v0 * v0 + sigma;
    const inv = vv > 0 ? 1 / Math.sqrt(vv) : 0;
    for (let i = j + 1; i < m; i++) U[u + i] = W[col + i] * inv;
    U[u + j] = v0 * inv;
    W[col + j] = norm;
  }
}

function householderAccumulateCpu(be: CpuBackend, qWork: Tensor, reflectors: Tensor, j: number): void {
  const Q = be.view(qWork);
  const U = be.view(reflectors);
  const { batch, rows: n, cols: m } = qWork;
  if (j >= n) return;
  for (let z = 0; z < batch; z++) {
    const item = z * n * m;
    const u = item + j * m;
    const uj = U[u + j];
    const first = item + j * m;
    for (let i = 0; i < m; i++) Q[first + i] = (i === j ? 1 : 0) - (i >= j ? 2 * U[u + i] * uj : 0);
    for (let k = j + 1; k < n; k++) {
      const col = item + k * m;
      let d = 0;
      for (let i = j; i < m; i++) d += U[u + i] * Q[col + i];
      const w = 2 * d;
      for (let i = j; i < m; i++) Q[col + i] -= w * U[u + i];
    }
  }
}

function extractRCpu(be: CpuBackend, work: Tensor): Tensor {
  const W = be.view(work);
  const { batch, rows: n, cols: m } = work;
  const r = new Float64Array(batch * n * n);
  for (let z = 0; z < batch; z++) {
    for (let i = 0; i < n; i++) for (let k = i; k < n; k++) r[(z * n + i) * n + k] = W[z * n * m + k * m + i];
  }
  return be.upload(r, { batch, rows: n, cols: n });
}
