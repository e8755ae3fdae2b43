// Cross-view retrieval and mutual-kNN alignment between two embeddings of the same samples (rows pair up).
import type { Backend, Tensor } from '../../engine/backend';

/**
 * (n, m) closeness of each row of A to each row of B: −‖a_i − b_j‖² + ‖a_i‖² = 2⟨a_i, b_j⟩ − ‖b_j‖², which orders each
 * row like the Euclidean distance (cosine would tie everything in one dimension, k = 1).
 */
export function closeness(be: Backend, A: Tensor, B: Tensor): Tensor {
  return be.tidy(() => be.elementwise('add', be.matmul(A, B, { transB: true }), be.transpose(be.reduce('sumSquares', B, 'perRow')), 2, -1));
}

/**
 * Top-1 retrieval: the fraction of queries (rows of Q) whose nearest gallery row (of G, Euclidean) is their own pair.
 * @param Q (n, k), G (n, k) @returns a number in [0, 1] (chance is 1/n)
 */
export async function retrievalAccuracy(be: Backend, Q: Tensor, G: Tensor): Promise<number> {
  const best = be.tidy(() => be.reduce('argmax', closeness(be, Q, G), 'perRow'));
  try {
    const idx = await be.read(best);
    return idx.reduce((hits, j, i) => hits + (Math.round(j) === i ? 1 : 0), 0) / idx.length;
  } finally {
    be.dispose(best);
  }
}

/** Each row's k nearest other rows of a similarity matrix (host side: partial selection on a read-back n×n). */
export function nearestNeighbors(sim: Float64Array, n: number, k: number): Int32Array[] {
  return Array.from({ length: n }, (_, i) => {
    const row = sim.subarray(i * n, (i + 1) * n);
    const order = Int32Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
    order.sort((a, b) => row[b] - row[a] || a - b);
    return order.slice(0, k);
  });
}

/**
 * Mutual k-nearest-neighbour alignment (Huh et al. 2024): the mean overlap |N_A(i) ∩ N_B(i)|/k of each sample's
 * k nearest neighbours in the two spaces (Euclidean). 1 when both spaces order neighbours alike.
 * @param A (n, p), B (n, q), the same samples as rows
 */
export async function mutualKnn(be: Backend, A: Tensor, B: Tensor, k: number): Promise<number> {
  if (A.rows !== B.rows) throw new RangeError(`mutualKnn: ${A.rows} and ${B.rows} samples`);
  const n = A.rows;
  if (!(k >= 1 && k < n)) throw new RangeError(`mutualKnn: k must be in [1, ${n - 1}], got ${k}`);
  const sims = [closeness(be, A, A), closeness(be, B, B)];
  try {
    const [na, nb] = (await Promise.all(sims.map((t) => be.read(t)))).map((s) => nearestNeighbors(s, n, k));
    let overlap = 0;
    for (let i = 0; i < n; i++) {
      const inA = new Set(na[i]);
      for (const j of nb[i]) if (inA.has(j)) overlap++;
    }
    return overlap / (n * k);
  } finally {
    for (const t of sims) be.dispose(t);
  }
}
