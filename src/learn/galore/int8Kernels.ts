// Q-GaLore's INT8 weights on a backend: per-group scales, stochastic-rounding quantization into packed words, dequantization.
import { assertNever, sizeOf, type AnyBackend, type Backend, type Shape, type Tensor } from '../../engine/backend';
import { dequantizePackedInt8, int8Words, packInt8, quantizeInt8Sr, INT8_MAX } from './int8Sr';
import { uniformLayout } from '../../engine/webgpu/uniformLayout';
import int8SrWgsl from '../../../shaders/learn/int8_stochastic_round.wgsl?raw';

const INT8_SR_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/learn/int8_stochastic_round.wgsl'] }, {
  n: 'u32', groupSize: 'u32', groupsX: 'u32', words: 'u32', seed: 'u32', step: 'u32', _pad0: 'u32', _pad1: 'u32',
});

/**
 * A weight tensor stored as INT8, still on its backend. On webgpu the packed words are raw u32 bits in an f32-typed
 * buffer, so never `read` them as numbers there (go through dequantizeInt8OnBackend); the cpu backend holds each word's
 * u32 value as a number, in the same layout.
 */
export type Int8Tensors = {
  /** (⌈entries/4⌉, 1): code i as a two's-complement byte in bits 8·(i mod 4)… of word ⌊i/4⌋ (packInt8's layout). */
  packed: Tensor;
  /** (groups, 1): (max |w| + 1e-10) / 127 per group of groupSize consecutive entries. */
  scales: Tensor;
  shape: Shape;
  groupSize: number;
};

/**
 * Per-group scales (max |w| + 1e-10) / 127 (int8Scales' formula) from backend ops: groupSize t.cols gives one per row
 * ((rows, 1)), sizeOf(t) one per tensor ((1, 1)). t must be a single matrix (batch 1).
 */
export function int8ScalesOnBackend(be: Backend, t: Tensor, groupSize: number): Tensor {
  const n = sizeOf(t);
  if (t.batch !== 1 || (groupSize !== t.cols && groupSize !== n)) {
    throw new RangeError(`int8ScalesOnBackend: groups of ${groupSize} on ${t.batch}×${t.rows}×${t.cols} are neither a row nor the whole matrix`);
  }
  return be.tidy(() => be.elementwise('scale', be.reduce('maxAbs', t, groupSize === n ? 'all' : 'perRow'), null, 1 / INT8_MAX, 1e-10 / INT8_MAX));
}

/**
 * Quantizes `t` to INT8 with stochastic rounding against `scales` ((groups, 1), one per groupSize consecutive entries),
 * drawing entry i's uniform from (seed, step, i). cpu: quantizeInt8Sr + packInt8 in float64; webgpu: the `quantize` entry
 * of shaders/learn/int8_stochastic_round.wgsl. Both give the same codes for the same inputs (up to x = w/scale landing
 * within f32 rounding of the drawn threshold). Takes ownership of nothing: the caller still owns `scales`.
 */
export function quantizeInt8SrOnBackend(be: AnyBackend, t: Tensor, scales: Tensor, groupSize: number, seed: number, step: number): Int8Tensors {
  const n = sizeOf(t);
  if (!(Number.isInteger(groupSize) && groupSize >= 1 && n % groupSize === 0)) throw new RangeError(`quantizeInt8SrOnBackend: ${n} entries do not split into groups of ${groupSize}`);
  if (sizeOf(scales) !== n / groupSize) throw new RangeError(`quantizeInt8SrOnBackend: ${n / groupSize} groups need as many scales, got ${sizeOf(scales)}`);
  if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32 && Number.isInteger(step) && step >= 0 && step < 2 ** 32)) {
    throw new RangeError(`quantizeInt8SrOnBackend: seed ${seed} and step ${step} must be u32 integers`);
  }
  const shape = { batch: t.batch, rows: t.rows, cols: t.cols };
  const wordShape = { rows: int8Words(n), cols: 1 };
  const keptScales = be.elementwise('scale', scales, null, 1, 0);
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const codes = quantizeInt8Sr(cpu.view(t), cpu.view(scales), groupSize, seed, step);
      return { packed: cpu.upload(packInt8(codes), wordShape), scales: keptScales, shape, groupSize };
    }
    case 'webgpu': {
      const gpu = be;
      const out: Int8Tensors = { packed: gpu.empty(wordShape), scales: keptScales, shape, groupSize };
      if (n === 0) return out;
      const words = int8Words(n);
      const { groupsX, groups } = gpu.grid(Math.ceil(words / 64));
      gpu.dispatch(gpu.pipelines.get({ name: 'int8_stochastic_round', code: int8SrWgsl, entryPoint: 'quantize' }),
        [gpu.buffer(t, 'int8 values'), gpu.buffer(scales, 'int8 scales'), gpu.buffer(out.packed)],
        INT8_SR_PARAMS.of({ n, groupSize, groupsX, words, seed, step }), groups);
      return out;
    }
    default: return assertNever(be);
  }
}

/** w̃ = scale·code for every entry, a new tensor of q.shape (cpu: dequantizePackedInt8; webgpu: the `dequantize` entry). */
export function dequantizeInt8OnBackend(be: AnyBackend, q: Int8Tensors): Tensor {
  const n = sizeOf(q.shape);
  if (sizeOf(q.packed) !== int8Words(n) || sizeOf(q.scales) * q.groupSize !== n) {
    throw new RangeError(`dequantizeInt8OnBackend: ${n} entries in groups of ${q.groupSize} need ${int8Words(n)} words and ${n / q.groupSize} scales; got ${sizeOf(q.packed)} and ${sizeOf(q.scales)}`);
  }
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      return cpu.upload(dequantizePackedInt8(cpu.view(q.packed), cpu.view(q.scales), q.groupSize, n), q.shape);
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty(q.shape);
      if (n === 0) return out;
      const { groupsX, groups } = gpu.grid(Math.ceil(n / 256));
      gpu.dispatch(gpu.pipelines.get({ name: 'int8_stochastic_round', code: int8SrWgsl, entryPoint: 'dequantize' }),
        [gpu.buffer(out), gpu.buffer(q.scales, 'int8 scales'), gpu.buffer(q.packed, 'int8 packed codes')],
        INT8_SR_PARAMS.of({ n, groupSize: q.groupSize, groupsX, words: int8Words(n), seed: 0, step: 0 }), groups);
      return out;
    }
    default: return assertNever(be);
  }
}

/** Bytes actually kept: one byte per code (4 per packed word, spare bytes included) and a float32 scale per group. */
export function int8TensorBytes(q: Int8Tensors): number {
  return 4 * (sizeOf(q.packed) + sizeOf(q.scales));
}

/** Frees both tensors. */
export function disposeInt8(be: Backend, q: Int8Tensors): void {
  be.dispose(q.packed);
  be.dispose(q.scales);
}
