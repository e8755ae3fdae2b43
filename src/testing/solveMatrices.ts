// Test matrices for linear solves and their relative residual, shared by the float64 and the WebGPU solve tests.
import type { Rng } from '../data/rng';
import type { SolveAssumption } from '../linalg/solve';
import { spdWithEigenvalues } from './matrices';

/** ‖A·X − B‖_F / (‖A‖_F·‖X‖_F) per batch item, worst over the batch; a: (batchA, n, n), x and b: (batch, n, k). */
export function solveResidual(a: ArrayLike<number>, x: ArrayLike<number>, b: ArrayLike<number>, batch: number, n: number, k: number): number {
  let worst = 0;
  for (let z = 0; z < batch; z++) {
    const ab = a.length === n * n ? 0 : z * n * n;
    let r = 0, na = 0, nx = 0;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let p = 0; p < n; p++) s += a[ab + i * n + p] * x[z * n * k + p * k + c];
        r += (s - b[z * n * k + i * k + c]) ** 2;
        nx += x[z * n * k + i * k + c] ** 2;
      }
      for (let p = 0; p < n; p++) na += a[ab + i * n + p] ** 2;
    }
    worst = Math.max(worst, Math.sqrt(r / (na * nx)));
  }
  return worst;
}

/** A test matrix of the given structure: Gaussian + n·I for general/triangular (then masked), SPD with λ ∈ [1, 10]. */
export function solveTestMatrix(assume: SolveAssumption, rng: Rng, n: number): Float64Array {
  if (assume === 'spd') return spdWithEigenvalues(rng, Array.from({ length: n }, (_, i) => 1 + (9 * i) / Math.max(1, n - 1)));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const keep = assume === 'general' || (assume === 'lower' ? j <= i : j >= i);
      a[i * n + j] = keep ? rng.normal() + (i === j ? Math.sqrt(n) + 1 : 0) : 0;
    }
  }
  return a;
}
