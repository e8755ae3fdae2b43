// Row-wise log-softmax and softmax of scaled logits, composed from backend ops (max-subtracted, never overflows).
import type { Backend, Tensor } from '../engine/backend';

/**
 * log softmax(scale·z) per row: scale·z − max − log Σ exp(scale·z − max).
 * @param z (B, C), batch 1
 * @returns (B, C)
 */
export function logSoftmaxRows(be: Backend, z: Tensor, scale = 1): Tensor {
  const s = scale === 1 ? z : be.elementwise('scale', z, null, scale);
  const shifted = be.elementwise('add', s, be.reduce('max', s, 'perRow'), 1, -1);
  const logTotal = be.elementwise('log', be.reduce('sum', be.elementwise('exp', shifted), 'perRow'));
  return be.elementwise('add', shifted, logTotal, 1, -1);
}

/**
 * softmax(scale·z) per row.
 * @param z (B, C), batch 1
 * @returns (B, C), rows summing to 1
 */
export function softmaxRows(be: Backend, z: Tensor, scale = 1): Tensor {
  return be.elementwise('exp', logSoftmaxRows(be, z, scale));
}
