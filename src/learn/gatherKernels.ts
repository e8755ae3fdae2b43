// Data movement for training: index-gather of rows (mini-batches from a device-resident dataset) and flat segment copies.
import { assertNever, sizeOf, type AnyBackend, type Backend, type Shape, type Tensor } from '../engine/backend';
import gatherRowsWgsl from '../../shaders/learn/gather_rows.wgsl?raw';
import { uniformLayout } from '../engine/webgpu/uniformLayout';

const GATHER_ROWS_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/learn/gather_rows.wgsl'] }, {
  count: 'u32', cols: 'u32', offset: 'u32', groupsX: 'u32', sourceRows: 'u32', _pad0: 'u32', _pad1: 'u32', _pad2: 'u32',
});

/**
 * out[i, :] = source[indices[offset + i], :] for i < count.
 * @param source (N, C), batch 1
 * @param indices (≥ offset + count) entries: row numbers stored as floats (exact below 2^24)
 * @returns (count, C)
 */
export function gatherRows(be: AnyBackend, source: Tensor, indices: Tensor, offset: number, count: number): Tensor {
  if (source.batch !== 1) throw new RangeError('gatherRows: source must be unbatched (samples are rows)');
  if (offset < 0 || count < 0 || offset + count > sizeOf(indices)) {
    throw new RangeError(`gatherRows: indices [${offset}, ${offset + count}) are outside the ${sizeOf(indices)} given`);
  }
  const cols = source.cols;
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const src = cpu.view(source);
      const idx = cpu.view(indices);
      const out = new Float64Array(count * cols);
      for (let i = 0; i < count; i++) {
        const row = Math.round(idx[offset + i]);
        if (!(row >= 0 && row < source.rows)) throw new RangeError(`gatherRows: index ${idx[offset + i]} is not a row of a ${source.rows}-row source`);
        out.set(src.subarray(row * cols, (row + 1) * cols), i * cols);
      }
      return cpu.upload(out, { rows: count, cols });
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty({ rows: count, cols });
      const total = count * cols;
      if (total === 0) return out;
      const { groupsX, groups } = gpu.grid(Math.ceil(total / 256));
      gpu.dispatch(gpu.pipelines.get({ name: 'gather_rows', code: gatherRowsWgsl }), [
        gpu.buffer(source, 'gather source'), gpu.buffer(indices, 'gather indices'), gpu.buffer(out),
      ], GATHER_ROWS_PARAMS.of({ count, cols, offset, groupsX, sourceRows: source.rows }), groups);
      return out;
    }
    default: return assertNever(be);
  }
}

/**
 * Copies `count` numbers from `src` (row-major, flat position srcOffset) into `dst` at dstOffset, in place.
 * Shapes do not matter, only flat positions: this is how parameters are flattened and unflattened.
 */
export function copySegment(be: AnyBackend, src: Tensor, srcOffset: number, dst: Tensor, dstOffset: number, count: number): void {
  if (srcOffset < 0 || dstOffset < 0 || count < 0 || srcOffset + count > sizeOf(src) || dstOffset + count > sizeOf(dst)) {
    throw new RangeError(`copySegment: [${srcOffset}, +${count}) of ${sizeOf(src)} into [${dstOffset}, +${count}) of ${sizeOf(dst)} is out of range`);
  }
  if (count === 0) return;
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      cpu.view(dst).set(cpu.view(src).subarray(srcOffset, srcOffset + count), dstOffset);
      return;
    }
    case 'webgpu': {
      // A plain buffer copy, queued in order with the dispatches around it.
      const gpu = be;
      gpu.commandEncoder().copyBufferToBuffer(gpu.buffer(src, 'copy source'), srcOffset * 4, gpu.buffer(dst, 'copy target'), dstOffset * 4, count * 4);
      return;
    }
    default: return assertNever(be);
  }
}

/** A new tensor whose contents the caller overwrites entirely (no clearing pass on the GPU). */
export function uninitialized(be: AnyBackend, shape: Partial<Shape> & { rows: number; cols: number }): Tensor {
  return be.kind === 'webgpu' ? be.empty(shape) : be.fill(shape, 0);
}

/** A copy of `t` with another shape of the same size (tensors have no views). */
export function reshape(be: Backend, t: Tensor, shape: Partial<Shape> & { rows: number; cols: number }): Tensor {
  const s = { batch: shape.batch ?? 1, rows: shape.rows, cols: shape.cols };
  if (sizeOf(s) !== sizeOf(t)) throw new RangeError(`reshape: ${sizeOf(t)} entries cannot be ${s.batch}×${s.rows}×${s.cols}`);
  const out = uninitialized(be, s);
  copySegment(be, t, 0, out, 0, sizeOf(t));
  return out;
}
