// Host-side float64 property checks for factorizations (QᵀQ = I, A = QR, A = U·diag(S)·Vᵀ), shared by the linalg tests.

/** max |QᵀQ − I| over the entries, for Q (batch item `z` of a (batch, m, k) array) with k orthonormal columns. */
export function orthogonalityError(q: ArrayLike<number>, m: number, k: number, z = 0): number {
  const base = z * m * k;
  let worst = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let d = 0;
      for (let i = 0; i < m; i++) d += q[base + i * k + a] * q[base + i * k + b];
      worst = Math.max(worst, Math.abs(d - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

/** ‖A − B·C‖_F / ‖A‖_F for A (m, n), B (m, k), C (k, n), batch item `z`; 0/0 counts as 0. */
export function productResidual(a: ArrayLike<number>, b: ArrayLike<number>, c: ArrayLike<number>, m: number, k: number, n: number, z = 0): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += b[z * m * k + i * k + p] * c[z * k * n + p * n + j];
      const x = a[z * m * n + i * n + j];
      num += (x - s) ** 2;
      den += x * x;
    }
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

/** ‖A − U·diag(S)·Vᵀ‖_F / ‖A‖_F with A (m, n), U (m, r), S (r), V (n, r), batch item `z`. */
export function svdResidual(
  a: ArrayLike<number>, u: ArrayLike<number>, s: ArrayLike<number>, v: ArrayLike<number>, m: number, n: number, r: number, z = 0,
): number {
  const us = new Float64Array(m * r);
  for (let i = 0; i < m; i++) for (let p = 0; p < r; p++) us[i * r + p] = u[z * m * r + i * r + p] * s[z * r + p];
  const vt = new Float64Array(r * n);
  for (let j = 0; j < n; j++) for (let p = 0; p < r; p++) vt[p * n + j] = v[z * n * r + j * r + p];
  const item = Float64Array.from({ length: m * n }, (_, i) => a[z * m * n + i]);
  return productResidual(item, us, vt, m, r, n);
}

/** Largest entry below the diagonal of each (n, n) item, in absolute value. */
export function belowDiagonal(r: ArrayLike<number>, n: number, batch = 1): number {
  let worst = 0;
  for (let z = 0; z < batch; z++) for (let i = 0; i < n; i++) for (let k = 0; k < i; k++) worst = Math.max(worst, Math.abs(r[(z * n + i) * n + k]));
  return worst;
}

/** max_i |got_i − want_i| / want_i over the first `count` entries (absolute where want_i is 0). */
export function worstRelativeError(got: ArrayLike<number>, want: ArrayLike<number>, count = want.length): number {
  let worst = 0;
  for (let i = 0; i < count; i++) {
    const err = Math.abs(got[i] - want[i]);
    worst = Math.max(worst, want[i] === 0 ? err : err / Math.abs(want[i]));
  }
  return worst;
}

/** True when each batch item's entries are sorted descending. */
export function isDescending(s: ArrayLike<number>, r: number, batch = 1): boolean {
  for (let z = 0; z < batch; z++) for (let i = 1; i < r; i++) if (s[z * r + i] > s[z * r + i - 1]) return false;
  return true;
}

/** Row-major transpose of an (m, n) array. */
export function transposed(a: ArrayLike<number>, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}
