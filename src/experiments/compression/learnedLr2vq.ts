// Learned LR²VQ on the backend: the rank-d code matrix A and projection B trained jointly with the 2-vector codebook.
import type { Backend, Tensor } from '../../engine/backend';
import { centroidUpdate, nearestCentroid, oneHot } from '../../cluster/assignKernels';
import { adamUpdate } from '../../learn/optimizerKernels';
import { reshape } from '../../learn/gatherKernels';

/** Training knobs: Adam steps and rate, and the commitment weight β of ‖A − sg(q(A))‖². */
export type Lr2vqTraining = { steps: number; lr: number; beta: number };

/**
 * The learned factors: Ŵ = q(A)·Bᵀ with A (m×d) cut row-major into 2-vectors and q the nearest codeword.
 * @property A (m×d) @property B (n×d) @property centroids (1, K, 2)
 */
export type Lr2vqState = { A: Tensor; B: Tensor; centroids: Tensor };

/**
 * Nearest-codeword quantization of A's 2-vectors: q(A) (m×d) and the labels (1, 1, m·d/2).
 * @param A (m×d), m·d even @param centroids (1, K, 2)
 */
export function quantizePairs(be: Backend, A: Tensor, centroids: Tensor): { Aq: Tensor; labels: Tensor } {
  const count = (A.rows * A.cols) / 2;
  if (!Number.isInteger(count)) throw new RangeError(`quantizePairs: A is ${A.rows}×${A.cols}, an odd number of entries cannot be cut into 2-vectors`);
  return be.tidy(() => {
    const pairs = reshape(be, A, { rows: count, cols: 2 });
    const { labels } = nearestCentroid(be, pairs, centroids);
    const member = reshape(be, oneHot(be, labels, centroids.rows), { rows: count, cols: centroids.rows });
    const Aq = reshape(be, be.matmul(member, reshape(be, centroids, { rows: centroids.rows, cols: 2 })), { rows: A.rows, cols: A.cols });
    return { Aq, labels };
  });
}

/**
 * One k-means step of the codebook on the current A: each codeword moves to the mean of the 2-vectors assigned to it
 * (an empty codeword stays). @returns the new centroids (1, K, 2)
 */
export function codebookStep(be: Backend, A: Tensor, centroids: Tensor): Tensor {
  return be.tidy(() => {
    const pairs = reshape(be, A, { rows: (A.rows * A.cols) / 2, cols: 2 });
    const member = oneHot(be, nearestCentroid(be, pairs, centroids).labels, centroids.rows);
    const sums = be.matmul(member, pairs, { transA: true });
    return centroidUpdate(be, sums, be.reduce('sum', member, 'perCol'), centroids);
  });
}

/**
 * The objective and its straight-through gradients. With E = W − Â·Bᵀ (Â = q(A), treated as A + a constant) and the
 * calibration Gram G = XᵀX/N: loss = tr(E·G·Eᵀ) + β‖A − Â‖², ∂/∂A = −2·E·G·B + 2β(A − Â), ∂/∂B = −2·G·Eᵀ·Â.
 * @param W (m×n) @param G (n×n) @param A, Aq (m×d) @param B (n×d) @returns loss (1×1), gA (m×d), gB (n×d)
 */
export function lr2vqLossAndGrads(be: Backend, W: Tensor, G: Tensor, A: Tensor, Aq: Tensor, B: Tensor, beta: number): { loss: Tensor; gA: Tensor; gB: Tensor } {
  return be.tidy(() => {
    const E = be.elementwise('add', W, be.matmul(Aq, B, { transB: true }), 1, -1);
    const EG = be.matmul(E, G);
    const commit = be.elementwise('add', A, Aq, 1, -1);
    const output = be.reduce('sum', be.elementwise('mul', EG, E), 'all');
    const loss = be.elementwise('add', output, be.reduce('sumSquares', commit, 'all'), 1, beta);
    const gA = be.elementwise('add', be.matmul(EG, B), commit, -2, 2 * beta);
    const gB = be.elementwise('scale', be.matmul(EG, Aq, { transA: true }), null, -2, 0);
    return { loss, gA, gB };
  });
}

/**
 * Trains A and B by Adam on the straight-through gradients, with one k-means step of the codebook before each
 * gradient step; the start (A = W·V_d, B = V_d, the fixed fit's codebook) is the fixed SVD LR²VQ exactly.
 * No readbacks: the loss of every step stays on the device and comes back at the end.
 * @param start updated in place (its centroids tensor is replaced each step), so the caller frees whatever it holds,
 * even after a throw @returns the same state, trained, and the loss per step
 */
export async function trainLr2vq(be: Backend, W: Tensor, G: Tensor, start: Lr2vqState, o: Lr2vqTraining): Promise<{ state: Lr2vqState; losses: number[] }> {
  if (!(o.steps >= 0 && Number.isInteger(o.steps))) throw new RangeError(`trainLr2vq: steps must be a whole number ≥ 0, got ${o.steps}`);
  if (!(o.lr > 0) || !(o.beta >= 0)) throw new RangeError(`trainLr2vq: need lr > 0 and β ≥ 0, got lr=${o.lr}, β=${o.beta}`);
  const state = start;
  const moments = [be.fill(state.A, 0), be.fill(state.A, 0), be.fill(state.B, 0), be.fill(state.B, 0)];
  const losses: Tensor[] = [];
  try {
    for (let step = 1; step <= o.steps; step++) {
      const next = codebookStep(be, state.A, state.centroids);
      be.dispose(state.centroids);
      state.centroids = next;
      const { Aq, labels } = quantizePairs(be, state.A, state.centroids);
      const { loss, gA, gB } = lr2vqLossAndGrads(be, W, G, state.A, Aq, state.B, o.beta);
      losses.push(loss);
      const adam = { lr: o.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, step };
      adamUpdate(be, state.A, gA, moments[0], moments[1], adam);
      adamUpdate(be, state.B, gB, moments[2], moments[3], adam);
      [Aq, labels, gA, gB].forEach((t) => be.dispose(t));
    }
    const read = await Promise.all(losses.map((t) => be.read(t)));
    return { state, losses: read.map((v) => v[0]) };
  } finally {
    moments.concat(losses).forEach((t) => be.dispose(t));
  }
}
