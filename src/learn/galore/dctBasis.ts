// The orthonormal DCT-II basis and the column selection of the SVD-free low-rank projection (DCT variant of GaLore).

/**
 * The n×n orthonormal DCT-II basis, row-major, one basis vector per column:
 * Q[i, k] = c_k · cos(π (2i + 1) k / (2n)), c_0 = √(1/n), c_k = √(2/n). QᵀQ = QQᵀ = I.
 */
export function dctBasis(n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`dctBasis: size must be a positive integer, got ${n}`);
  const q = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const c = Math.sqrt((k === 0 ? 1 : 2) / n);
    for (let i = 0; i < n; i++) q[i * n + k] = c * Math.cos((Math.PI * (2 * i + 1) * k) / (2 * n));
  }
  return q;
}

/**
 * Indices of the k largest scores (ties to the lower index), returned in ascending index order so a refresh
 * that keeps a column keeps it in a predictable slot.
 */
export function topIndices(scores: ArrayLike<number>, k: number): number[] {
  if (!(k >= 1 && k <= scores.length)) throw new RangeError(`topIndices: k = ${k} of ${scores.length} scores`);
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  return order.slice(0, k).sort((a, b) => a - b);
}

/** The chosen columns of an n×n row-major basis as an n×k row-major matrix. */
export function basisColumns(basis: Float64Array, n: number, columns: readonly number[]): Float64Array {
  const out = new Float64Array(n * columns.length);
  for (let i = 0; i < n; i++) columns.forEach((c, j) => (out[i * columns.length + j] = basis[i * n + c]));
  return out;
}
