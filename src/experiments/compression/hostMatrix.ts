// Float64 row-major matrix helpers for the compression page's host references (products, transposes, grams).

/** A·B for row-major A (p×q) and B (q×s). */
export function mm(A: ArrayLike<number>, B: ArrayLike<number>, p: number, q: number, s: number): Float64Array {
  const C = new Float64Array(p * s);
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < q; k++) {
      const a = A[i * q + k];
      if (a === 0) continue;
      for (let j = 0; j < s; j++) C[i * s + j] += a * B[k * s + j];
    }
  }
  return C;
}

/** Aᵀ (q×p) of a row-major A (p×q). */
export function tr(A: ArrayLike<number>, p: number, q: number): Float64Array {
  const T = new Float64Array(p * q);
  for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) T[j * p + i] = A[i * q + j];
  return T;
}

/** XᵀX/N (n×n) of the N rows of X (N×n). */
export function gram(X: ArrayLike<number>, N: number, n: number): Float64Array {
  return mm(tr(X, N, n), X, n, N, n).map((v) => v / N);
}

/** Σ a_i² of every entry. */
export function sumSquares(A: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < A.length; i++) s += A[i] * A[i];
  return s;
}

/** U_r diag(S_r) V_rᵀ (m×n) from a thin SVD with U (m×r0), V (n×r0). */
export function truncate(f: { r: number; U: Float64Array; S: Float64Array; V: Float64Array }, m: number, n: number, r: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let p = 0; p < r; p++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] += f.U[i * f.r + p] * f.S[p] * f.V[j * f.r + p];
  return out;
}
