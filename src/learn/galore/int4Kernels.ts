// Q-GaLore's int4 quantization on a backend: codes, per-group scales and zero points, and the dequantized matrix.
import { sizeOf, unsupported, type Backend, type Tensor } from '../../engine/backend';
import { cpuOf, gpuOf } from '../../linalg/matrixChecksKernels';
import { dequantizeInt4, int4Bytes, quantizeInt4 } from './int4';
import int4QuantizeWgsl from '../../../shaders/learn/int4_quantize.wgsl?raw';

/** A tensor quantized to int4, still on its backend. Codes are stored one per entry (a float in 0..15), not packed. */
export type Int4Tensors = {
  /** Same shape as the input: one code in 0..15 per entry. */
  codes: Tensor;
  /** (groups, 1): (max − min) / 15 per group, at least 1e-5 / 15. */
  scales: Tensor;
  /** (groups, 1): the integer zero point −roundHalfUp(min / scale) per group, not clamped. */
  zeros: Tensor;
  /** Same shape as the input: scale·(code − zero). */
  dequantized: Tensor;
  groupSize: number;
};

/**
 * Quantizes `t` in groups of `groupSize` consecutive entries (row-major over all of t, batch included: a row length
 * gives per-row scales, sizeOf(t) one per-tensor scale). Same formulas as quantizeInt4 in int4.ts, which is the
 * float64 branch; the webgpu branch runs shaders/learn/int4_quantize.wgsl, one workgroup per group.
 * Non-finite entries: the cpu branch throws a RangeError, the webgpu branch gives meaningless numbers for that group.
 */
export function quantizeInt4OnBackend(be: Backend, t: Tensor, groupSize: number): Int4Tensors {
  const n = sizeOf(t);
  if (!(Number.isInteger(groupSize) && groupSize >= 1 && n % groupSize === 0)) {
    throw new RangeError(`quantizeInt4OnBackend: ${t.batch}×${t.rows}×${t.cols} (${n} entries) does not split into groups of ${groupSize}`);
  }
  const groups = n / groupSize;
  const shape = { batch: t.batch, rows: t.rows, cols: t.cols };
  const groupShape = { rows: groups, cols: 1 };
  switch (be.kind) {
    case 'cpu': {
      const cpu = cpuOf(be);
      const q = quantizeInt4(cpu.view(t), groupSize);
      return {
        codes: cpu.upload(q.codes, shape),
        scales: cpu.upload(q.scales, groupShape),
        zeros: cpu.upload(q.zeros, groupShape),
        dequantized: cpu.upload(dequantizeInt4(q), shape),
        groupSize,
      };
    }
    case 'webgpu': {
      const gpu = gpuOf(be);
      const out: Int4Tensors = {
        codes: gpu.empty(shape),
        scales: gpu.empty(groupShape),
        zeros: gpu.empty(groupShape),
        dequantized: gpu.empty(shape),
        groupSize,
      };
      if (groups === 0) return out;
      const { groupsX, groups: grid } = gpu.grid(groups);
      gpu.dispatch(gpu.pipelines.get({ name: 'int4_quantize', code: int4QuantizeWgsl }), [
        gpu.buffer(t, 'int4 values'), gpu.buffer(out.codes), gpu.buffer(out.scales), gpu.buffer(out.zeros), gpu.buffer(out.dequantized),
      ], [groupSize, groups, groupsX, 0], grid);
      return out;
    }
    default: return unsupported(be.kind);
  }
}

/** Bytes the int4 form needs when stored packed (half a byte per code, float32 scale and zero per group). */
export function int4TensorBytes(q: Int4Tensors): number {
  return int4Bytes({ codes: { length: sizeOf(q.codes) }, scales: { length: sizeOf(q.scales) } });
}

/** Frees the four tensors. */
export function disposeInt4(be: Backend, q: Int4Tensors): void {
  for (const t of [q.codes, q.scales, q.zeros, q.dequantized]) be.dispose(t);
}
