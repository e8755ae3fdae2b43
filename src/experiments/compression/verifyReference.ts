// Checks that make the compression references independent of the code under test: the backend's SVD/eigh and k-means
// fits they start from are verified on the host (A = USVᵀ, QᵀQ = I, Lloyd's fixed point) before anything is computed from them.
import type { CodebookFit } from './codebooks';

/** max |A − U·diag(S)·Vᵀ| / max(1, max|A|) and the worst |UᵀU − I|, |VᵀV − I| entry, for U (m×r), V (n×r). */
export function svdDefect(A: ArrayLike<number>, m: number, n: number, U: ArrayLike<number>, S: ArrayLike<number>, V: ArrayLike<number>): number {
  const r = S.length;
  let scale = 1;
  for (let i = 0; i < m * n; i++) scale = Math.max(scale, Math.abs(A[i]));
  let worst = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < r; p++) s += U[i * r + p] * S[p] * V[j * r + p];
    worst = Math.max(worst, Math.abs(s - A[i * n + j]) / scale);
  }
  for (const [Q, rows] of [[U, m], [V, n]] as const) {
    for (let p = 0; p < r; p++) for (let q = 0; q < r; q++) {
      let s = 0;
      for (let i = 0; i < rows; i++) s += Q[i * r + p] * Q[i * r + q];
      worst = Math.max(worst, Math.abs(s - (p === q ? 1 : 0)));
    }
  }
  for (let p = 0; p < r; p++) if (S[p] < 0 || (p > 0 && S[p] > S[p - 1])) return Infinity;
  return worst;
}

/**
 * Throws unless `fit` is a fixed point of Lloyd's algorithm on `data` (N×v): every label is a nearest centroid (up to
 * `tol` in squared distance) and every non-empty cluster's centroid is the mean of its members.
 */
export function requireLloydFixedPoint(data: ArrayLike<number>, fit: CodebookFit, tol = 1e-9): void {
  const { K, v, labels, centroids } = fit;
  const N = labels.length;
  const dist = (i: number, c: number) => {
    let s = 0;
    for (let p = 0; p < v; p++) s += (data[i * v + p] - centroids[c * v + p]) ** 2;
    return s;
  };
  const sums = new Float64Array(K * v);
  const counts = new Float64Array(K);
  for (let i = 0; i < N; i++) {
    const own = dist(i, labels[i]);
    for (let c = 0; c < K; c++) if (dist(i, c) < own - tol) throw new Error(`k-means fit (K=${K}): point ${i} is nearer centroid ${c} than its own ${labels[i]}`);
    counts[labels[i]]++;
    for (let p = 0; p < v; p++) sums[labels[i] * v + p] += data[i * v + p];
  }
  for (let c = 0; c < K; c++) for (let p = 0; p < v && counts[c] > 0; p++) {
    const mean = sums[c * v + p] / counts[c];
    if (Math.abs(mean - centroids[c * v + p]) > tol * Math.max(1, Math.abs(mean))) throw new Error(`k-means fit (K=${K}): centroid ${c} is not the mean of its members`);
  }
}
