// Row and column sums as matmuls with a ones vector: on the software WebGPU adapter the backend's reduce costs ~2 ms per output line.
//
// backend.reduce runs one 256-thread workgroup per output with a barrier tree; SwiftShader pays ~1–2 ms for each, so
// a per-row reduce over a few hundred short rows takes a second. A matmul with a ones vector does the same sum in
// one cheap dispatch. These helpers are for the many-outputs, short-lines case (enqueued; call inside a tidy).
import type { Backend, Tensor } from '../../engine/backend';
import { reshape } from '../../learn/gatherKernels';

/** Σ_j x[b, i, j]: (batch, rows, cols) → (batch, rows, 1). */
export function rowSums(be: Backend, x: Tensor): Tensor {
  return be.matmul(x, be.fill({ rows: x.cols, cols: 1 }, 1));
}

/** Σ_i x[b, i, j]: (batch, rows, cols) → (batch, 1, cols). */
export function colSums(be: Backend, x: Tensor): Tensor {
  return be.matmul(be.fill({ rows: 1, cols: x.rows }, 1), x);
}

/** ‖x[b, i, :]‖₂: (batch, rows, cols) → (batch, rows, 1). */
export function rowNorms(be: Backend, x: Tensor): Tensor {
  return be.elementwise('sqrt', rowSums(be, be.elementwise('square', x)));
}

/** Each row divided by its norm (rows of norm below `floor` by `floor`, so zero rows stay zero). */
export function unitRows(be: Backend, x: Tensor, floor = 1e-12): Tensor {
  return be.elementwise('div', x, be.elementwise('max', rowNorms(be, x), be.fill({ rows: 1, cols: 1 }, floor)));
}

/** Σ_b x[b]: the batch items summed, (batch, rows, cols) → (rows, cols), by one matmul over the flattened items. */
export function batchSum(be: Backend, x: Tensor): Tensor {
  return reshape(be, colSums(be, reshape(be, x, { rows: x.batch, cols: x.rows * x.cols })), { rows: x.rows, cols: x.cols });
}
