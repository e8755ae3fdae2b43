// Fused softmax cross-entropy over a mini-batch: per-row loss and hit, and the gradient (p − onehot)·gradScale.
import { assertNever, type AnyBackend, type Tensor } from '../engine/backend';
import type { CpuBackend } from '../engine/cpu/cpuBackend';
import softmaxCrossEntropyWgsl from '../../shaders/learn/softmax_cross_entropy.wgsl?raw';
import { uniformLayout } from '../engine/webgpu/uniformLayout';

const SOFTMAX_CE_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/learn/softmax_cross_entropy.wgsl'] }, {
  rows: 'u32', cols: 'u32', groupsX: 'u32', _pad0: 'u32', gradScale: 'f32', _pad1: 'f32', _pad2: 'f32', _pad3: 'f32',
});

export type SoftmaxCrossEntropy = {
  /** (B, C): ∂(gradScale·Σ_i loss_i)/∂logits = (softmax − onehot)·gradScale. */
  grad: Tensor;
  /** (B, 2): [loss_i = −log softmax(z_i)[y_i], 1 if argmax z_i = y_i else 0]; sum per column for totals. */
  rowStats: Tensor;
};

/**
 * Softmax cross-entropy with integer labels, max-subtracted per row (never overflows).
 * @param logits (B, C)
 * @param labels (B, 1): class indices 0..C−1 stored as floats
 * @param gradScale multiplies the gradient; 1/B (the default) makes it the gradient of the mean loss
 */
export function softmaxCrossEntropy(be: AnyBackend, logits: Tensor, labels: Tensor, gradScale = 1 / logits.rows): SoftmaxCrossEntropy {
  const { rows, cols } = logits;
  if (logits.batch !== 1 || labels.batch !== 1) throw new RangeError('softmaxCrossEntropy: batched tensors are not supported; samples are rows');
  if (labels.rows !== rows || labels.cols !== 1) throw new RangeError(`softmaxCrossEntropy: labels must be ${rows}×1, got ${labels.rows}×${labels.cols}`);
  if (cols < 1) throw new RangeError('softmaxCrossEntropy: needs at least one class');
  switch (be.kind) {
    case 'cpu': return softmaxCrossEntropyCpu(be, logits, labels, gradScale);
    case 'webgpu': {
      const gpu = be;
      const grad = gpu.empty({ rows, cols });
      const rowStats = gpu.empty({ rows, cols: 2 });
      if (rows === 0) return { grad, rowStats };
      const pipeline = gpu.pipelines.get({ name: 'softmax_cross_entropy', code: softmaxCrossEntropyWgsl });
      const { groupsX, groups } = gpu.grid(Math.ceil(rows / 64));
      gpu.dispatch(pipeline, [gpu.buffer(logits, 'logits'), gpu.buffer(labels, 'labels'), gpu.buffer(grad), gpu.buffer(rowStats)], SOFTMAX_CE_PARAMS.of({
        rows, cols, groupsX, gradScale,
      }), groups);
      return { grad, rowStats };
    }
    default: return assertNever(be);
  }
}

function softmaxCrossEntropyCpu(cpu: CpuBackend, logits: Tensor, labels: Tensor, gradScale: number): SoftmaxCrossEntropy {
  const z = cpu.view(logits);
  const y = cpu.view(labels);
  const { rows, cols } = logits;
  const grad = new Float64Array(rows * cols);
  const stats = new Float64Array(rows * 2);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    const label = Math.round(y[i]);
    if (!(label >= 0 && label < cols)) throw new RangeError(`softmaxCrossEntropy: label ${y[i]} of row ${i} is not in 0..${cols - 1}`);
    let largest = z[base];
    let best = 0;
    for (let j = 1; j < cols; j++) if (z[base + j] > largest) { largest = z[base + j]; best = j; }
    let total = 0;
    for (let j = 0; j < cols; j++) total += Math.exp(z[base + j] - largest);
    for (let j = 0; j < cols; j++) grad[base + j] = (Math.exp(z[base + j] - largest) / total - (j === label ? 1 : 0)) * gradScale;
    stats[2 * i] = Math.log(total) + largest - z[base + label];
    stats[2 * i + 1] = best === label ? 1 : 0;
  }
  return { grad: cpu.upload(grad, { rows, cols }), rowStats: cpu.upload(stats, { rows, cols: 2 }) };
}
