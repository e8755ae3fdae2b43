// Evaluates an embedding as the paper does: retrieval recall@k, clustering NMI (k-means on the embedding), attention maps.
import type { Backend, Tensor } from '../../engine/backend';
import { kmeans } from '../../cluster/kmeans';
import { nmi } from '../../cluster/metrics';
import type { SubspaceLearners } from './subspaceLearners';

export type EmbeddingScores = {
  /** recall@k for each requested k: the share of queries with a same-class image among their k nearest others. */
  recall: number[];
  /** NMI between k-means clusters (k = classes) of the embedding and the classes. */
  nmi: number;
  /** Per learner: its mean attention over the images, as a side×side map. */
  attentionMaps: number[][][];
  /** max over images and learners of |Σ_pixels α − 1|. */
  attentionSumError: number;
};

/**
 * recall@k from a similarity matrix (larger = nearer), each query excluded from its own neighbours.
 * @param similarity (n, n) row-major; labels (n)
 */
export function recallAtK(similarity: ArrayLike<number>, labels: ArrayLike<number>, ks: readonly number[]): number[] {
  const n = labels.length;
  if (similarity.length !== n * n) throw new RangeError(`recallAtK: ${similarity.length} similarities for ${n} images`);
  const kMax = Math.max(...ks);
  if (!(kMax >= 1 && kMax < n)) throw new RangeError(`recallAtK: k must be in [1, ${n - 1}]`);
  const hits = ks.map(() => 0);
  const order = Array.from({ length: n - 1 }, () => 0);
  for (let q = 0; q < n; q++) {
    for (let j = 0, m = 0; j < n; j++) if (j !== q) order[m++] = j;
    order.sort((a, b) => similarity[q * n + b] - similarity[q * n + a] || a - b);
    const firstHit = order.findIndex((j) => labels[j] === labels[q]);
    ks.forEach((k, i) => { if (firstHit >= 0 && firstHit < k) hits[i]++; });
  }
  return hits.map((h) => h / n);
}

/**
 * Retrieval (Euclidean nearest neighbours) and clustering scores of an embedding: the Gram matrix E·Eᵀ and k-means
 * (src/cluster) run on the backend; the ranking is host bookkeeping.
 * @param E (n, D) embedding of the images, samples as rows; labels (n)
 */
export async function retrievalAndClustering(be: Backend, E: Tensor, labels: Int32Array, classes: number, ks: readonly number[], seed: number): Promise<{ recall: number[]; nmi: number }> {
  const similarity = be.matmul(E, E, { transB: true });
  let sim: Float64Array;
  try {
    sim = await be.read(similarity);
  } finally {
    be.dispose(similarity);
  }
  // nearest in Euclidean distance: for query q, −‖e_q − e_j‖² + ‖e_q‖² = 2G_qj − G_jj ranks the others the same way
  const n = E.rows;
  const negDistance = sim.map((g, i) => 2 * g - sim[(i % n) * (n + 1)]);
  const clusters = await kmeans(be, E, classes, { seed, restarts: 4, maxIter: 100 });
  return { recall: recallAtK(negDistance, labels, ks), nmi: nmi(clusters.labels, labels) };
}

/**
 * Scores the learners' full embedding of a labelled image set, and summarizes each learner's attention on it.
 * @param x (n, pixels) images; labels (n); side·side = pixels
 */
export async function scoreEmbedding(be: Backend, model: SubspaceLearners, x: Tensor, labels: Int32Array, classes: number, ks: readonly number[], seed: number): Promise<EmbeddingScores> {
  const side = Math.round(Math.sqrt(model.o.pixels));
  const E = be.keep(be.tidy(() => model.embed(x)));
  try {
    // per learner: [mean attention (1, pixels), max |Σα − 1| (1, 1)]
    const attentionStats = be.tidy(() => model.attention(x).map((a) => [
      be.elementwise('scale', be.reduce('sum', a, 'perCol'), null, 1 / x.rows, 0),
      be.reduce('maxAbs', be.elementwise('scale', be.reduce('sum', a, 'perRow'), null, 1, -1), 'all'),
    ]));
    let stats: Float64Array[][];
    try {
      stats = await Promise.all(attentionStats.map((pair) => Promise.all(pair.map((t) => be.read(t)))));
    } finally {
      for (const pair of attentionStats) for (const t of pair) be.dispose(t);
    }
    return {
      ...(await retrievalAndClustering(be, E, labels, classes, ks, seed)),
      attentionMaps: stats.map(([mean]) => Array.from({ length: side }, (_, r) => Array.from(mean.subarray(r * side, (r + 1) * side)))),
      attentionSumError: Math.max(...stats.map(([, err]) => err[0])),
    };
  } finally {
    be.dispose(E);
  }
}
