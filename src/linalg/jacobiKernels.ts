// One-sided Jacobi SVD kernels (shaders/linalg/jacobi_svd.wgsl) and their float64 twins for the cpu backend.
import { assertNever, type AnyBackend, type Tensor } from '../engine/backend';
import type { CpuBackend } from '../engine/cpu/cpuBackend';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { checkLayout, columnLayout, type ColumnLayout } from './qrKernels';
import jacobiSvdWgsl from '../../shaders/linalg/jacobi_svd.wgsl?raw';
import flatIndexWgsl from '../../shaders/common/snippets/flat_index.wgsl?raw';
import laneSumWgsl from '../../shaders/common/snippets/lane_sum.wgsl?raw';
import jacobiRotationWgsl from '../../shaders/common/snippets/jacobi_rotation.wgsl?raw';
import { composeWgsl } from '../engine/webgpu/composeWgsl';
import { LANES, ROWS_START_BYTES, rowKernels } from './jacobiRowKernels';
import { uniformLayout } from '../engine/webgpu/uniformLayout';

const JACOBI_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/linalg/jacobi_svd.wgsl'] }, {
  n: 'u32', len: 'u32', players: 'u32', pairsPerGroup: 'u32', roundStart: 'u32', roundCount: 'u32', offStride: 'u32', _pad0: 'u32', tol: 'f32', _pad1: 'u32', _pad2: 'u32', _pad3: 'u32',
});

const JACOBI_GATHER_PARAMS = uniformLayout({ struct: 'GatherParams', shaders: ['shaders/linalg/jacobi_svd.wgsl'] }, {
  len: 'u32', srcRows: 'u32', r: 'u32', total: 'u32',
});

export const JACOBI_SVD_CODE = composeWgsl(flatIndexWgsl, laneSumWgsl, jacobiRotationWgsl, jacobiSvdWgsl);

export { jacobiRowKernelsInUse, overrideJacobiRowKernels } from './jacobiRowKernels';

/**
 * How a sweep is dispatched on the GPU. `oneDispatch`: one workgroup per batch item runs every round with storage
 * barriers in between (one dispatch per sweep, for batches and small matrices); otherwise one dispatch per round,
 * with the pairs of a round spread over workgroups.
 */
export type SweepPlan = { layout: ColumnLayout; oneDispatch: boolean };

/** Below this many columns one workgroup per item sweeps faster than a dispatch per round. */
const ONE_DISPATCH_MAX_COLUMNS = 64;

/** The sweep plan that suits this device and shape. */
export function sweepPlan(be: WebGpuBackend, work: Tensor): SweepPlan {
  const oneDispatch = work.batch > 1 || work.rows <= ONE_DISPATCH_MAX_COLUMNS;
  const layout = columnLayout(be);
  if (!oneDispatch) return { layout, oneDispatch };
  // One workgroup holds every pair of its item, so make it wide: 64 pairs at once, or 8 with 32 threads each.
  return { layout: { ...layout, workgroupSize: layout.threadsPerColumn === 1 ? 64 : 256 }, oneDispatch };
}

/** Number of round-robin players for n columns: n rounded up to even, so every round pairs all of them. */
export function playersFor(n: number): number {
  return n + (n & 1);
}

/**
 * One Jacobi sweep: every pair of rows of `work` (batch, n, len) meets once, in n−1 (or n) rounds of disjoint
 * pairs. Each pair (p, q) with |γ|/√(αβ) ≥ tol (α = ‖w_p‖², β = ‖w_q‖², γ = w_p·w_q) is rotated to orthogonality,
 * and the same rotation is applied to rows p, q of `rotations` (batch, n, w), w = n or more. Both are updated in place.
 * @returns (batch, 1, slots): the largest |γ|/√(αβ) seen this sweep is the max over each item's slots
 */
export function jacobiSweep(be: AnyBackend, work: Tensor, rotations: Tensor, tol: number, plan?: SweepPlan): Tensor {
  switch (be.kind) {
    case 'cpu': return jacobiSweepCpu(be, work, rotations, tol);
    case 'webgpu': return jacobiSweepGpu(be, work, rotations, tol, plan);
    default: return assertNever(be);
  }
}

/**
 * Sorted, scaled columns out of rows: gathered (batch, len, r) has column c = row table[z][0][c] of `rows`
 * (batch, count, len) times table[z][1][c]. `table` is (batch, 2, r), row indices stored as floats.
 */
export function gatherColumns(be: AnyBackend, rows: Tensor, table: Tensor): Tensor {
  switch (be.kind) {
    case 'cpu': return gatherColumnsCpu(be, rows, table);
    case 'webgpu': return gatherColumnsGpu(be, rows, table);
    default: return assertNever(be);
  }
}

// ---- webgpu ----

function jacobiSweepGpu(be: WebGpuBackend, work: Tensor, rotations: Tensor, tol: number, plan = sweepPlan(be, work)): Tensor {
  const { batch, rows: n, cols: len } = work;
  const players = playersFor(n);
  const rounds = Math.max(1, players - 1);
  const pairs = players / 2;
  checkLayout(be, plan.layout);
  const { workgroupSize: WG, threadsPerColumn: T } = plan.layout;
  const pipeline = be.pipelines.get({ name: 'jacobi_svd', code: JACOBI_SVD_CODE, entryPoint: 'jacobiRounds', constants: { WG, T } });
  const pairsPerGroup = plan.oneDispatch ? Math.max(1, pairs) : WG / T;
  const groupsX = Math.max(1, Math.ceil(pairs / pairsPerGroup));
  if (batch > be.device.limits.maxComputeWorkgroupsPerDimension) throw new RangeError(`jacobiSweep: a batch of ${batch} is too large for one dispatch`);
  const offStride = groupsX * WG;
  const off = be.fill({ batch, rows: 1, cols: offStride }, 0);
  const buffers = [be.buffer(work, 'jacobi work'), be.buffer(rotations, 'jacobi rotations'), be.buffer(off)];
  const dispatches = plan.oneDispatch ? 1 : rounds;
  for (let d = 0; d < dispatches; d++) {
    const roundStart = plan.oneDispatch ? 0 : d;
    const roundCount = plan.oneDispatch ? rounds : 1;
    be.dispatch(pipeline, buffers, JACOBI_PARAMS.of({
      n, len, players, pairsPerGroup, roundStart, roundCount, offStride, tol,
    }), [groupsX, batch]);
  }
  return off;
}

function gatherColumnsGpu(be: WebGpuBackend, rows: Tensor, table: Tensor): Tensor {
  const { batch, rows: count, cols: len } = rows;
  const r = table.cols;
  const out = be.empty({ batch, rows: len, cols: r });
  const total = batch * len * r;
  if (total === 0) return out;
  be.dispatchFlat({ name: 'jacobi_svd', code: JACOBI_SVD_CODE, entryPoint: 'gatherColumns' }, [be.buffer(rows, 'gather rows'), be.buffer(table, 'gather table'), be.buffer(out)],
    JACOBI_GATHER_PARAMS.of({ len, srcRows: count, r, total }), total);
  return out;
}

// ---- float64 twins ----
// The same pairs in the same order, the same rotation and the same test as the shader, so a cpu sweep is the oracle
// for a gpu sweep. What makes it fast changes no rotation: α = ‖w_p‖² is cached per row and refreshed while the row
// is rotated, summed exactly as a fresh sum would be, so a pair only sums γ; every sum runs over LANES interleaved
// partial sums (the order the shader uses with LANES invocations per pair); and the row loops run as WebAssembly
// SIMD where the runtime has it, ~3× the speed of the same loops in JS and bit-for-bit the same numbers.


/** The rotation (c, s) that makes two columns orthogonal, into `out`: t = tan θ solves t² + 2ζt − 1 = 0, |θ| ≤ π/4. */
export function rotation(alpha: number, beta: number, gamma: number, out: Float64Array): void {
  const zeta = (beta - alpha) / (2 * gamma);
  const az = Math.abs(zeta);
  let t = az > 1e15 ? 0.5 / az : 1 / (az + Math.sqrt(1 + az * az));
  if (zeta < 0) t = -t;
  const c = 1 / Math.sqrt(1 + t * t);
  const s = c * t;
  const f = 1.5 - 0.5 * (c * c + s * s); // the shader's Newton step toward c² + s² = 1
  out[0] = c * f;
  out[1] = s * f;
}

/** Pair p of round r in the circle method (the same schedule as pairOf in the shader). */
export function pairOf(r: number, p: number, players: number): [number, number] {
  if (p === 0) return [r, players - 1];
  const a = (r + p) % (players - 1);
  const b = (r + players - 1 - p) % (players - 1);
  return [Math.min(a, b), Math.max(a, b)];
}

let lastPairs: { n: number; pairs: Int32Array } | null = null;

/** The pairs (i, j), i < j < n, of one sweep in the order the shader meets them: round by round, pair by pair. */
function sweepPairs(n: number): Int32Array {
  if (lastPairs?.n === n) return lastPairs.pairs;
  const players = playersFor(n);
  const pairs = new Int32Array(n * (n - 1));
  let k = 0;
  for (let r = 0; r < Math.max(1, players - 1); r++) {
    for (let p = 0; p < players / 2; p++) {
      const [i, j] = pairOf(r, p, players);
      if (j >= n) continue;
      pairs[k++] = i;
      pairs[k++] = j;
    }
  }
  lastPairs = { n, pairs };
  return pairs;
}

function jacobiSweepCpu(be: CpuBackend, work: Tensor, rotations: Tensor, tol: number): Tensor {
  const W = be.view(work);
  const V = be.view(rotations);
  const { batch, rows: n, cols: len } = work;
  const w = rotations.cols; // n, or wider where rows are padded (jacobiBlockKernels)
  const pairs = sweepPairs(n);
  // One item at a time in the arena: its work rows, then its rotation rows, each padded to a multiple of LANES.
  const lenPad = Math.ceil(len / LANES) * LANES;
  const nPad = Math.ceil(w / LANES) * LANES;
  const workAt = ROWS_START_BYTES / 8;
  const rotAt = workAt + n * lenPad;
  const { arena: x, dot, rotatePair } = rowKernels(rotAt + n * nPad);
  const [workBytes, rowBytes, rotBytes, rotRowBytes] = [workAt * 8, lenPad * 8, rotAt * 8, nPad * 8];
  const norms = new Float64Array(n); // α of each row, always what a fresh dot of the row would give
  const cs = new Float64Array(2);
  const worst = new Float64Array(batch);
  for (let z = 0; z < batch; z++) {
    x.fill(0);
    for (let p = 0; p < n; p++) {
      x.set(W.subarray((z * n + p) * len, (z * n + p + 1) * len), workAt + p * lenPad);
      x.set(V.subarray((z * n + p) * w, (z * n + p + 1) * w), rotAt + p * nPad);
    }
    for (let p = 0; p < n; p++) norms[p] = dot(workBytes + p * rowBytes, workBytes + p * rowBytes, workBytes + (p + 1) * rowBytes);
    let itemWorst = 0;
    for (let q = 0; q < pairs.length; q += 2) {
      const i = pairs[q];
      const j = pairs[q + 1];
      const a = workBytes + i * rowBytes;
      const b = workBytes + j * rowBytes;
      const alpha = norms[i];
      const beta = norms[j];
      const gamma = dot(a, b, a + rowBytes);
      const scale = Math.sqrt(alpha) * Math.sqrt(beta);
      const measure = scale > 0 ? Math.abs(gamma) / scale : 0;
      itemWorst = Math.max(itemWorst, measure);
      if (measure > 0 && measure >= tol) {
        rotation(alpha, beta, gamma, cs);
        const va = rotBytes + i * rotRowBytes;
        rotatePair(a, b, a + rowBytes, va, rotBytes + j * rotRowBytes, va + rotRowBytes, cs[0], cs[1]);
        norms[i] = x[0];
        norms[j] = x[1];
      }
    }
    worst[z] = itemWorst;
    for (let p = 0; p < n; p++) {
      W.set(x.subarray(workAt + p * lenPad, workAt + p * lenPad + len), (z * n + p) * len);
      V.set(x.subarray(rotAt + p * nPad, rotAt + p * nPad + w), (z * n + p) * w);
    }
  }
  return be.upload(worst, { batch, rows: 1, cols: 1 });
}

function gatherColumnsCpu(be: CpuBackend, rows: Tensor, table: Tensor): Tensor {
  const X = be.view(rows);
  const tab = be.view(table);
  const { batch, rows: count, cols: len } = rows;
  const r = table.cols;
  const gathered = be.fill({ batch, rows: len, cols: r }, 0); // written in place: an upload would copy it once more
  const out = be.view(gathered);
  for (let z = 0; z < batch; z++) {
    for (let c = 0; c < r; c++) {
      const row = (z * count + tab[z * 2 * r + c]) * len;
      const scale = tab[z * 2 * r + r + c];
      for (let i = 0; i < len; i++) out[(z * len + i) * r + c] = X[row + i] * scale;
    }
  }
  return gathered;
}
