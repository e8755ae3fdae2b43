// The Fastfood random projection d → D of uber-research/intrinsic-dimension (H G Π H B, scaled to ~unit columns),
// its transpose for gradients, and the unnormalized fast Walsh–Hadamard transform they are built from.
import { assertNever, sizeOf, type AnyBackend, type Backend, type Tensor } from '../engine/backend';
import type { Rng } from '../data/rng';
import fastfoodWgsl from '../../shaders/learn/fastfood.wgsl?raw';
import { uniformLayout } from '../engine/webgpu/uniformLayout';

const FASTFOOD_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/learn/fastfood.wgsl'] }, {
  inLength: 'u32', outLength: 'u32', L: 'u32', batch: 'u32', groupsX: 'u32', _pad0: 'u32', _pad1: 'u32', _pad2: 'u32', invScale: 'f32', _pad3: 'f32', _pad4: 'f32', _pad5: 'f32',
});

/** One Fastfood projection: its random diagonals and permutation live in `table` (4, L) = [B; Π; G; Π⁻¹]. */
export type Fastfood = {
  /** Input (intrinsic) dimension d. */
  d: number;
  /** Output (parameter) dimension D ≥ d. */
  D: number;
  /** Transform length 2^⌈log₂ D⌉. */
  L: number;
  /** divisor·√(D/L) with divisor = √(L·ΣG²), so columns have about unit length (the official scaling). */
  scale: number;
  table: Tensor;
  /** Host copy of the table, row-major (4, L). */
  host: Float64Array;
};

/** Draws B ∈ {±1}^L, a permutation Π and G ~ N(0, 1)^L from `rng`. Free `table` with be.dispose. */
export function createFastfood(be: Backend, rng: Rng, d: number, D: number): Fastfood {
  if (!(d >= 1 && D >= d)) throw new RangeError(`createFastfood: need 1 ≤ d ≤ D, got d=${d}, D=${D}`);
  const L = 2 ** Math.ceil(Math.log2(D));
  const host = new Float64Array(4 * L);
  const perm = Array.from({ length: L }, (_, i) => i);
  rng.shuffle(perm);
  let g2 = 0;
  for (let i = 0; i < L; i++) {
    host[i] = rng.uint32() & 1 ? 1 : -1;
    host[L + i] = perm[i];
    const g = rng.normal();
    host[2 * L + i] = g;
    g2 += g * g;
    host[3 * L + perm[i]] = i;
  }
  const scale = Math.sqrt(L * g2) * Math.sqrt(D / L);
  return { d, D, L, scale, host, table: be.keep(be.upload(host, { rows: 4, cols: L })) };
}

type Mode = 'forward' | 'transpose' | 'hadamard';
const MODES: readonly Mode[] = ['forward', 'transpose', 'hadamard'];

/**
 * θ-offset = P·x with P the D×d Fastfood matrix.
 * @param x d entries (any shape, e.g. (d, 1)); returns (D, 1)
 */
export function fastfoodProject(be: Backend, f: Fastfood, x: Tensor): Tensor {
  if (sizeOf(x) !== f.d) throw new RangeError(`fastfoodProject: x has ${sizeOf(x)} entries, expected d=${f.d}`);
  return runFastfood(be, 'forward', x, f.table, f.host, 1, f.d, f.D, f.L, 1 / f.scale);
}

/**
 * Pᵀ·y, the gradient of the intrinsic coordinates from the gradient of all D parameters.
 * @param y D entries; returns (d, 1)
 */
export function fastfoodProjectTranspose(be: Backend, f: Fastfood, y: Tensor): Tensor {
  if (sizeOf(y) !== f.D) throw new RangeError(`fastfoodProjectTranspose: y has ${sizeOf(y)} entries, expected D=${f.D}`);
  return runFastfood(be, 'transpose', y, f.table, f.host, 1, f.D, f.d, f.L, 1 / f.scale);
}

/**
 * Unnormalized Walsh–Hadamard transform of each batch item: x (batch, 1, L) → H·x, L a power of two.
 * (H·H = L·I.) Exposed for tests and for other structured projections.
 */
export function fwht(be: Backend, x: Tensor): Tensor {
  const L = x.rows * x.cols;
  if (L < 1 || (L & (L - 1)) !== 0) throw new RangeError(`fwht: length ${L} is not a power of two`);
  const identity = new Float64Array(4 * L);
  const table = be.upload(identity, { rows: 4, cols: L });
  const out = runFastfood(be, 'hadamard', x, table, identity, x.batch, L, L, L, 1);
  be.dispose(table);
  return out;
}

function runFastfood(be: AnyBackend, mode: Mode, input: Tensor, table: Tensor, host: Float64Array, batch: number, inLength: number, outLength: number, L: number, invScale: number): Tensor {
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const x = cpu.view(input);
      const out = new Float64Array(batch * outLength);
      for (let z = 0; z < batch; z++) {
        const y = fastfoodReference(mode, x.subarray(z * inLength, (z + 1) * inLength), host, L, invScale);
        out.set(y.subarray(0, outLength), z * outLength);
      }
      return cpu.upload(out, { batch, rows: outLength, cols: 1 });
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty({ batch, rows: outLength, cols: 1 });
      const work = gpu.empty({ batch, rows: 2, cols: L });
      const { groupsX, groups } = gpu.grid(batch);
      gpu.dispatch(gpu.pipelines.get({ name: 'fastfood', code: fastfoodWgsl, constants: { MODE: MODES.indexOf(mode) } }), [
        gpu.buffer(input, 'fastfood input'), gpu.buffer(table, 'fastfood table'), gpu.buffer(work), gpu.buffer(out),
      ], FASTFOOD_PARAMS.of({ inLength, outLength, L, batch, groupsX, invScale }), groups);
      gpu.dispose(work);
      return out;
    }
    default: return assertNever(be);
  }
}

/** In-place unnormalized FWHT of a length-2^k array. */
export function fwhtInPlace(a: Float64Array): void {
  const L = a.length;
  for (let h = 1; h < L; h *= 2) {
    for (let i = 0; i < L; i += 2 * h) {
      for (let j = i; j < i + h; j++) {
        const x = a[j];
        const y = a[j + h];
        a[j] = x + y;
        a[j + h] = x - y;
      }
    }
  }
}

/** Float64 twin of one fastfood.wgsl workgroup; returns L numbers of which the caller keeps the first outLength. */
function fastfoodReference(mode: Mode, x: Float64Array, t: Float64Array, L: number, invScale: number): Float64Array {
  const first = new Float64Array(L);
  for (let i = 0; i < Math.min(L, x.length); i++) first[i] = mode === 'forward' ? x[i] * t[i] : x[i];
  fwhtInPlace(first);
  if (mode === 'hadamard') return first.map((v) => v * invScale);
  const second = new Float64Array(L);
  for (let i = 0; i < L; i++) {
    if (mode === 'forward') second[i] = first[t[L + i]] * t[2 * L + i];
    else {
      const src = t[3 * L + i];
      second[i] = first[src] * t[2 * L + src];
    }
  }
  fwhtInPlace(second);
  for (let i = 0; i < L; i++) second[i] *= mode === 'transpose' ? invScale * t[i] : invScale;
  return second;
}
