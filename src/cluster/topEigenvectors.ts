// Leading eigenvectors of a symmetric matrix: eigh when small, else block Krylov (block Lanczos) with Rayleigh–Ritz via eigh.
import type { Backend, Tensor } from '../engine/backend';
import { Rng } from '../data/rng';
import { eigh } from '../linalg/eigh';
import { householderQr } from '../linalg/qr';
import { Scratch } from '../linalg/matrixChecksKernels';
import { stackColumns } from './tensorOps';

export type TopEigenOptions = {
  /** Seeds the random start block (default 0). */
  seed?: number;
  /** Up to this size the full eigh runs directly (default 160). */
  directMax?: number;
  /** Largest Krylov basis (default 192 columns). */
  maxBasis?: number;
  /** Stop when every ‖Av − λv‖ ≤ tol·max|λ| (default 1e-3 on f32, 1e-4 on f64: clustering needs the subspace, not digits). */
  tol?: number;
  /** Most restarts of the Krylov process (default 6). */
  maxRestarts?: number;
};

export type TopEigenResult = {
  /** The k largest eigenvalues (algebraically), descending. */
  values: Float64Array;
  /** Their eigenvectors as columns, (n, k); the caller owns it. */
  vectors: Tensor;
  /** max ‖Av − λv‖ / max|λ| of the returned pairs (0 for the direct path). */
  residual: number;
};

/**
 * The k algebraically largest eigenpairs of a symmetric a: (n, n).
 * Small matrices go to eigh. Larger ones: block Krylov subspace [Q₀, AQ₀, …, A^q Q₀] with full
 * reorthogonalization (Golub & Van Loan §10.3.6), projected T = Qᵀ A Q, eigh(T), Ritz vectors V = Q·Y;
 * restarted from the best Ritz vectors until the residuals are small. Only matmuls, QR and a small eigh.
 */
export async function topEigenvectors(be: Backend, a: Tensor, k: number, o: TopEigenOptions = {}): Promise<TopEigenResult> {
  const n = a.rows;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`topEigenvectors: k must be in [1, ${n}], got ${k}`);
  const block = Math.min(n, k + Math.max(4, Math.ceil(k / 2)));
  const depth = Math.min(14, Math.floor(Math.min(n, o.maxBasis ?? 192) / block) - 1);
  if (n <= (o.directMax ?? 160) || depth < 2) {
    const { values, vectors } = await eigh(be, a);
    const top = be.tidy(() => be.slice(vectors, 0, 0, n, k));
    be.dispose(vectors);
    return { values: values.slice(0, k), vectors: top, residual: 0 };
  }
  const tol = o.tol ?? (be.precision === 'f32' ? 1e-3 : 1e-4);
  const rng = new Rng(o.seed ?? 0);
  const scratch = new Scratch(be);
  try {
    let start = scratch.track(be.upload(rng.normals(n * block), { rows: n, cols: block }));
    for (let restart = 0; ; restart++) {
      const { basis, image } = krylovBasis(be, a, start, depth);
      scratch.track(basis);
      scratch.track(image);
      const projected = scratch.track(be.tidy(() => {
        const t = be.matmul(basis, image, { transA: true });
        return be.elementwise('add', t, be.transpose(t), 0.5, 0.5);
      }));
      const { values, vectors: ritz } = await eigh(be, projected);
      scratch.track(ritz);
      const width = basis.cols;
      const y = scratch.track(be.tidy(() => be.slice(ritz, 0, 0, width, k)));
      const vectors = scratch.track(be.matmul(basis, y));
      const lambda = values.slice(0, k);
      const residualNorms = scratch.track(be.tidy(() => {
        const av = be.matmul(image, y);
        const vl = be.elementwise('mul', vectors, be.upload(lambda, { rows: 1, cols: k }));
        return be.reduce('norm', be.elementwise('add', av, vl, 1, -1), 'perCol');
      }));
      const scale = Math.max(...Array.from(lambda, Math.abs), 1e-30);
      const residual = Math.max(...(await be.read(residualNorms))) / scale;
      if (residual <= tol || restart >= (o.maxRestarts ?? 6)) {
        return { values: lambda, vectors: scratch.release(vectors), residual };
      }
      // Restart from the best `block` Ritz vectors: they already hold most of the wanted subspace.
      start = scratch.track(be.tidy(() => be.matmul(basis, be.slice(ritz, 0, 0, width, block))));
      for (const t of [basis, image, projected, ritz, y, vectors, residualNorms]) scratch.free(t);
    }
  } finally {
    scratch.dispose();
  }
}

/**
 * Orthonormal basis Q = [Q₀ … Q_q] of the block Krylov space of `start` (n × b), and image = A·Q, both
 * (n, b(q+1)). Each new block is A·Q_j minus its projections on all earlier blocks (twice, for orthogonality
 * in f32), then orthonormalized by Householder QR.
 */
function krylovBasis(be: Backend, a: Tensor, start: Tensor, depth: number): { basis: Tensor; image: Tensor } {
  return be.tidy(() => {
    const blocks: Tensor[] = [householderQr(be, start).Q];
    const images: Tensor[] = [];
    for (let j = 0; j <= depth; j++) {
      const w0 = be.matmul(a, blocks[j]);
      images.push(w0);
      if (j === depth) break;
      let w = w0;
      for (let pass = 0; pass < 2; pass++) {
        for (const q of blocks) w = be.elementwise('add', w, be.matmul(q, be.matmul(q, w, { transA: true })), 1, -1);
      }
      blocks.push(householderQr(be, w).Q);
    }
    return { basis: stackColumns(be, blocks), image: stackColumns(be, images) };
  });
}
