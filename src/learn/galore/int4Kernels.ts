// Q-GaLore's int4 quantization on a backend: codes packed eight to a 32-bit word, per-group scales and zero points, and dequantization.
import { assertNever, sizeOf, type AnyBackend, type Backend, type Shape, type Tensor } from '../../engine/backend';
import { dequantizePackedInt4, int4Words, packInt4, quantizeInt4 } from './int4';
import int4QuantizeWgsl from '../../../shaders/learn/int4_quantize.wgsl?raw';
import int4DequantizeWgsl from '../../../shaders/learn/int4_dequantize.wgsl?raw';
import { uniformLayout } from '../../engine/webgpu/uniformLayout';

const QUANTIZE_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/learn/int4_quantize.wgsl'] }, {
  groupSize: 'u32', groups: 'u32', groupsX: 'u32', words: 'u32',
});

const DEQUANTIZE_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/learn/int4_dequantize.wgsl'] }, {
  n: 'u32', groupSize: 'u32', groupsX: 'u32', _pad0: 'u32',
});

/**
 * A tensor quantized to int4, still on its backend: what Q-GaLore keeps of a projection. On webgpu the packed words are
 * raw u32 bits in an f32-typed buffer, so never `read` them as numbers there (go through dequantizeInt4OnBackend); the
 * cpu backend holds each word's u32 value as a number, in the same layout.
 */
export type Int4Tensors = {
  /** (⌈entries/8⌉, 1): code i in bits 4·(i mod 8)… of word ⌊i/8⌋ (packInt4's layout), the last word's spare nibbles 0. */
  packed: Tensor;
  /** (groups, 1): (max − min) / 15 per group, at least 1e-5 / 15. */
  scales: Tensor;
  /** (groups, 1): the integer zero point −roundHalfUp(min / scale) per group, not clamped. */
  zeros: Tensor;
  /** Shape of the quantized tensor (what dequantization gives back). */
  shape: Shape;
  groupSize: number;
};

/**
 * Quantizes `t` in groups of `groupSize` consecutive entries (row-major over all of t, batch included: a row length
 * gives per-row scales, sizeOf(t) one per-tensor scale). Same formulas as quantizeInt4 in int4.ts, which with packInt4
 * is the float64 branch; the webgpu branch runs shaders/learn/int4_quantize.wgsl (`stats`: one workgroup per group,
 * then `pack`: one thread per word). Non-finite entries: the cpu branch throws a RangeError, the webgpu branch gives
 * meaningless numbers for that group.
 */
export function quantizeInt4OnBackend(be: AnyBackend, t: Tensor, groupSize: number): Int4Tensors {
  const n = sizeOf(t);
  if (!(Number.isInteger(groupSize) && groupSize >= 1 && n % groupSize === 0)) {
    throw new RangeError(`quantizeInt4OnBackend: ${t.batch}×${t.rows}×${t.cols} (${n} entries) does not split into groups of ${groupSize}`);
  }
  const groups = n / groupSize;
  const words = int4Words(n);
  const shape = { batch: t.batch, rows: t.rows, cols: t.cols };
  const groupShape = { rows: groups, cols: 1 };
  const wordShape = { rows: words, cols: 1 };
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const q = quantizeInt4(cpu.view(t), groupSize);
      return {
        packed: cpu.upload(packInt4(q.codes), wordShape),
        scales: cpu.upload(q.scales, groupShape),
        zeros: cpu.upload(q.zeros, groupShape),
        shape,
        groupSize,
      };
    }
    case 'webgpu': {
      const gpu = be;
      const out: Int4Tensors = { packed: gpu.empty(wordShape), scales: gpu.empty(groupShape), zeros: gpu.empty(groupShape), shape, groupSize };
      if (groups === 0) return out;
      const buffers = [gpu.buffer(t, 'int4 values'), gpu.buffer(out.scales), gpu.buffer(out.zeros), gpu.buffer(out.packed)];
      const statsGrid = gpu.grid(groups);
      gpu.dispatch(gpu.pipelines.get({ name: 'int4_quantize', code: int4QuantizeWgsl, entryPoint: 'stats' }), buffers,
        QUANTIZE_PARAMS.of({ groupSize, groups, groupsX: statsGrid.groupsX, words }), statsGrid.groups);
      const packGrid = gpu.grid(Math.ceil(words / 64));
      gpu.dispatch(gpu.pipelines.get({ name: 'int4_quantize', code: int4QuantizeWgsl, entryPoint: 'pack' }), buffers,
        QUANTIZE_PARAMS.of({ groupSize, groups, groupsX: packGrid.groupsX, words }), packGrid.groups);
      return out;
    }
    default: return assertNever(be);
  }
}

/**
 * w̃ = scale·(code − zero) for every entry, a new tensor of q.shape. The cpu branch is dequantizePackedInt4 (int4.ts);
 * the webgpu branch runs shaders/learn/int4_dequantize.wgsl, one thread per entry.
 */
export function dequantizeInt4OnBackend(be: AnyBackend, q: Int4Tensors): Tensor {
  const n = sizeOf(q.shape);
  const { groupSize } = q;
  if (!(Number.isInteger(groupSize) && groupSize >= 1 && n % groupSize === 0)) {
    throw new RangeError(`dequantizeInt4OnBackend: ${q.shape.batch}×${q.shape.rows}×${q.shape.cols} (${n} entries) does not split into groups of ${groupSize}`);
  }
  const groups = n / groupSize;
  if (sizeOf(q.packed) !== int4Words(n) || sizeOf(q.scales) !== groups || sizeOf(q.zeros) !== groups) {
    throw new RangeError(
      `dequantizeInt4OnBackend: ${n} entries in groups of ${groupSize} need ${int4Words(n)} words, ${groups} scales and ${groups} zeros; ` +
        `got ${sizeOf(q.packed)}, ${sizeOf(q.scales)} and ${sizeOf(q.zeros)}`,
    );
  }
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      return cpu.upload(dequantizePackedInt4(cpu.view(q.packed), cpu.view(q.scales), cpu.view(q.zeros), groupSize, n), q.shape);
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty(q.shape);
      if (n === 0) return out;
      const { groupsX, groups: grid } = gpu.grid(Math.ceil(n / 256));
      gpu.dispatch(gpu.pipelines.get({ name: 'int4_dequantize', code: int4DequantizeWgsl }), [
        gpu.buffer(q.packed, 'int4 packed codes'), gpu.buffer(q.scales, 'int4 scales'), gpu.buffer(q.zeros, 'int4 zeros'), gpu.buffer(out),
      ], DEQUANTIZE_PARAMS.of({ n, groupSize, groupsX }), grid);
      return out;
    }
    default: return assertNever(be);
  }
}

/** Bytes of the three tensors kept: 4 per packed word, per scale and per zero point (both float32). */
export function int4TensorBytes(q: Int4Tensors): number {
  return 4 * (sizeOf(q.packed) + sizeOf(q.scales) + sizeOf(q.zeros));
}

/** Frees the three tensors. */
export function disposeInt4(be: Backend, q: Int4Tensors): void {
  for (const t of [q.packed, q.scales, q.zeros]) be.dispose(t);
}
