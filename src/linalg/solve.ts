// Linear solves A·X = B: triangular by substitution, SPD via Cholesky, general via LU with partial pivoting.
import type { Backend, Tensor } from '../engine/backend';
import { checkedCholesky } from './cholesky';
import { matrixHealth, readMatrixHealth, requireFinite, requireSquare, Scratch, unitRoundoff, type MatrixHealth } from './matrixChecksKernels';
import { luEliminate, substitute } from './solveKernels';

/** Which structure of A the caller vouches for; 'general' assumes none. */
export type SolveAssumption = 'general' | 'spd' | 'lower' | 'upper';

/**
 * X with op(L)·X = B, op(L) = L or Lᵀ. l: [1 or batch, n, n] triangular (`lower` says which triangle is read);
 * b: [batch, n, k]; returns X: [batch, n, k]. Synchronous enqueue with no checks of the numbers: a zero on the
 * diagonal gives ±Infinity/NaN (solve() checks). One invocation per column of B does the substitution.
 */
export function triangularSolve(be: Backend, l: Tensor, b: Tensor, o: { lower: boolean; transpose?: boolean }): Tensor {
  requireSquare(l, 'triangularSolve');
  requireCompatible(l, b, 'triangularSolve');
  const transpose = !!o.transpose;
  return substitute(be, l, b, o.lower !== transpose, transpose);
}

/**
 * X with A·X = B for a: [batch, n, n], b: [batch, n, k] (a may have batch 1 unless assume is 'general').
 * assume 'general' (default): LU with partial pivoting on the backend (elimination applied to B alongside), then
 * back substitution; 'spd': Cholesky then two triangular solves; 'lower'/'upper': one triangular solve.
 * Throws a RangeError for non-finite input, an Error when A is singular to working precision
 * (|u_kk| ≤ unit roundoff · max|A|), and cholesky's error when 'spd' is assumed but A is not positive definite.
 * The caller owns X.
 */
export async function solve(be: Backend, a: Tensor, b: Tensor, o: { assume?: SolveAssumption } = {}): Promise<Tensor> {
  const assume = o.assume ?? 'general';
  requireSquare(a, 'solve');
  requireCompatible(a, b, 'solve');
  if (assume === 'general' && a.batch !== b.batch) {
    throw new RangeError(`solve: a general solve needs one A per right-hand side batch item (A batch ${a.batch}, B batch ${b.batch})`);
  }
  const scratch = new Scratch(be);
  try {
    const healthA = scratch.track(matrixHealth(be, a));
    const healthB = scratch.track(matrixHealth(be, b));
    let x: Tensor;
    let pivotHealth: Tensor | null = null;
    switch (assume) {
      case 'spd': {
        const { factor } = await checkedCholesky(be, a, 'solve');
        scratch.track(factor);
        const y = scratch.track(substitute(be, factor, b, true, false));
        x = scratch.track(substitute(be, factor, y, false, true));
        break;
      }
      case 'lower':
      case 'upper':
        x = scratch.track(substitute(be, a, b, assume === 'lower', false));
        pivotHealth = healthA;
        break;
      case 'general': {
        const { lu, rhs } = luEliminate(be, a, b);
        scratch.track(lu);
        scratch.track(rhs);
        pivotHealth = scratch.track(matrixHealth(be, lu));
        x = scratch.track(substitute(be, lu, rhs, false, false));
        break;
      }
      default: {
        const never: never = assume;
        throw new RangeError(`solve: unknown assume '${String(never)}'`);
      }
    }
    const [hA, hB, hLuPivots] = await Promise.all([
      readMatrixHealth(be, healthA),
      readMatrixHealth(be, healthB),
      pivotHealth && pivotHealth !== healthA ? readMatrixHealth(be, pivotHealth) : Promise.resolve(null),
    ]);
    const hPivots = pivotHealth === healthA ? hA : hLuPivots;
    requireFinite(hA, 'solve', 'A');
    requireFinite(hB, 'solve', 'B');
    if (hPivots) requireNonsingular(hPivots, hA, be);
    return scratch.release(x);
  } finally {
    scratch.dispose();
  }
}

function requireCompatible(a: Tensor, b: Tensor, who: string): void {
  if (b.rows !== a.rows) throw new RangeError(`${who}: A is ${a.rows}×${a.cols} but B has ${b.rows} rows`);
  if (a.batch !== 1 && a.batch !== b.batch) throw new RangeError(`${who}: A batch ${a.batch} does not match B batch ${b.batch}`);
}

/** U's diagonal (or a triangular A's) against max|A|: a zero or negligible pivot means A is singular to working precision. */
function requireNonsingular(u: MatrixHealth[], a: MatrixHealth[], be: Backend): void {
  u.forEach((h, z) => {
    const limit = unitRoundoff(be) * a[a.length === 1 ? 0 : z].maxAbs;
    if (h.nonFinite > 0 || !(h.minAbsDiagonal > limit)) {
      const item = u.length > 1 ? ` (batch item ${z})` : '';
      const why = h.nonFinite > 0 ? 'elimination produced non-finite numbers' : `smallest |pivot| ${h.minAbsDiagonal.toExponential(2)} ≤ ${limit.toExponential(2)}`;
      throw new Error(`solve: matrix${item} is singular to working precision (${why})`);
    }
  });
}
