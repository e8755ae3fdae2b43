// The base compressions on the backend: per-row symmetric 4-bit rounding and 2:4 pruning (twins of methods.ts).
import type { Backend, Tensor } from '../../engine/backend';
import { reshape } from '../../learn/gatherKernels';

/**
 * Adding then subtracting 1.5·2^(mantissa bits) rounds |x| < 2^(bits−1) to the nearest integer in the backend's
 * own precision (ties to even; the host's Math.round differs only on exact .5 ties).
 */
function roundingShift(be: Backend): number {
  return be.precision === 'f32' ? 1.5 * 2 ** 23 : 1.5 * 2 ** 52;
}

/** Nearest integers of x, elementwise (two 'scale' ops, see roundingShift). */
export function roundToInteger(be: Backend, x: Tensor): Tensor {
  const shift = roundingShift(be);
  return be.tidy(() => be.elementwise('scale', be.elementwise('scale', x, null, 1, shift), null, 1, -shift));
}

/** Per-row symmetric 4-bit rounding of W (m×n): s_i = max|w_i·|/7, w ≈ s_i·clamp(round(w/s_i), −8, 7). */
export function round4bitOn(be: Backend, W: Tensor): Tensor {
  if (W.batch !== 1) throw new RangeError(`round4bitOn: W must be one matrix, got a batch of ${W.batch}`);
  return be.tidy(() => {
    // an all-zero row keeps s = 0 here; w/0 would be NaN, so divide by max(s, tiny) (the row rounds to 0 either way)
    const s = be.elementwise('scale', be.reduce('maxAbs', W, 'perRow'), null, 1 / 7, 0);
    const safe = be.elementwise('clamp', s, null, 1e-30, Infinity);
    const q = be.elementwise('clamp', roundToInteger(be, be.elementwise('div', W, safe)), null, -8, 7);
    return be.elementwise('mul', q, safe);
  });
}

/**
 * 2:4 pruning of W (m×n, m·n a multiple of 4): in each group of four consecutive entries the two largest |w| stay.
 * The second largest of four is the largest of the six pairwise minima; an entry stays when |w| ≥ it.
 */
export function prune24On(be: Backend, W: Tensor): Tensor {
  const total = W.batch * W.rows * W.cols;
  if (W.batch !== 1 || total % 4 !== 0) throw new RangeError(`prune24On: W must be one matrix with a multiple of 4 entries, got ${W.batch}×${W.rows}×${W.cols}`);
  return be.tidy(() => {
    const groups = reshape(be, W, { rows: total / 4, cols: 4 });
    const mag = be.elementwise('abs', groups);
    const col = [0, 1, 2, 3].map((c) => be.slice(mag, 0, c, total / 4, 1));
    let second: Tensor | null = null;
    for (let a = 0; a < 4; a++) {
      for (let b = a + 1; b < 4; b++) {
        const low = be.elementwise('min', col[a], col[b]);
        second = second ? be.elementwise('max', second, low) : low;
      }
    }
    // keep = 1 where |w| − second ≥ 0: sign ∈ {−1, 0, 1} → +1 → clamp to [0, 1]
    const sign = be.elementwise('sign', be.elementwise('add', mag, second!, 1, -1));
    const keep = be.elementwise('clamp', be.elementwise('scale', sign, null, 1, 1), null, 0, 1);
    const kept = be.elementwise('mul', groups, keep);
    return reshape(be, kept, { rows: W.rows, cols: W.cols });
  });
}
