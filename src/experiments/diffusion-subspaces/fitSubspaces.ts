// Fitting the K subspaces of a low-rank Gaussian mixture from samples: per-group SVD, k-subspaces refinement, matching to the truth.
import type { Backend, Tensor } from '../../engine/backend';
import { svd, svdBatched } from '../../linalg/svd';
import { lsr } from '../../cluster/lsr';
import { kss } from '../../cluster/kss';
import { hungarian } from '../../cluster/metrics';
import { rowSums } from '../common/matmulSums';

/** K bases, each D×dim row-major with orthonormal leading columns and zero columns past its rank. */
export type FittedSubspaces = { bases: Float64Array[]; ranks: number[]; dim: number };

/** Singular values below this fraction of the largest are treated as zero (f32-safe). */
const RANK_TOLERANCE = 1e-4;

/** Samples with the given label, transposed: (D × count) row-major, so the subspace is the column space. */
function groupColumns(x: ArrayLike<number>, D: number, rows: number[]): Float64Array {
  const out = new Float64Array(D * rows.length);
  rows.forEach((r, c) => { for (let i = 0; i < D; i++) out[i * rows.length + c] = x[r * D + i]; });
  return out;
}

/** The leading `rank` columns of U (D × r, item z of a batch) padded with zeros to D × dim. */
function padded(u: Float64Array, z: number, D: number, r: number, rank: number, dim: number): Float64Array {
  const out = new Float64Array(D * dim);
  for (let i = 0; i < D; i++) for (let c = 0; c < rank; c++) out[i * dim + c] = u[z * D * r + i * r + c];
  return out;
}

function rankOf(s: ArrayLike<number>, from: number, count: number, dim: number): number {
  const top = s[from] ?? 0;
  let rank = 0;
  while (rank < Math.min(count, dim) && s[from + rank] > RANK_TOLERANCE * top) rank++;
  return rank;
}

/**
 * The best dim-dimensional subspace of each group (top left singular vectors of its samples, as columns): the
 * maximum-likelihood fit of each low-rank Gaussian once the assignment is fixed. Groups of equal size share one
 * batched SVD. A group with fewer than dim samples gets a basis of lower rank (its span).
 * @param x (n×D) row-major samples @param labels group of each sample in 0..K−1
 */
export async function fitBases(be: Backend, x: ArrayLike<number>, D: number, labels: ArrayLike<number>, K: number, dim: number): Promise<FittedSubspaces> {
  const members: number[][] = Array.from({ length: K }, () => []);
  Array.from(labels).forEach((l, i) => members[l]?.push(i));
  const bases: Float64Array[] = Array.from({ length: K }, () => new Float64Array(D * dim));
  const ranks = new Array<number>(K).fill(0);
  const sizes = [...new Set(members.map((m) => m.length).filter((s) => s > 0))];
  for (const size of sizes) {
    const groups = members.map((m, k) => (m.length === size ? k : -1)).filter((k) => k >= 0);
    const data = new Float64Array(groups.length * D * size);
    groups.forEach((k, z) => data.set(groupColumns(x, D, members[k]), z * D * size));
    const a = be.upload(data, { batch: groups.length, rows: D, cols: size });
    try {
      const r = Math.min(D, size);
      const { U, S, V } = await (groups.length === 1 ? svd(be, a, { method: 'jacobi' }) : svdBatched(be, a, { method: 'jacobi' }));
      const u = await be.read(U);
      be.dispose(U);
      be.dispose(V);
      groups.forEach((k, z) => {
        ranks[k] = rankOf(S, z * r, r, dim);
        bases[k] = padded(u, z, D, r, ranks[k], dim);
      });
    } finally {
      be.dispose(a);
    }
  }
  return { bases, ranks, dim };
}

/**
 * Each sample's nearest subspace, by the residual ‖x‖² − ‖U_kᵀx‖² computed on the backend (one readback).
 * @param x (n, D) on the backend @returns labels and the total residual
 */
export async function assignToSubspaces(be: Backend, x: Tensor, fit: FittedSubspaces): Promise<{ labels: Int32Array; residual: number }> {
  const { rows: n, cols: D } = x;
  const K = fit.bases.length;
  const data = new Float64Array(K * D * fit.dim);
  fit.bases.forEach((b, k) => data.set(b, k * D * fit.dim));
  const energies = be.tidy(() => rowSums(be, be.elementwise('square', be.matmul(x, be.upload(data, { batch: K, rows: D, cols: fit.dim })))));
  const norms = be.tidy(() => rowSums(be, be.elementwise('square', x)));
  const [e, q] = await Promise.all([be.read(energies), be.read(norms)]).finally(() => { be.dispose(energies); be.dispose(norms); });
  const labels = new Int32Array(n);
  let residual = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (e[k * n + i] > e[best * n + i]) best = k;
    labels[i] = best;
    residual += Math.max(0, q[i] - e[best * n + i]);
  }
  return { labels, residual };
}

export type ClusterMethod = 'lsr' | 'kss';

/**
 * Subspace clustering without labels, then the k-subspaces alternation (assign to the nearest subspace, refit each
 * by SVD) — the paper's equivalent of training the low-rank denoiser. Starts from LSR + spectral clustering or
 * from k-subspaces with random restarts.
 * @param xHost (n×D) the same samples as x, row-major
 */
export async function clusterSubspaces(
  be: Backend, x: Tensor, xHost: ArrayLike<number>, K: number, dim: number, o: { method: ClusterMethod; refine: number; seed: number },
): Promise<FittedSubspaces & { labels: Int32Array }> {
  const D = x.cols;
  let labels = o.method === 'lsr'
    ? (await lsr(be, x, K, { seed: o.seed, returnAffinity: false })).labels
    : (await kss(be, x, K, { dim, restarts: 3, seed: o.seed })).labels;
  let fit = await fitBases(be, xHost, D, labels, K, dim);
  for (let it = 0; it < o.refine; it++) {
    const next = await assignToSubspaces(be, x, fit);
    if (next.labels.every((l, i) => l === labels[i])) break;
    labels = next.labels;
    fit = await fitBases(be, xHost, D, labels, K, dim);
  }
  return { ...fit, labels };
}

/**
 * ‖U_kU_kᵀ − U*_π(k)U*_π(k)ᵀ‖_F for the best matching π of learned to true subspaces (Hungarian on squared errors),
 * using ‖P − P*‖²_F = rank P + rank P* − 2‖UᵀU*‖²_F for orthonormal columns. @returns the errors in learned order
 */
export function subspaceErrors(fit: FittedSubspaces, truth: Float64Array[], trueDim: number): number[] {
  const K = fit.bases.length;
  const D = fit.bases[0].length / fit.dim;
  const cost = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < K; j++) {
      let overlap = 0;
      for (let a = 0; a < fit.dim; a++) {
        for (let b = 0; b < trueDim; b++) {
          let dot = 0;
          for (let i = 0; i < D; i++) dot += fit.bases[k][i * fit.dim + a] * truth[j][i * trueDim + b];
          overlap += dot * dot;
        }
      }
      cost[k * K + j] = Math.max(0, fit.ranks[k] + trueDim - 2 * overlap);
    }
  }
  const match = hungarian(cost, K, K);
  return Array.from(match, (j, k) => Math.sqrt(cost[k * K + j]));
}
