// One-sided Jacobi SVD kernels (shaders/linalg/jacobi_svd.wgsl) and their float64 twins for the cpu backend.
import { unsupported, type Backend, type Tensor } from '../engine/backend';
import type { CpuBackend } from '../engine/cpu/cpuBackend';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { checkLayout, columnLayout, type ColumnLayout } from './qrKernels';
import jacobiSvdWgsl from '../../shaders/linalg/jacobi_svd.wgsl?raw';

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
 * and the same rotation is applied to rows p, q of `rotations` (batch, n, n). Both are updated in place.
 * @returns (batch, 1, slots): the largest |γ|/√(αβ) seen this sweep is the max over each item's slots
 */
export function jacobiSweep(be: Backend, work: Tensor, rotations: Tensor, tol: number, plan?: SweepPlan): Tensor {
  switch (be.kind) {
    case 'cpu': return jacobiSweepCpu(be as CpuBackend, work, rotations, tol);
    case 'webgpu': return jacobiSweepGpu(be as WebGpuBackend, work, rotations, tol, plan);
    default: return unsupported(be.kind);
  }
}

/**
 * Sorted, scaled columns out of rows: gathered (batch, len, r) has column c = row table[z][0][c] of `rows`
 * (batch, count, len) times table[z][1][c]. `table` is (batch, 2, r), row indices stored as floats.
 */
export function gatherColumns(be: Backend, rows: Tensor, table: Tensor): Tensor {
  switch (be.kind) {
    case 'cpu': return gatherColumnsCpu(be as CpuBackend, rows, table);
    case 'webgpu': return gatherColumnsGpu(be as WebGpuBackend, rows, table);
    default: return unsupported(be.kind);
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
  const pipeline = be.pipelines.get({ name: 'jacobi_svd', code: jacobiSvdWgsl, entryPoint: 'jacobiRounds', constants: { WG, T } });
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
    be.dispatch(pipeline, buffers, [
      n, len, players, pairsPerGroup, roundStart, roundCount, offStride, 0, { f32: tol }, 0, 0, 0,
    ], [groupsX, batch]);
  }
  return off;
}

function gatherColumnsGpu(be: WebGpuBackend, rows: Tensor, table: Tensor): Tensor {
  const { batch, rows: count, cols: len } = rows;
  const r = table.cols;
  const out = be.empty({ batch, rows: len, cols: r });
  const total = batch * len * r;
  if (total === 0) return out;
  const pipeline = be.pipelines.get({ name: 'jacobi_svd', code: jacobiSvdWgsl, entryPoint: 'gatherColumns' });
  const { groupsX, groups } = be.grid(Math.ceil(total / 256));
  be.dispatch(pipeline, [be.buffer(rows, 'gather rows'), be.buffer(table, 'gather table'), be.buffer(out)], [
    len, count, r, total, groupsX, 0, 0, 0,
  ], groups);
  return out;
}

// ---- float64 twins ----
// The same pairs in the same order, the same rotation and the same test as the shader, so a cpu sweep is the oracle
// for a gpu sweep. What makes it fast changes no rotation: α = ‖w_p‖² is cached per row and refreshed while the row
// is rotated, summed exactly as a fresh sum would be, so a pair only sums γ; every sum runs over LANES interleaved
// partial sums (the order the shader uses with LANES invocations per pair); and the row loops run as WebAssembly
// SIMD where the runtime has it, ~3× the speed of the same loops in JS and bit-for-bit the same numbers.

/** Interleaved partial sums per dot product: entry e goes to lane e mod LANES; lanes combine as the shader's tree. */
const LANES = 4;

/** The rotation (c, s) that makes two columns orthogonal, into `out`: t = tan θ solves t² + 2ζt − 1 = 0, |θ| ≤ π/4. */
function rotation(alpha: number, beta: number, gamma: number, out: Float64Array): void {
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

/**
 * Loops over rows of one float64 arena, addressed in bytes. Rows start at ROWS_START_BYTES and are zero-padded to a
 * multiple of LANES entries (zeros add nothing to a sum and stay zero under a rotation), so no loop has a tail.
 * - dot(a, b, aEnd): Σ x[a..aEnd)·x[b..) in LANES interleaved partial sums, combined (s0 + s2) + (s1 + s3)
 * - rotatePair(a, b, aEnd, va, vb, vaEnd, c, s): rotates rows a, b (x_a ← c·x_a − s·x_b, x_b ← s·x_a + c·x_b),
 *   leaves their new squared norms, summed like dot, in arena[0] and arena[1], then rotates rows va, vb the same way
 */
type RowKernels = {
  arena: Float64Array;
  dot(a: number, b: number, aEnd: number): number;
  rotatePair(a: number, b: number, aEnd: number, va: number, vb: number, vaEnd: number, c: number, s: number): void;
};

/** Entries 0 and 1 of the arena return two norms; rows start at byte 16, so every f64x2 load is aligned. */
const ROWS_START_BYTES = 16;

let rowKernelsOverride: 'wasm' | 'js' | null = null;

/** Forces the WebAssembly or the JS row loops of the cpu Jacobi sweep (null: WebAssembly where available). For tests and benchmarks. */
export function overrideJacobiRowKernels(kind: 'wasm' | 'js' | null): void {
  rowKernelsOverride = kind;
}

/** Which row loops the cpu Jacobi sweep runs here: 'wasm' (WebAssembly SIMD) or 'js'. */
export function jacobiRowKernelsInUse(): 'wasm' | 'js' {
  return rowKernelsOverride !== 'js' && simdRowKernels(0) ? 'wasm' : 'js';
}

/** Row kernels over an arena of at least `entries` float64s: WebAssembly SIMD where available, else JS. */
function rowKernels(entries: number): RowKernels {
  const wasm = rowKernelsOverride === 'js' ? null : simdRowKernels(entries);
  if (!wasm && rowKernelsOverride === 'wasm') throw new Error('jacobiSweep: WebAssembly SIMD is not available here');
  return wasm ?? jsRowKernels(new Float64Array(entries));
}

/** The reference loops; the WebAssembly ones do the same operations in the same order, two entries per f64x2. */
function jsRowKernels(x: Float64Array): RowKernels {
  const rotate = (a: number, b: number, end: number, c: number, s: number) => {
    for (let e = a, f = b; e < end; e++, f++) {
      const u = x[e], v = x[f];
      x[e] = c * u - s * v;
      x[f] = s * u + c * v;
    }
  };
  return {
    arena: x,
    dot(aByte, bByte, aEndByte) {
      const b = (bByte >> 3) - (aByte >> 3);
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let e = aByte >> 3, end = aEndByte >> 3; e < end; e += LANES) {
        s0 += x[e] * x[b + e];
        s1 += x[e + 1] * x[b + e + 1];
        s2 += x[e + 2] * x[b + e + 2];
        s3 += x[e + 3] * x[b + e + 3];
      }
      return (s0 + s2) + (s1 + s3);
    },
    rotatePair(aByte, bByte, aEndByte, va, vb, vaEnd, c, s) {
      const b = (bByte >> 3) - (aByte >> 3);
      let p0 = 0, p1 = 0, p2 = 0, p3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
      for (let e = aByte >> 3, end = aEndByte >> 3; e < end; e += LANES) {
        const u0 = x[e], v0 = x[b + e], u1 = x[e + 1], v1 = x[b + e + 1];
        const u2 = x[e + 2], v2 = x[b + e + 2], u3 = x[e + 3], v3 = x[b + e + 3];
        const x0 = c * u0 - s * v0, y0 = s * u0 + c * v0, x1 = c * u1 - s * v1, y1 = s * u1 + c * v1;
        const x2 = c * u2 - s * v2, y2 = s * u2 + c * v2, x3 = c * u3 - s * v3, y3 = s * u3 + c * v3;
        x[e] = x0; x[b + e] = y0; x[e + 1] = x1; x[b + e + 1] = y1;
        x[e + 2] = x2; x[b + e + 2] = y2; x[e + 3] = x3; x[b + e + 3] = y3;
        p0 += x0 * x0; q0 += y0 * y0; p1 += x1 * x1; q1 += y1 * y1;
        p2 += x2 * x2; q2 += y2 * y2; p3 += x3 * x3; q3 += y3 * y3;
      }
      x[0] = (p0 + p2) + (p1 + p3);
      x[1] = (q0 + q2) + (q1 + q3);
      rotate(va >> 3, vb >> 3, vaEnd >> 3, c, s);
    },
  };
}

let simd: { memory: WebAssembly.Memory; kernels: Omit<RowKernels, 'arena'> } | null | undefined;

/** jsRowKernels' loops in WebAssembly SIMD over one module-wide memory grown to `entries`; null where unavailable. */
function simdRowKernels(entries: number): RowKernels | null {
  if (simd === undefined) simd = instantiateRowLoops();
  if (!simd) return null;
  const { memory, kernels } = simd;
  const bytes = entries * 8;
  try {
    if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
  } catch {
    return null; // the runtime would not grow the memory this far; the JS loops take a plain array instead
  }
  return { arena: new Float64Array(memory.buffer, 0, entries), dot: kernels.dot, rotatePair: kernels.rotatePair };
}

function instantiateRowLoops(): { memory: WebAssembly.Memory; kernels: Omit<RowKernels, 'arena'> } | null {
  try {
    if (typeof WebAssembly !== 'object') return null;
    const bytes = rowLoopsModule();
    if (!WebAssembly.validate(bytes)) return null; // no SIMD in this runtime
    const memory = new WebAssembly.Memory({ initial: 1 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { m: { memory } });
    return { memory, kernels: instance.exports as unknown as Omit<RowKernels, 'arena'> };
  } catch {
    return null; // e.g. a Content-Security-Policy without 'wasm-unsafe-eval'
  }
}

/**
 * The binary of the module behind simdRowKernels, assembled here because it is small and the build has no
 * WebAssembly toolchain. Each loop steps 32 bytes (four entries, two f64x2) until its first row offset reaches its end:
 *   dot(a, b, end) → f64:  lo += x[a..a+2)·x[b..b+2); hi += x[a+2..a+4)·x[b+2..b+4); then (lo + hi)[0] + (lo + hi)[1]
 *   rotatePair(a, b, end, va, vb, vend, c, s): rotate a, b summing squares into pLo/pHi and qLo/qHi like dot, store
 *   the two sums at bytes 0 and 8, then rotate va, vb
 */
function rowLoopsModule(): Uint8Array<ArrayBuffer> {
  const i32 = 0x7f, f64 = 0x7c, v128 = 0x7b;
  const leb = (n: number): number[] => {
    const out: number[] = [];
    do {
      const b = n & 0x7f;
      n >>>= 7;
      out.push(n ? b | 0x80 : b);
    } while (n);
    return out;
  };
  const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];
  const name = (s: string): number[] => vec([...s].map((ch) => [ch.charCodeAt(0)]));
  const section = (id: number, body: number[]): number[] => [id, ...leb(body.length), ...body];
  const get = (i: number) => [0x20, i], set = (i: number) => [0x21, i], tee = (i: number) => [0x22, i];
  const load = (offset: number) => [0xfd, 0x00, 4, offset]; // v128.load, 16-byte aligned
  const store = (offset: number) => [0xfd, 0x0b, 4, offset]; // v128.store
  const [add, sub, mul] = [[0xfd, 0xf0, 0x01], [0xfd, 0xf1, 0x01], [0xfd, 0xf2, 0x01]]; // f64x2.add/sub/mul
  const splat = [0xfd, 0x14], lane = (l: number) => [0xfd, 0x21, l], f64add = [0xa0];
  const f64store = (offset: number) => [0x39, 3, offset];
  const i32const = (v: number) => [0x41, v]; // v < 64
  const step = (local: number) => [...get(local), ...i32const(32), 0x6a, ...set(local)]; // local += 32
  // block { loop { if (!(a < end)) break; body; a += 32; b += 32; continue } }
  const loop = (a: number, b: number, end: number, body: number[]) => [
    0x02, 0x40, 0x03, 0x40, ...get(a), ...get(end), 0x49, 0x45, 0x0d, 1,
    ...body, ...step(a), ...step(b), 0x0c, 0, 0x0b, 0x0b,
  ];
  const sumLanes = (lo: number, hi: number) => [...get(lo), ...get(hi), ...add, ...tee(lo), ...lane(0), ...get(lo), ...lane(1), ...f64add];

  // dot: params 0 a, 1 b, 2 end; locals 3 lo, 4 hi
  const dot = [
    ...loop(0, 1, 2, [
      ...get(3), ...get(0), ...load(0), ...get(1), ...load(0), ...mul, ...add, ...set(3),
      ...get(4), ...get(0), ...load(16), ...get(1), ...load(16), ...mul, ...add, ...set(4),
    ]),
    ...sumLanes(3, 4), 0x0b,
  ];

  // rotatePair: params 0 a, 1 b, 2 end, 3 va, 4 vb, 5 vend, 6 c, 7 s;
  // locals 8 cv, 9 sv, 10 u, 11 v, 12 x', 13 y', 14 pLo, 15 pHi, 16 qLo, 17 qHi
  const rotateTwo = (a: number, b: number, offset: number, sums?: [number, number]) => [
    ...get(a), ...load(offset), ...set(10), ...get(b), ...load(offset), ...set(11),
    ...get(a), ...get(8), ...get(10), ...mul, ...get(9), ...get(11), ...mul, ...sub, ...tee(12), ...store(offset),
    ...get(b), ...get(9), ...get(10), ...mul, ...get(8), ...get(11), ...mul, ...add, ...tee(13), ...store(offset),
    ...(sums ? [
      ...get(sums[0]), ...get(12), ...get(12), ...mul, ...add, ...set(sums[0]),
      ...get(sums[1]), ...get(13), ...get(13), ...mul, ...add, ...set(sums[1]),
    ] : []),
  ];
  const rotatePair = [
    ...get(6), ...splat, ...set(8), ...get(7), ...splat, ...set(9),
    ...loop(0, 1, 2, [...rotateTwo(0, 1, 0, [14, 16]), ...rotateTwo(0, 1, 16, [15, 17])]),
    ...i32const(0), ...sumLanes(14, 15), ...f64store(0), ...i32const(0), ...sumLanes(16, 17), ...f64store(8),
    ...loop(3, 4, 5, [...rotateTwo(3, 4, 0), ...rotateTwo(3, 4, 16)]),
    0x0b,
  ];

  const body = (locals: number[][], code: number[]) => {
    const b = [...vec(locals), ...code];
    return [...leb(b.length), ...b];
  };
  const dotType = [0x60, ...vec([[i32], [i32], [i32]]), ...vec([[f64]])];
  const rotateType = [0x60, ...vec([[i32], [i32], [i32], [i32], [i32], [i32], [f64], [f64]]), ...vec([])];
  const exportFn = (s: string, index: number) => [...name(s), 0x00, index];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
    ...section(1, vec([dotType, rotateType])),
    ...section(2, vec([[...name('m'), ...name('memory'), 0x02, 0x00, 0x01]])), // imports a memory of ≥ 1 page
    ...section(3, vec([[0], [1]])),
    ...section(7, vec([exportFn('dot', 0), exportFn('rotatePair', 1)])),
    ...section(10, vec([body([[2, v128]], dot), body([[10, v128]], rotatePair)])),
  ]);
}

function jacobiSweepCpu(be: CpuBackend, work: Tensor, rotations: Tensor, tol: number): Tensor {
  const W = be.view(work);
  const V = be.view(rotations);
  const { batch, rows: n, cols: len } = work;
  const pairs = sweepPairs(n);
  // One item at a time in the arena: its work rows, then its rotation rows, each padded to a multiple of LANES.
  const lenPad = Math.ceil(len / LANES) * LANES;
  const nPad = Math.ceil(n / LANES) * LANES;
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
      x.set(V.subarray((z * n + p) * n, (z * n + p + 1) * n), rotAt + p * nPad);
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
      V.set(x.subarray(rotAt + p * nPad, rotAt + p * nPad + n), (z * n + p) * n);
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
