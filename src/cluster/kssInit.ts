// k-subspaces' starting points: a default subspace dimension from the data's spectrum, and k-means++-style seeded bases.
import type { Backend, Tensor } from '../engine/backend';
import type { Rng } from '../data/rng';
import { eigh } from '../linalg/eigh';
import { qr } from '../linalg/qr';

/**
 * The dimension a user who gives none most likely means: the numerical rank of X (the largest gap λ_i/λ_{i+1} in the
 * spectrum of XᵀX, computed by eigh on the backend) shared equally among the k subspaces.
 * @param x (n, D) @returns an integer in [1, D]
 */
export async function defaultSubspaceDim(be: Backend, x: Tensor, k: number): Promise<number> {
  const D = x.cols;
  const scatter = be.matmul(x, x, { transA: true });
  const { values, vectors } = await eigh(be, scatter);
  be.dispose(scatter);
  be.dispose(vectors);
  const top = Math.max(values[0], 1e-300);
  // eigenvalues below 1e-12 of the largest are rounding, not directions; they share one floor
  const floor = (v: number) => Math.max(v, 1e-12 * top);
  let rank = 1;
  let bestGap = 0;
  for (let i = 0; i + 1 < Math.min(D, x.rows); i++) {
    const gap = floor(values[i]) / floor(values[i + 1]);
    if (gap > bestGap) [bestGap, rank] = [gap, i + 1];
  }
  return Math.min(D, Math.max(1, Math.round(rank / k)));
}

/** Residuals ‖x_i‖² − ‖Uᵀx_i‖² of every row of x to the span of `basis` (D, dim), read back. */
async function residualsTo(be: Backend, x: Tensor, norms: Tensor, basis: Tensor): Promise<Float64Array> {
  const r = be.tidy(() => be.elementwise('add', be.reduce('sumSquares', be.matmul(x, basis), 'perRow'), norms, -1, 1));
  const out = await be.read(r);
  be.dispose(r);
  return out;
}

/** An orthonormal basis (D, dim) of the span of row `seed` and its dim − 1 neighbors of largest |cosine| (QR on the backend). */
async function neighborhoodBasis(be: Backend, x: Tensor, host: Float64Array, rowNorms: Float64Array, seed: number, dim: number): Promise<Tensor> {
  const { rows: n, cols: D } = x;
  const dotsTensor = be.tidy(() => be.matmul(x, be.slice(x, seed, 0, 1, D), { transB: true }));
  const dots = await be.read(dotsTensor);
  be.dispose(dotsTensor);
  const cosine = Array.from(dots, (v, i) => (i === seed ? Infinity : Math.abs(v) / Math.max(1e-300, rowNorms[i] * rowNorms[seed])));
  const nearest = Array.from({ length: n }, (_, i) => i).sort((a, b) => cosine[b] - cosine[a]).slice(0, dim);
  const columns = new Float64Array(D * dim);
  nearest.forEach((row, j) => {
    for (let p = 0; p < D; p++) columns[p * dim + j] = host[row * D + p];
  });
  const span = be.upload(columns, { rows: D, cols: dim });
  const { Q, R } = await qr(be, span);
  [span, R].forEach((t) => be.dispose(t));
  return Q;
}

/**
 * k-means++ for subspaces: the first seed point is uniform, each next one is drawn with probability proportional to
 * its residual to the subspaces chosen so far; each seed's subspace is spanned by it and its nearest neighbors in angle.
 * @param x (n, D) on the backend; host its row-major copy; norms (n, 1) the squared row norms
 * @returns (k, D, dim) bases, owned by the caller
 */
export async function seededBases(be: Backend, x: Tensor, host: Float64Array, norms: Tensor, k: number, dim: number, rng: Rng): Promise<Tensor> {
  const { rows: n, cols: D } = x;
  const squared = await be.read(norms);
  const rowNorms = squared.map(Math.sqrt);
  const out = new Float64Array(k * D * dim);
  const closest = Float64Array.from(squared);
  let seed = rng.int(n);
  for (let j = 0; j < k; j++) {
    const basis = await neighborhoodBasis(be, x, host, rowNorms, seed, dim);
    out.set(await be.read(basis), j * D * dim);
    const residual = await residualsTo(be, x, norms, basis);
    be.dispose(basis);
    let total = 0;
    for (let i = 0; i < n; i++) total += closest[i] = Math.max(0, Math.min(closest[i], residual[i]));
    // a point already on a chosen subspace has weight 0; if every point is, any seed will do
    let target = rng.uniform() * total;
    seed = rng.int(n);
    for (let i = 0; i < n && total > 0; i++) if ((target -= closest[i]) <= 0) {
      seed = i;
      break;
    }
  }
  return be.upload(out, { batch: k, rows: D, cols: dim });
}
