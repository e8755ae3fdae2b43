// Householder QR kernels (shaders/linalg/householder_qr.wgsl) and their float64 twins for the cpu backend.
import { assertNever, type AnyBackend, type Tensor } from '../engine/backend';
import type { CpuBackend } from '../engine/cpu/cpuBackend';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import householderQrWgsl from '../../shaders/linalg/householder_qr.wgsl?raw';
import { uniformLayout } from '../engine/webgpu/uniformLayout';

const QR_STEP_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/linalg/householder_qr.wgsl'] }, {
  rows: 'u32', cols: 'u32', step: 'u32', _pad: 'u32',
});

const QR_EXTRACT_PARAMS = uniformLayout({ struct: 'ExtractParams', shaders: ['shaders/linalg/householder_qr.wgsl'] }, {
  rows: 'u32', cols: 'u32', total: 'u32', groupsX: 'u32',
});

/**
 * How a column kernel spreads work: `threadsPerColumn` invocations share one column (a power of two dividing
 * `workgroupSize`). One thread per column needs no barriers, which software adapters (SwiftShader) run ~20× faster;
 * hardware GPUs want several threads per column for coalesced loads.
 */
export type ColumnLayout = { workgroupSize: number; threadsPerColumn: number };

/** The layout that suits this device. */
export function columnLayout(be: WebGpuBackend): ColumnLayout {
  return be.info.fallback ? { workgroupSize: 16, threadsPerColumn: 1 } : { workgroupSize: 64, threadsPerColumn: 32 };
}

/** Throws unless both sizes are powers of two, threadsPerColumn divides workgroupSize, and the device allows it. */
export function checkLayout(be: WebGpuBackend, { workgroupSize, threadsPerColumn }: ColumnLayout): void {
  const pow2 = (x: number) => Number.isInteger(x) && x > 0 && (x & (x - 1)) === 0;
  if (!pow2(workgroupSize) || !pow2(threadsPerColumn) || threadsPerColumn > workgroupSize || workgroupSize > be.limits.maxInvocations) {
    throw new RangeError(`column layout ${workgroupSize}/${threadsPerColumn}: need powers of two, threadsPerColumn ≤ workgroupSize ≤ ${be.limits.maxInvocations}`);
  }
}

/**
 * Step j of Householder QR. `work` is Aᵀ, (batch, n, m): row k is column k of A. Applies H_{j−1} (row j−1 of
 * `reflectors`, (batch, n, m)) to columns j..n−1, then builds H_j = I − 2·u·uᵀ from column j into row j of
 * `reflectors` and stores R_jj = ‖x‖ ≥ 0 at entry j of column j. Both tensors are updated in place.
 */
export function householderStep(be: AnyBackend, work: Tensor, reflectors: Tensor, j: number, layout?: ColumnLayout): void {
  switch (be.kind) {
    case 'cpu': return householderStepCpu(be, work, reflectors, j);
    case 'webgpu': return householderGpu(be, 'householderStep', work, reflectors, j, layout);
    default: return assertNever(be);
  }
}

/**
 * Step j (called for j = n−1 down to 0) of forming thin Q = H_0⋯H_{n−1}·[I; 0], stored transposed in `qWork`
 * (batch, n, m): applies H_j to columns j..n−1, column j starting as e_j. Updates `qWork` in place.
 */
export function householderAccumulate(be: AnyBackend, qWork: Tensor, reflectors: Tensor, j: number, layout?: ColumnLayout): void {
  switch (be.kind) {
    case 'cpu': return householderAccumulateCpu(be, qWork, reflectors, j);
    case 'webgpu': return householderGpu(be, 'householderAccumulate', qWork, reflectors, j, layout);
    default: return assertNever(be);
  }
}

/** The upper-triangular R, (batch, n, n), out of the factored `work` (batch, n, m): R[i][k] = work[k][i] for i ≤ k. */
export function extractR(be: AnyBackend, work: Tensor): Tensor {
  switch (be.kind) {
    case 'cpu': return extractRCpu(be, work);
    case 'webgpu': return extractRGpu(be, work);
    default: return assertNever(be);
  }
}

// ---- webgpu ----

function householderGpu(
  be: WebGpuBackend, entryPoint: 'householderStep' | 'householderAccumulate', work: Tensor, reflectors: Tensor, j: number,
  layout = columnLayout(be),
): void {
  const { batch, rows: n, cols: m } = work;
  if (batch * m === 0 || j >= n) return;
  checkLayout(be, layout);
  if (batch > be.device.limits.maxComputeWorkgroupsPerDimension) throw new RangeError(`qr: a batch of ${batch} is too large for one dispatch`);
  const { workgroupSize: WG, threadsPerColumn: T } = layout;
  const pipeline = be.pipelines.get({ name: 'householder_qr', code: householderQrWgsl, entryPoint, constants: { WG, T } });
  be.dispatch(pipeline, [be.buffer(work, entryPoint), be.buffer(reflectors, entryPoint)], QR_STEP_PARAMS.of({ rows: m, cols: n, step: j }), [Math.ceil((n - j) / (WG / T)), batch]);
}

function extractRGpu(be: WebGpuBackend, work: Tensor): Tensor {
  const { batch, rows: n, cols: m } = work;
  const r = be.empty({ batch, rows: n, cols: n });
  const total = batch * n * n;
  if (total === 0) return r;
  const pipeline = be.pipelines.get({ name: 'householder_qr', code: householderQrWgsl, entryPoint: 'extractR' });
  const { groupsX, groups } = be.grid(Math.ceil(total / 256));
  be.dispatch(pipeline, [be.buffer(work, 'extractR'), be.buffer(r)], QR_EXTRACT_PARAMS.of({ rows: m, cols: n, total, groupsX }), groups);
  return r;
}

// ---- float64 twins: the same arithmetic, one column at a time ----

/**
 * Σ x[a+i]·y[b+i], i < count, in four interleaved partial sums (the order of T = 4 invocations per column): four
 * independent chains of additions run ~2× faster in JS than one, and a float64 sum loses nothing that matters here.
 */
function dotLanes(x: Float64Array, a: number, y: Float64Array, b: number, count: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const body = count - (count % 4);
  let i = 0;
  for (; i < body; i += 4) {
    s0 += x[a + i] * y[b + i];
    s1 += x[a + i + 1] * y[b + i + 1];
    s2 += x[a + i + 2] * y[b + i + 2];
    s3 += x[a + i + 3] * y[b + i + 3];
  }
  if (i < count) s0 += x[a + i] * y[b + i];
  if (i + 1 < count) s1 += x[a + i + 1] * y[b + i + 1];
  if (i + 2 < count) s2 += x[a + i + 2] * y[b + i + 2];
  return (s0 + s2) + (s1 + s3);
}

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
        const w = 2 * dotLanes(U, u + j - 1, W, col + j - 1, m - j + 1);
        for (let i = j - 1; i < m; i++) W[col + i] -= w * U[u + i];
      }
    }
    const col = item + j * m;
    const u = item + j * m;
    const sigma = dotLanes(W, col + j + 1, W, col + j + 1, m - j - 1);
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
      const w = 2 * dotLanes(U, u + j, Q, col + j, m - j);
      for (let i = j; i < m; i++) Q[col + i] -= w * U[u + i];
    }
  }
}

function extractRCpu(be: CpuBackend, work: Tensor): Tensor {
  const W = be.view(work);
  const { batch, rows: n, cols: m } = work;
  const t = be.fill({ batch, rows: n, cols: n }, 0); // written in place: an upload would copy it once more
  const r = be.view(t);
  for (let z = 0; z < batch; z++) {
    for (let i = 0; i < n; i++) for (let k = i; k < n; k++) r[(z * n + i) * n + k] = W[z * n * m + k * m + i];
  }
  return t;
}
