// Symmetric InfoNCE (CLIP/SimCLR-style) on two batches of embeddings, with its gradient, on the backend.
import type { Backend, Tensor } from '../engine/backend';
import { softmaxCrossEntropy } from './softmaxCrossEntropy';
import { normalizeRows, normalizeRowsBackward } from './rowNorm';

export type InfoNce = {
  /** (1, 1): L = ½·mean_i[−log softmax(S)_ii − log softmax(Sᵀ)_ii], S = ẑ₁ẑ₂ᵀ/τ */
  loss: Tensor;
  /** (B, d) each: ∂L/∂z₁, ∂L/∂z₂ */
  dz1: Tensor;
  dz2: Tensor;
};

/**
 * InfoNCE with in-batch negatives: row i of z₁ and row i of z₂ are two views of the same sample.
 * @param z1 (B, d), z2 (B, d) raw embeddings (normalized here); labels (B, 1) holding 0..B−1; tau the temperature
 */
export function infoNce(be: Backend, z1: Tensor, z2: Tensor, labels: Tensor, tau: number): InfoNce {
  if (z1.rows !== z2.rows || z1.cols !== z2.cols) throw new RangeError(`infoNce: views are ${z1.rows}×${z1.cols} and ${z2.rows}×${z2.cols}`);
  if (!(tau > 0)) throw new RangeError(`infoNce: the temperature must be positive, got ${tau}`);
  const B = z1.rows;
  const a = normalizeRows(be, z1);
  const b = normalizeRows(be, z2);
  const S = be.elementwise('scale', be.matmul(a.unit, b.unit, { transB: true }), null, 1 / tau);
  const rows = softmaxCrossEntropy(be, S, labels, 1 / (2 * B));
  const cols = softmaxCrossEntropy(be, be.transpose(S), labels, 1 / (2 * B));
  const dS = be.elementwise('add', rows.grad, be.transpose(cols.grad));
  const loss = be.elementwise('scale', be.elementwise('add', be.reduce('sum', rows.rowStats, 'perCol'), be.reduce('sum', cols.rowStats, 'perCol')), null, 1 / (2 * B));
  // rowStats columns are [loss, correct]; keep the loss sum only
  const lossOnly = be.slice(loss, 0, 0, 1, 1);
  const dUnit1 = be.elementwise('scale', be.matmul(dS, b.unit), null, 1 / tau);
  const dUnit2 = be.elementwise('scale', be.matmul(dS, a.unit, { transA: true }), null, 1 / tau);
  return { loss: lossOnly, dz1: normalizeRowsBackward(be, a.unit, a.norms, dUnit1), dz2: normalizeRowsBackward(be, b.unit, b.norms, dUnit2) };
}
