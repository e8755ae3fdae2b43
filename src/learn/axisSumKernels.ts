// Column and row sums with one invocation per output (bias gradients, metric totals, group sums).
import { unsupported, type Backend, type Tensor } from '../engine/backend';
import { cpuOf, gpuOf } from '../linalg/matrixChecksKernels';
import axisSumsWgsl from '../../shaders/learn/axis_sums.wgsl?raw';

/**
 * Sums of each column (`'columns'`, → (1, cols)) or each row (`'rows'`, → (rows, 1)), like be.reduce('sum', …) per
 * column or row, but serial per output: fast for the few, short sums of training (be.reduce runs one 256-wide
 * workgroup per output, which software adapters execute slowly).
 * @param a (rows, cols), batch 1
 */
export function sumAlong(be: Backend, a: Tensor, which: 'columns' | 'rows'): Tensor {
  if (a.batch !== 1) throw new RangeError('sumAlong: batched tensors are not supported');
  const { rows, cols } = a;
  const alongRows = which === 'rows';
  const shape = alongRows ? { rows, cols: 1 } : { rows: 1, cols };
  switch (be.kind) {
    case 'cpu': {
      const cpu = cpuOf(be);
      const x = cpu.view(a);
      const out = new Float64Array(alongRows ? rows : cols);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[alongRows ? i : j] += x[i * cols + j];
      return cpu.upload(out, shape);
    }
    case 'webgpu': {
      const gpu = gpuOf(be);
      const out = gpu.empty(shape);
      const outputs = alongRows ? rows : cols;
      if (outputs === 0) return out;
      const { groupsX, groups } = gpu.grid(Math.ceil(outputs / 64));
      gpu.dispatch(gpu.pipelines.get({ name: 'axis_sums', code: axisSumsWgsl, constants: { ALONG_ROWS: alongRows ? 1 : 0 } }), [
        gpu.buffer(a, 'sum input'), gpu.buffer(out),
      ], [rows, cols, groupsX, 0], groups);
      return out;
    }
    default: return unsupported(be.kind);
  }
}
