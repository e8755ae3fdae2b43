// Row, column and batch sums and row norms of batched matrices, for the rate-reduction and diffusion pages.
//
// Row/column sums and norms are the engine's reduce (which now runs one invocation per output for short lines, the
// case these pages have); the batch sum is one matmul over the flattened items. Enqueued: call inside a tidy.
import type { Backend, Tensor } from '../../engine/backend';
import { reshape } from '../../learn/gatherKernels';

/** Σ_j x[b, i, j]: (batch, rows, cols) → (batch, rows, 1). */
export function rowSums(be: Backend, x: Tensor): Tensor {
  return be.reduce('sum', x, 'perRow');
}

/** Σ_i x[b, i, j]: (batch, rows, cols) → (batch, 1, cols). */
export function colSums(be: Backend, x: Tensor): Tensor {
  return be.reduce('sum', x, 'perCol');
}

/** ‖x[b, i, :]‖₂: (batch, rows, cols) → (batch, rows, 1). */
export function rowNorms(be: Backend, x: Tensor): Tensor {
  return be.reduce('norm', x, 'perRow');
}

/** Each row divided by its norm (rows of norm below `floor` by `floor`, so zero rows stay zero). */
export function unitRows(be: Backend, x: Tensor, floor = 1e-12): Tensor {
  return be.elementwise('div', x, be.elementwise('max', rowNorms(be, x), be.fill({ rows: 1, cols: 1 }, floor)));
}

/** Σ_b x[b]: the batch items summed, (batch, rows, cols) → (rows, cols), by one matmul over the flattened items. */
export function batchSum(be: Backend, x: Tensor): Tensor {
  const flat = reshape(be, x, { rows: x.batch, cols: x.rows * x.cols });
  return reshape(be, be.matmul(be.fill({ rows: 1, cols: x.batch }, 1), flat), { rows: x.rows, cols: x.cols });
}
