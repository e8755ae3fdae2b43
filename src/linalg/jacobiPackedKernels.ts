// Jacobi sweeps on rows packed as vec4 (jacobiRoundsPacked in shaders/linalg/jacobi_svd.wgsl): what a software adapter runs fastest.
import type { Backend, Tensor } from '../engine/backend';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { uniformLayout } from '../engine/webgpu/uniformLayout';
import { columnLayout } from './qrKernels';
import { JACOBI_SVD_CODE, jacobiSweep, playersFor } from './jacobiKernels';

const PACKED_PARAMS = uniformLayout({ struct: 'PackedParams', shaders: ['shaders/linalg/jacobi_svd.wgsl'] }, {
  n: 'u32', len4: 'u32', n4: 'u32', players: 'u32', roundStart: 'u32', roundCount: 'u32', offStride: 'u32', tol: 'f32',
});

/** Entries per packed load: rows are padded with zeros to a multiple of this. */
export const PACK = 4;

/** Below this many columns one workgroup per item sweeps faster than a dispatch per round (as in jacobiKernels). */
const ONE_DISPATCH_MAX_COLUMNS = 64;

/**
 * Whether `jacobiSvd` sweeps packed rows on this backend: on a software adapter, where one invocation runs a whole
 * column pair and SwiftShader turns each vec4 load into one gather instead of four (≈2× per sweep). A hardware
 * adapter keeps jacobiRounds' 32 invocations per pair, whose scalar loads already coalesce.
 */
export function sweepsPackedRows(be: Backend): be is WebGpuBackend {
  return be.kind === 'webgpu' && columnLayout(be).threadsPerColumn === 1;
}

/** `cols` rounded up to a multiple of PACK. */
export function packedWidth(cols: number): number {
  return Math.ceil(cols / PACK) * PACK;
}

/**
 * A copy of `t` (batch, rows, cols) with each row zero-padded to packedWidth(cols) entries: t·[I 0], exact in f32.
 * Zeros add nothing to a sum and stay zero under a rotation, so sweeps on the padded rows equal sweeps on `t`.
 * @returns (batch, rows, packedWidth(cols)); the caller owns it
 */
export function padRows(be: Backend, t: Tensor): Tensor {
  const width = packedWidth(t.cols);
  const select = new Float64Array(t.cols * width);
  for (let i = 0; i < t.cols; i++) select[i * width + i] = 1;
  return be.tidy(() => be.matmul(t, be.upload(select, { rows: t.cols, cols: width })));
}

/**
 * How a packed sweep is dispatched (tests force each): `oneDispatch`, one workgroup per batch item runs every round
 * with storage barriers in between (default for batches and n ≤ 64), else a dispatch per round; `workgroupSize`
 * invocations per workgroup (default 64 for one dispatch, else 16), one pair each.
 */
export type PackedPlan = { oneDispatch?: boolean; workgroupSize?: number };

/**
 * One Jacobi sweep over packed rows: the same pairs, order, rotations and test as `jacobiSweep` (whose float64 twin
 * is the oracle: with LANES = PACK it sums each dot product in the same four interleaved lanes). Updates both in place.
 * @param work (batch, n, len) with len a multiple of PACK @param rotations (batch, n, w) with w a multiple of PACK
 * @returns (batch, 1, slots): the largest |γ|/√(αβ) of each item is the max over its slots
 */
export function packedSweep(be: Backend, work: Tensor, rotations: Tensor, tol: number, plan: PackedPlan = {}): Tensor {
  if (work.cols % PACK || rotations.cols % PACK) throw new RangeError(`packedSweep: rows of ${work.cols} and ${rotations.cols} entries; pad them to a multiple of ${PACK}`);
  if (be.kind !== 'webgpu') return jacobiSweep(be, work, rotations, tol);
  const gpu = be;
  const { batch, rows: n, cols: len } = work;
  const players = playersFor(n);
  const rounds = Math.max(1, players - 1);
  const pairs = players / 2;
  const oneDispatch = plan.oneDispatch ?? (batch > 1 || n <= ONE_DISPATCH_MAX_COLUMNS);
  const WG = plan.workgroupSize ?? (oneDispatch ? 64 : 16);
  const groupsX = oneDispatch ? 1 : Math.max(1, Math.ceil(pairs / WG));
  if (batch > gpu.device.limits.maxComputeWorkgroupsPerDimension) throw new RangeError(`packedSweep: a batch of ${batch} is too large for one dispatch`);
  const pipeline = gpu.pipelines.get({ name: 'jacobi_svd', code: JACOBI_SVD_CODE, entryPoint: 'jacobiRoundsPacked', constants: { WG } });
  const offStride = groupsX * WG;
  const off = gpu.fill({ batch, rows: 1, cols: offStride }, 0);
  const buffers = [gpu.buffer(work, 'jacobi work'), gpu.buffer(rotations, 'jacobi rotations'), gpu.buffer(off)];
  const dispatches = oneDispatch ? 1 : rounds;
  for (let d = 0; d < dispatches; d++) {
    gpu.dispatch(pipeline, buffers, PACKED_PARAMS.of({
      n, len4: len / PACK, n4: rotations.cols / PACK, players, roundStart: oneDispatch ? 0 : d, roundCount: oneDispatch ? rounds : 1, offStride, tol,
    }), [groupsX, batch]);
  }
  return off;
}
