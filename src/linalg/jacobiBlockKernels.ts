// Block Jacobi sweeps over rows packed as vec4 (shaders/linalg/jacobi_block.wgsl) and their float64 twin: what a software adapter runs fastest.
import { assertNever, type AnyBackend, type Backend, type Tensor } from '../engine/backend';
import type { CpuBackend } from '../engine/cpu/cpuBackend';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { composeWgsl } from '../engine/webgpu/composeWgsl';
import { uniformLayout } from '../engine/webgpu/uniformLayout';
import jacobiRotationWgsl from '../../shaders/common/snippets/jacobi_rotation.wgsl?raw';
import jacobiBlockWgsl from '../../shaders/linalg/jacobi_block.wgsl?raw';
import { pairOf, playersFor, rotation } from './jacobiKernels';
import { columnLayout } from './qrKernels';

const BLOCK_PARAMS = uniformLayout({ struct: 'BlockParams', shaders: ['shaders/linalg/jacobi_block.wgsl'] }, {
  n: 'u32', len4: 'u32', n4: 'u32', players: 'u32', roundStart: 'u32', roundCount: 'u32', offStride: 'u32', tol: 'f32',
});

export const JACOBI_BLOCK_CODE = composeWgsl(jacobiRotationWgsl, jacobiBlockWgsl);

/** Entries per packed load: rows are padded with zeros to a multiple of this. */
export const PACK = 4;

/**
 * Whether `jacobiSvd` runs block sweeps over packed rows on this backend: on a software adapter, where one invocation
 * runs a whole meeting and SwiftShader turns each vec4 load into one gather instead of four. A hardware adapter keeps
 * jacobiRounds' 32 invocations per column pair, whose scalar loads already coalesce.
 */
export function sweepsBlocks(be: Backend): be is WebGpuBackend {
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

/** Columns per block: a meeting of two blocks orthogonalizes four columns. */
export const BLOCK = 2;

/** The slot pairs of a meeting in the order the shader rotates them (MEETING_PAIRS): cross pairs first. */
const MEETING_PAIRS: readonly [number, number][] = [[0, 2], [1, 3], [0, 3], [1, 2], [0, 1], [2, 3]];

/** Below this many columns one workgroup per item sweeps faster than a dispatch per round. */
const ONE_DISPATCH_MAX_COLUMNS = 64;

/**
 * How a block sweep is dispatched (tests force each): `oneDispatch`, one workgroup per batch item runs every round
 * with storage barriers in between (default for batches and n ≤ 64), else a dispatch per round; `workgroupSize`
 * invocations per workgroup, one meeting each (default 64 for one dispatch, else 8).
 */
export type BlockPlan = { oneDispatch?: boolean; workgroupSize?: number };

/** Round-robin players for the blocks of n columns: ⌈n / BLOCK⌉ rounded up to even. */
export function blockPlayersFor(n: number): number {
  return playersFor(Math.ceil(n / BLOCK));
}

/**
 * One block Jacobi sweep: columns (rows of `work`) go in blocks of two, every two blocks meet once in a round-robin
 * of rounds, and a meeting rotates its four columns' six pairs (cross pairs first) on their Gram matrix, then applies
 * the product of those rotations to the four rows of `work` and of `rotations` at once. Pairs are tested on the
 * Gram matrix as summed at the start of the meeting, so a sweep that rotates nothing changes nothing.
 * @param work (batch, n, len) with len a multiple of PACK @param rotations (batch, n, w) with w a multiple of PACK
 * @returns (batch, 1, slots): the largest |γ|/√(αβ) of each item is the max over its slots
 */
export function blockSweep(be: AnyBackend, work: Tensor, rotations: Tensor, tol: number, plan: BlockPlan = {}): Tensor {
  if (work.cols % PACK || rotations.cols % PACK) throw new RangeError(`blockSweep: rows of ${work.cols} and ${rotations.cols} entries; pad them to a multiple of ${PACK}`);
  if (rotations.rows !== work.rows || rotations.batch !== work.batch) throw new RangeError(`blockSweep: work has ${work.batch}×${work.rows} rows but rotations ${rotations.batch}×${rotations.rows}`);
  switch (be.kind) {
    case 'cpu': return blockSweepCpu(be, work, rotations, tol);
    case 'webgpu': return blockSweepGpu(be, work, rotations, tol, plan);
    default: return assertNever(be);
  }
}

function blockSweepGpu(be: WebGpuBackend, work: Tensor, rotations: Tensor, tol: number, plan: BlockPlan): Tensor {
  const { batch, rows: n, cols: len } = work;
  const players = blockPlayersFor(n);
  const rounds = Math.max(1, players - 1);
  const meetings = players / 2;
  const oneDispatch = plan.oneDispatch ?? (batch > 1 || n <= ONE_DISPATCH_MAX_COLUMNS);
  const WG = plan.workgroupSize ?? (oneDispatch ? 64 : 8);
  const groupsX = oneDispatch ? 1 : Math.max(1, Math.ceil(meetings / WG));
  if (batch > be.device.limits.maxComputeWorkgroupsPerDimension) throw new RangeError(`blockSweep: a batch of ${batch} is too large for one dispatch`);
  const pipeline = be.pipelines.get({ name: 'jacobi_block', code: JACOBI_BLOCK_CODE, entryPoint: 'jacobiBlockRounds', constants: { WG } });
  const offStride = groupsX * WG;
  const off = be.fill({ batch, rows: 1, cols: offStride }, 0);
  const buffers = [be.buffer(work, 'jacobi work'), be.buffer(rotations, 'jacobi rotations'), be.buffer(off)];
  const dispatches = oneDispatch ? 1 : rounds;
  for (let d = 0; d < dispatches; d++) {
    be.dispatch(pipeline, buffers, BLOCK_PARAMS.of({
      n, len4: len / PACK, n4: rotations.cols / PACK, players, roundStart: oneDispatch ? 0 : d, roundCount: oneDispatch ? rounds : 1, offStride, tol,
    }), [groupsX, batch]);
  }
  return off;
}

// ---- float64 twin: the same meetings, order, Gram sums (four interleaved lanes), rotations and transform ----

/** Σ x_e·y_e over rows at `a`, `b` of `len` entries, summed in PACK interleaved lanes combined as (l0 + l2) + (l1 + l3). */
function packedDot(x: Float64Array, a: number, b: number, len: number): number {
  const lane = [0, 0, 0, 0];
  for (let e = 0; e < len; e++) lane[e % PACK] += x[a + e] * x[b + e];
  return (lane[0] + lane[2]) + (lane[1] + lane[3]);
}

/**
 * The meeting's 4×4 transform J (row-major; new row k = Σ_l J[k][l]·row l) from its Gram matrix G (updated in
 * place), rotating each slot pair whose measure reaches tol; null when none does.
 */
function meetingTransform(G: Float64Array, valid: boolean[], tol: number): Float64Array | null {
  const J = Float64Array.from({ length: 16 }, (_, e) => (e % 5 === 0 ? 1 : 0));
  const cs = new Float64Array(2);
  let rotated = false;
  for (const [p, q] of MEETING_PAIRS) {
    if (!valid[p] || !valid[q]) continue;
    const alpha = G[p * 5];
    const beta = G[q * 5];
    const gamma = G[p * 4 + q];
    const scale = Math.sqrt(alpha) * Math.sqrt(beta);
    const measure = scale > 0 ? Math.abs(gamma) / scale : 0;
    if (!(measure > 0 && measure >= tol)) continue;
    rotated = true;
    rotation(alpha, beta, gamma, cs);
    const [c, s] = cs;
    const t = s / c;
    for (let e = 0; e < 4; e++) {
      const gp = G[p * 4 + e];
      const gq = G[q * 4 + e];
      G[p * 4 + e] = G[e * 4 + p] = c * gp - s * gq;
      G[q * 4 + e] = G[e * 4 + q] = s * gp + c * gq;
      const jp = J[p * 4 + e];
      const jq = J[q * 4 + e];
      J[p * 4 + e] = c * jp - s * jq;
      J[q * 4 + e] = s * jp + c * jq;
    }
    G[p * 5] = alpha - t * gamma;
    G[q * 5] = beta + t * gamma;
    G[p * 4 + q] = G[q * 4 + p] = 0;
  }
  return rotated ? J : null;
}

/** Rows `at` (four row offsets into x, each `len` long; invalid slots read as zero, never written) ← J·rows. */
function applyTransform(x: Float64Array, at: number[], valid: boolean[], len: number, J: Float64Array): void {
  for (let e = 0; e < len; e++) {
    const v = at.map((a, k) => (valid[k] ? x[a + e] : 0));
    for (let k = 0; k < 4; k++) {
      if (valid[k]) x[at[k] + e] = J[k * 4] * v[0] + J[k * 4 + 1] * v[1] + J[k * 4 + 2] * v[2] + J[k * 4 + 3] * v[3];
    }
  }
}

function blockSweepCpu(be: CpuBackend, work: Tensor, rotations: Tensor, tol: number): Tensor {
  const W = be.view(work);
  const V = be.view(rotations);
  const { batch, rows: n, cols: len } = work;
  const w = rotations.cols;
  const players = blockPlayersFor(n);
  const worst = new Float64Array(batch);
  const G = new Float64Array(16);
  for (let z = 0; z < batch; z++) {
    for (let r = 0; r < Math.max(1, players - 1); r++) {
      for (let m = 0; m < players / 2; m++) {
        const [b0, b1] = pairOf(r, m, players);
        const cols = [BLOCK * b0, BLOCK * b0 + 1, BLOCK * b1, BLOCK * b1 + 1];
        const valid = cols.map((c) => c < n);
        const workAt = cols.map((c) => (z * n + c) * len);
        for (let p = 0; p < 4; p++) {
          for (let q = p; q < 4; q++) G[p * 4 + q] = G[q * 4 + p] = valid[p] && valid[q] ? packedDot(W, workAt[p], workAt[q], len) : 0;
        }
        for (const [p, q] of MEETING_PAIRS) {
          const scale = Math.sqrt(G[p * 5]) * Math.sqrt(G[q * 5]);
          worst[z] = Math.max(worst[z], scale > 0 ? Math.abs(G[p * 4 + q]) / scale : 0);
        }
        const J = meetingTransform(G, valid, tol);
        if (!J) continue;
        applyTransform(W, workAt, valid, len, J);
        applyTransform(V, cols.map((c) => (z * n + c) * w), valid, w, J);
      }
    }
  }
  return be.upload(worst, { batch, rows: 1, cols: 1 });
}
