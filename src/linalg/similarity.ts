// Representation similarity on the backend (rows are samples): unit correlations, linear CKA, CCA, principal angles, Procrustes.
import type { Backend, Tensor } from '../engine/backend';
import { svd } from './svd';
import { Scratch, unitRoundoff } from './matrixChecksKernels';

/** The same number of samples in both, or a clear error naming who asked. */
function requireSameRows(X: Tensor, Y: Tensor, who: string): void {
  if (X.batch !== 1 || Y.batch !== 1) throw new RangeError(`${who}: batched tensors are not supported; samples are rows`);
  if (X.rows !== Y.rows) throw new RangeError(`${who}: X has ${X.rows} rows (samples) but Y has ${Y.rows}; rows must match`);
  if (X.rows < 2) throw new RangeError(`${who}: needs at least 2 samples, got ${X.rows}`);
}

/**
 * Subtracts each column's mean.
 * @param X (n, d) @returns (n, d)
 */
export function centerColumns(be: Backend, X: Tensor): Tensor {
  return be.tidy(() => be.elementwise('add', X, be.reduce('sum', X, 'perCol'), 1, -1 / X.rows));
}

/**
 * Columns centered and scaled to unit root-mean-square; a constant (dead) column becomes all zeros, so it
 * correlates 0 with everything instead of producing NaN.
 * @param X (n, d) @returns (n, d)
 */
export function standardizeColumns(be: Backend, X: Tensor): Tensor {
  return be.tidy(() => {
    const c = centerColumns(be, X);
    const rms = be.elementwise('sqrt', be.elementwise('scale', be.reduce('sumSquares', c, 'perCol'), null, 1 / X.rows));
    return be.elementwise('div', c, be.elementwise('clamp', rms, null, 1e-12, 3e38));
  });
}

/**
 * Pearson correlation of every unit of A with every unit of B over the samples (Convergent Learning's unit matching).
 * @param A (n, p), B (n, q) @returns (p, q); dead units correlate 0
 */
export function unitCorrelations(be: Backend, A: Tensor, B: Tensor): Tensor {
  requireSameRows(A, B, 'unitCorrelations');
  return be.tidy(() => be.elementwise('scale', be.matmul(standardizeColumns(be, A), standardizeColumns(be, B), { transA: true }), null, 1 / A.rows));
}

/**
 * Linear CKA, ‖YcᵀXc‖²_F / (‖XcᵀXc‖_F·‖YcᵀYc‖_F) with centered columns (Kornblith et al. 2019): invariant to
 * orthogonal maps and isotropic scaling of either side.
 * @param X (n, p), Y (n, q) @returns a number in [0, 1]
 */
export async function linearCka(be: Backend, X: Tensor, Y: Tensor): Promise<number> {
  requireSameRows(X, Y, 'cka');
  const parts = be.tidy(() => {
    const xc = centerColumns(be, X);
    const yc = centerColumns(be, Y);
    const norm2 = (a: Tensor, b: Tensor) => be.keep(be.reduce('sumSquares', be.matmul(a, b, { transA: true }), 'all'));
    return [norm2(yc, xc), norm2(xc, xc), norm2(yc, yc)];
  });
  try {
    const [cross, xx, yy] = (await Promise.all(parts.map((t) => be.read(t)))).map((v) => v[0]);
    if (!(xx > 0)) throw new RangeError('cka: X has no variance (every column is constant)');
    if (!(yy > 0)) throw new RangeError('cka: Y has no variance (every column is constant)');
    return cross / Math.sqrt(xx * yy);
  } finally {
    for (const t of parts) be.dispose(t);
  }
}

/** An orthonormal basis of a column span with its SVD pieces: A ≈ U·diag(S)·Vᵀ truncated to the numerical rank. */
export type SpanBasis = {
  /** (n, rank) orthonormal columns spanning A's column space */
  U: Tensor;
  /** (rank) singular values, descending */
  S: Float64Array;
  /** (d, rank) right singular vectors */
  V: Tensor;
  rank: number;
  dispose(): void;
};

/**
 * The column span of A by SVD, keeping singular values above max(n, d)·32·u·σ₁ (u: the backend's unit roundoff),
 * or at most `keep` of them.
 * @param A (n, d) @returns U (n, r), S (r), V (d, r) with r = min(rank, keep)
 */
export async function spanBasis(be: Backend, A: Tensor, keep = Infinity, who = 'spanBasis'): Promise<SpanBasis> {
  const f = await svd(be, A);
  const scratch = new Scratch(be);
  scratch.track(f.U);
  scratch.track(f.V);
  try {
    const tol = Math.max(A.rows, A.cols) * 32 * unitRoundoff(be) * (f.S[0] ?? 0);
    let rank = 0;
    while (rank < f.S.length && f.S[rank] > tol && f.S[rank] > 0) rank++;
    if (rank === 0) throw new RangeError(`${who}: the matrix is zero (rank 0)`);
    const r = Math.min(rank, keep);
    const U = r === f.U.cols ? scratch.release(f.U) : be.keep(be.slice(f.U, 0, 0, f.U.rows, r));
    const V = r === f.V.cols ? scratch.release(f.V) : be.keep(be.slice(f.V, 0, 0, f.V.rows, r));
    return { U, S: f.S.slice(0, r), V, rank: r, dispose: () => { be.dispose(U); be.dispose(V); } };
  } finally {
    scratch.dispose();
  }
}

/**
 * Cosines of the principal angles between two orthonormal bases: the singular values of QaᵀQb, clamped to [0, 1].
 * @param Qa (n, p), Qb (n, q) orthonormal columns @returns min(p, q) cosines, descending
 */
export async function principalCosines(be: Backend, Qa: Tensor, Qb: Tensor): Promise<number[]> {
  const M = be.matmul(Qa, Qb, { transA: true });
  try {
    const f = await svd(be, M);
    be.dispose(f.U);
    be.dispose(f.V);
    return Array.from(f.S, (s) => Math.min(1, Math.max(0, s)));
  } finally {
    be.dispose(M);
  }
}

/**
 * Principal angles between the column spans of A and B (Björck & Golub 1973), via orthonormal bases from the SVD.
 * @param A (n, p), B (n, q) @returns min(rank A, rank B) angles in radians, ascending
 */
export async function principalAngles(be: Backend, A: Tensor, B: Tensor): Promise<number[]> {
  requireSameRows(A, B, 'principalAngles');
  const a = await spanBasis(be, A, Infinity, 'principalAngles: A');
  try {
    const b = await spanBasis(be, B, Infinity, 'principalAngles: B');
    try {
      return (await principalCosines(be, a.U, b.U)).map(Math.acos);
    } finally {
      b.dispose();
    }
  } finally {
    a.dispose();
  }
}

/** The two views' CCA fit: column means and the top-k canonical directions (Xc·A and Yc·B have correlations ρ). */
export type CcaFit = {
  /** (1, p) and (1, q) column means of the fitting data */
  meanX: Tensor;
  meanY: Tensor;
  /** (p, k) and (q, k): canonical directions, each projection has unit variance·n */
  A: Tensor;
  B: Tensor;
  /** k canonical correlations, descending */
  correlations: number[];
  dispose(): void;
};

/**
 * CCA of two views by the SVD route: Xc = UₓSₓVₓᵀ, Yc = U_yS_yV_yᵀ (numerical rank), then UₓᵀU_y = PΣQᵀ; the
 * canonical correlations are Σ and the directions A = VₓSₓ⁻¹P, B = V_yS_y⁻¹Q (Björck & Golub 1973).
 * @param X (n, p), Y (n, q); k ≤ min(rank Xc, rank Yc) else a RangeError
 */
export async function fitCca(be: Backend, X: Tensor, Y: Tensor, k: number): Promise<CcaFit> {
  requireSameRows(X, Y, 'cca');
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`cca: k must be a positive whole number, got ${k}`);
  const scratch = new Scratch(be);
  try {
    const mean = (Z: Tensor) => scratch.track(be.tidy(() => be.elementwise('scale', be.reduce('sum', Z, 'perCol'), null, 1 / Z.rows)));
    const meanX = mean(X);
    const meanY = mean(Y);
    const bx = await spanBasis(be, scratch.track(centerColumns(be, X)), Infinity, 'cca: X');
    scratch.track(bx.U);
    scratch.track(bx.V);
    const by = await spanBasis(be, scratch.track(centerColumns(be, Y)), Infinity, 'cca: Y');
    scratch.track(by.U);
    scratch.track(by.V);
    if (k > Math.min(bx.rank, by.rank)) {
      throw new RangeError(`cca: k = ${k} exceeds the rank of the centered data (X: ${bx.rank}, Y: ${by.rank})`);
    }
    const f = await svd(be, scratch.track(be.matmul(bx.U, by.U, { transA: true })));
    scratch.track(f.U);
    scratch.track(f.V);
    const directions = (V: Tensor, S: Float64Array, P: Tensor) => scratch.track(be.tidy(() => {
      const inverse = be.upload(Array.from(S, (s) => 1 / s), { rows: 1, cols: S.length });
      return be.matmul(be.elementwise('mul', V, inverse), be.slice(P, 0, 0, P.rows, k));
    }));
    const A = scratch.release(directions(bx.V, bx.S, f.U));
    const B = scratch.release(directions(by.V, by.S, f.V));
    scratch.release(meanX);
    scratch.release(meanY);
    const correlations = Array.from(f.S.slice(0, k), (s) => Math.min(1, Math.max(0, s)));
    return { meanX, meanY, A, B, correlations, dispose: () => { for (const t of [meanX, meanY, A, B]) be.dispose(t); } };
  } finally {
    scratch.dispose();
  }
}

/**
 * The top-k canonical correlations between the views X and Y.
 * @param X (n, p), Y (n, q) @returns k numbers in [0, 1], descending
 */
export async function canonicalCorrelations(be: Backend, X: Tensor, Y: Tensor, k: number): Promise<number[]> {
  const fit = await fitCca(be, X, Y, k);
  fit.dispose();
  return fit.correlations;
}

/**
 * Orthogonal Procrustes (Schönemann 1966): the orthogonal R minimizing ‖XR − Y‖_F is UVᵀ with XᵀY = USVᵀ.
 * @param X (n, d), Y (n, d) @returns R (d, d); the caller owns it
 */
export async function procrustes(be: Backend, X: Tensor, Y: Tensor): Promise<Tensor> {
  requireSameRows(X, Y, 'procrustes');
  if (X.cols !== Y.cols) throw new RangeError(`procrustes: X has ${X.cols} columns but Y has ${Y.cols}; an orthogonal map needs equal widths`);
  const M = be.matmul(X, Y, { transA: true });
  try {
    const f = await svd(be, M);
    try {
      return be.keep(be.matmul(f.U, f.V, { transB: true }));
    } finally {
      be.dispose(f.U);
      be.dispose(f.V);
    }
  } finally {
    be.dispose(M);
  }
}
