// One attention-based subspace learner on the backend: a pixel softmax attention, a linear embedding slice, a triplet loss and its backward pass.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import { reshape } from '../../learn/gatherKernels';
import { linearForward } from '../../learn/layers';
import { softmaxRows } from '../../learn/softmaxRows';

/** Norms below this are clamped (a zero embedding has no direction). */
const TINY = 1e-12;
/** A finite upper clamp (f32 needs one). */
const HUGE = 1e30;

/**
 * A learner's parameters, kept out of any tidy: attention logits z = x·Aᵀ + c with A (pixels, pixels), c (1, pixels);
 * embedding slice e = x̃·Wᵀ with W (dim, pixels).
 */
export type Learner = { pixels: number; dim: number; A: Tensor; c: Tensor; W: Tensor };

/** A fresh learner: small random attention weights (so attention starts near uniform) and W ~ N(0, 1/pixels). */
export function createLearner(be: Backend, pixels: number, dim: number, rng: Rng): Learner {
  if (!(Number.isInteger(pixels) && pixels >= 1 && Number.isInteger(dim) && dim >= 1)) throw new RangeError(`createLearner: pixels and dim must be positive integers, got ${pixels} and ${dim}`);
  return {
    pixels, dim,
    A: be.keep(be.upload(rng.normals(pixels * pixels, 0.1 / Math.sqrt(pixels)), { rows: pixels, cols: pixels })),
    c: be.keep(be.fill({ rows: 1, cols: pixels }, 0)),
    W: be.keep(be.upload(rng.normals(dim * pixels, 1 / Math.sqrt(pixels)), { rows: dim, cols: pixels })),
  };
}

/** The tensors Adam updates, in the order of LearnerGrads: [A, c, W]. */
export function learnerParams(l: Learner): Tensor[] {
  return [l.A, l.c, l.W];
}

/** Frees a learner's parameters. */
export function disposeLearner(be: Backend, l: Learner): void {
  for (const t of learnerParams(l)) be.dispose(t);
}

/** What the forward pass makes that the backward pass needs (tidy rules apply). */
export type LearnerForward = {
  /** (B, pixels): α = softmax(x·Aᵀ + c) per row, each row sums to 1 */
  attention: Tensor;
  /** (B, pixels): x̃ = pixels·α ⊙ x (uniform attention gives back x) */
  modulated: Tensor;
  /** (B, 1): max(‖e‖, 1e-12) */
  norm: Tensor;
  /** (B, dim): ê = e/‖e‖, the learner's unit embedding slice */
  embedding: Tensor;
};

/**
 * Forward pass of one learner.
 * @param x (B, pixels) images as rows
 */
export function learnerForward(be: Backend, l: Learner, x: Tensor): LearnerForward {
  if (x.batch !== 1 || x.cols !== l.pixels) throw new RangeError(`learnerForward: images must be B×${l.pixels}, got ${x.batch}×${x.rows}×${x.cols}`);
  const attention = softmaxRows(be, linearForward(be, x, l.A, l.c));
  const modulated = be.elementwise('mul', attention, x, l.pixels);
  const e = be.matmul(modulated, l.W, { transB: true });
  const norm = be.elementwise('clamp', be.reduce('norm', e, 'perRow'), null, TINY, HUGE);
  return { attention, modulated, norm, embedding: be.elementwise('div', e, norm) };
}

/** The mean triplet loss of a batch (1×1) and the gradients of A, c and W (tidy rules apply). */
export type LearnerGrads = { loss: Tensor; dA: Tensor; dc: Tensor; dW: Tensor };

/** Rows of the sign pattern that turns [ê_a; ê_p; ê_n] into ∂h/∂ê for an active triplet (times 2). */
const TRIPLET_GRAD = [0, -1, 1, -1, 1, 0, 1, 0, -1];
/** [ê_a − ê_p; ê_a − ê_n] from [ê_a; ê_p; ê_n]. */
const TRIPLET_DIFFS = [1, -1, 0, 1, 0, -1];

/**
 * Triplet margin loss L = (1/T) Σ_t max(0, ‖ê_a − ê_p‖² − ‖ê_a − ê_n‖² + margin) and its gradients, by hand.
 * @param x (3T, pixels): anchors, then positives, then negatives (T rows each)
 */
export function tripletLossAndGrads(be: Backend, l: Learner, x: Tensor, margin: number): LearnerGrads {
  if (x.rows % 3 !== 0 || x.rows === 0) throw new RangeError(`tripletLossAndGrads: rows must be 3T (anchors, positives, negatives), got ${x.rows}`);
  const T = x.rows / 3;
  const d = l.dim;
  const f = learnerForward(be, l, x);
  // the three blocks as rows of a 3 × (T·d) matrix, so block arithmetic is one small matmul
  const blocks = reshape(be, f.embedding, { rows: 3, cols: T * d });
  const diffs = reshape(be, be.matmul(be.upload(TRIPLET_DIFFS, { rows: 2, cols: 3 }), blocks), { batch: 2, rows: T, cols: d });
  const dist = reshape(be, be.reduce('sumSquares', diffs, 'perRow'), { rows: 2, cols: T }); // [d_ap; d_an]
  const gap = be.matmul(be.upload([1, -1], { rows: 1, cols: 2 }), dist); // (1, T): d_ap − d_an
  const hinge = be.elementwise('relu', be.elementwise('scale', gap, null, 1, margin));
  const loss = be.elementwise('scale', be.reduce('sum', hinge, 'all'), null, 1 / T, 0);
  const active = reshape(be, be.elementwise('sign', hinge), { rows: T, cols: 1 }); // 1 where the hinge is open
  const signs = be.matmul(be.upload(TRIPLET_GRAD, { rows: 3, cols: 3 }), blocks);
  const dHat = reshape(be, be.elementwise('mul', reshape(be, signs, { batch: 3, rows: T, cols: d }), active, 2 / T), { rows: 3 * T, cols: d });
  // through ê = e/‖e‖: ∂/∂e = (dê − ê(ê·dê))/‖e‖
  const dot = be.reduce('sum', be.elementwise('mul', f.embedding, dHat), 'perRow');
  const de = be.elementwise('div', be.elementwise('add', dHat, be.elementwise('mul', f.embedding, dot), 1, -1), f.norm);
  const dW = be.matmul(de, f.modulated, { transA: true });
  // through x̃ = pixels·α ⊙ x, then the softmax: ∂/∂z = α ⊙ (dα − Σ dα⊙α)
  const dAlpha = be.elementwise('mul', be.matmul(de, l.W), x, l.pixels);
  const inner = be.reduce('sum', be.elementwise('mul', dAlpha, f.attention), 'perRow');
  const dz = be.elementwise('mul', f.attention, be.elementwise('add', dAlpha, inner, 1, -1));
  return { loss, dA: be.matmul(dz, x, { transA: true }), dc: be.reduce('sum', dz, 'perCol'), dW };
}
