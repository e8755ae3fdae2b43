// Spectral clustering: kNN affinity graphs, the normalized-affinity embedding, and k-means on it.
import type { Backend, Tensor } from '../engine/backend';
import { squaredDistances, symmetrizeAffinity, topKPerLine } from './affinityKernels';
import { kmeans } from './kmeans';
import { normalizeAffinity, normalizeRows } from './tensorOps';
import { topEigenvectors } from './topEigenvectors';

/**
 * How the eigenvectors become the embedding k-means sees: 'rows' scales each row to unit length
 * (Ng, Jordan & Weiss 2001); 'degree' multiplies by D^{-1/2}, giving the random-walk Laplacian's eigenvectors
 * (Shi & Malik; what scikit-learn's spectral_embedding returns).
 */
export type SpectralEmbedding = 'rows' | 'degree';

export type SpectralOptions = {
  /** Seeds the eigen-solver start and k-means (default 0). */
  seed?: number;
  /** k-means restarts on the embedding (default 10). */
  restarts?: number;
  embedding?: SpectralEmbedding;
  /** Copy the affinity back to the host in the result (default true). */
  returnAffinity?: boolean;
};

export type SpectralResult = {
  labels: Int32Array;
  /** The k largest eigenvalues of D^{-1/2}WD^{-1/2} (1 − these are the normalized Laplacian's smallest). */
  eigenvalues: number[];
  /** The affinity W, n×n row-major, when asked for. */
  affinity?: Float64Array;
  /** The embedding k-means clustered, n×k row-major. */
  embedding: Float64Array;
};

/**
 * Spectral clustering of a given affinity: eigenvectors of the k largest eigenvalues of the normalized
 * affinity D^{-1/2}WD^{-1/2} (the normalized Laplacian's k smallest), normalized per `embedding`, then k-means.
 * @param w (n, n) symmetric non-negative affinity; not freed
 */
export async function spectralFromAffinity(be: Backend, w: Tensor, k: number, o: SpectralOptions = {}): Promise<SpectralResult> {
  const seed = o.seed ?? 0;
  const { normalized, invSqrtDegree } = normalizeAffinity(be, w);
  let vectors: Tensor | null = null;
  let embedded: Tensor | null = null;
  try {
    const top = await topEigenvectors(be, normalized, k, { seed });
    vectors = top.vectors;
    const v = vectors;
    embedded = be.tidy(() => ((o.embedding ?? 'rows') === 'rows' ? normalizeRows(be, v) : be.elementwise('mul', v, invSqrtDegree)));
    const clustering = await kmeans(be, embedded, k, { seed, restarts: o.restarts ?? 10 });
    const [embedding, affinity] = await Promise.all([be.read(embedded), o.returnAffinity === false ? undefined : be.read(w)]);
    return { labels: clustering.labels, eigenvalues: Array.from(top.values), embedding, ...(affinity ? { affinity } : {}) };
  } finally {
    for (const t of [normalized, invSqrtDegree, vectors, embedded]) if (t) be.dispose(t);
  }
}

/**
 * The symmetric kNN connectivity graph of scikit-learn's SpectralClustering(affinity='nearest_neighbors'):
 * A_ij = 1 when x_j is among the `neighbors` nearest rows to x_i (x_i itself takes one place, include_self=True),
 * W = ½(A + Aᵀ) with a zero diagonal (scipy's normalized Laplacian, which scikit-learn uses, drops self-loops).
 * @param x (n, d) @returns (n, n); the caller owns it
 */
export function knnAffinity(be: Backend, x: Tensor, neighbors: number): Tensor {
  return be.tidy(() => {
    const distances = squaredDistances(be, x, x);
    const connectivity = topKPerLine(be, distances, Math.min(neighbors, x.rows), 'nearest', 'rows');
    // scipy's normalized Laplacian ignores self-loops, so the diagonal is dropped here as well.
    return symmetrizeAffinity(be, connectivity, { absolute: false, scale: 0.5, zeroDiagonal: true });
  });
}

export type KnnSpectralOptions = SpectralOptions & {
  /** Neighbors per point in the kNN graph (default 10, as scikit-learn). */
  neighbors?: number;
};

/**
 * Spectral clustering of the rows of x on a kNN graph (scikit-learn's SpectralClustering with
 * affinity='nearest_neighbors'): knnAffinity, then spectralFromAffinity.
 * @param x (n, d) samples as rows
 */
export async function spectral(be: Backend, x: Tensor, k: number, o: KnnSpectralOptions = {}): Promise<SpectralResult> {
  const w = knnAffinity(be, x, o.neighbors ?? 10);
  try {
    return await spectralFromAffinity(be, w, k, o);
  } finally {
    be.dispose(w);
  }
}
