// CosFace and UNPG on the backend: an MLP encoder, normalized class weights, the margin softmax with optional added negatives, and its gradients by hand.
import type { Backend, Tensor } from '../../engine/backend';
import { Mlp, type MlpCache } from '../../learn/mlp';
import { softmaxCrossEntropy } from '../../learn/softmaxCrossEntropy';

/** Norms below this are clamped (a zero embedding has no direction). */
const TINY = 1e-12;
/** An upper clamp that is finite in f32 (clamp needs one). */
const HUGE = 1e30;
/** Largest exponent kept off the mask: e^30 is finite in f32, and kept pairs sit at or below 0 (u ≤ u_max). */
const OFF_MASK_EXPONENT = 30;

/** CosFace's logit scale s and additive cosine margin m. */
export type MarginOptions = { scale: number; margin: number };

/** The model: an MLP encoder 64 → hidden → dim and one class weight row per class; weights [W1, b1, W2, b2, Wc (classes, dim)]. */
export class CosineMarginModel {
  readonly encoder: Mlp;
  constructor(readonly inputs: number, readonly hidden: number, readonly dim: number, readonly classes: number) {
    this.encoder = new Mlp([inputs, hidden, dim]);
  }

  /** Shapes of [W1, b1, W2, b2, Wc]. */
  get weightShapes(): { rows: number; cols: number }[] {
    return [...this.encoder.weightShapes, { rows: this.classes, cols: this.dim }];
  }
}

/** What the forward pass keeps for the backward pass (tidy rules apply). */
export type MarginForward = {
  cache: MlpCache;
  /** (B, 1) max(‖e‖, tiny) and (B, dim) x̂ = e/‖e‖ */
  norm: Tensor;
  xhat: Tensor;
  /** (classes, 1) and (classes, dim): the normalized class weights ŵ */
  wnorm: Tensor;
  what: Tensor;
  /** (B, classes): cos θ = x̂ŵᵀ */
  cos: Tensor;
};

/** x̂ = e/‖e‖ per row. */
function normalizeRows(be: Backend, e: Tensor): { norm: Tensor; unit: Tensor } {
  const norm = be.elementwise('clamp', be.reduce('norm', e, 'perRow'), null, TINY, HUGE);
  return { norm, unit: be.elementwise('div', e, norm) };
}

/** Backward through x̂ = e/‖e‖: ∂/∂e = (g − x̂(x̂·g))/‖e‖, row by row. */
function normalizeRowsBackward(be: Backend, unit: Tensor, norm: Tensor, g: Tensor): Tensor {
  const dot = be.reduce('sum', be.elementwise('mul', unit, g), 'perRow');
  return be.elementwise('div', be.elementwise('add', g, be.elementwise('mul', unit, dot), 1, -1), norm);
}

/**
 * Unit embeddings and cosines to the class weights.
 * @param weights [W1, b1, W2, b2, Wc]; x (B, inputs)
 */
export function marginForward(be: Backend, model: CosineMarginModel, weights: Tensor[], x: Tensor): MarginForward {
  const { logits: e, cache } = model.encoder.forward(be, weights.slice(0, 4), x);
  const { norm, unit: xhat } = normalizeRows(be, e);
  const { norm: wnorm, unit: what } = normalizeRows(be, weights[4]);
  return { cache, norm, xhat, wnorm, what, cos: be.matmul(xhat, what, { transB: true }) };
}

/** (B, B) Gram matrix x̂x̂ᵀ of a batch's unit embeddings: the similarities of all its pairs. */
export function batchGram(be: Backend, model: CosineMarginModel, weights: Tensor[], x: Tensor): Tensor {
  const { xhat } = marginForward(be, model, weights, x);
  return be.matmul(xhat, xhat, { transB: true });
}

/** Gradients of the mean loss, in weight order, and per-row [loss, ·] (B, 2). Tensors follow tidy rules. */
export type MarginGrads = { grads: Tensor[]; rowStats: Tensor };

/**
 * The loss of the paper's code: softmax cross-entropy over the row's CosFace logits s(cos θⱼ − m·[j = y]) followed by
 * s·sₖ for every kept mini-batch negative pair similarity sₖ (the same set appended to every row). With no pairs
 * (`pairs` null) it is CosFace. The appended set enters as one extra logit per row, its log-sum-exp, which gives the
 * same softmax denominator: Σⱼ e^{zⱼ} + e^{LSE(s·sₖ)} = Σⱼ e^{zⱼ} + Σₖ e^{s·sₖ}.
 * @param x (B, inputs); onehot (B, classes); labels (B, 1) as floats
 * @param pairs the kept-pair mask (B, B) (1 at kept (i, j), i < j) and the largest kept similarity (a stable shift)
 */
export function marginLossAndGrads(be: Backend, model: CosineMarginModel, weights: Tensor[], x: Tensor, onehot: Tensor, labels: Tensor, o: MarginOptions, pairs: { mask: Tensor; largest: number } | null): MarginGrads {
  const { classes } = model;
  const { scale: s, margin: m } = o;
  const B = x.rows;
  const f = marginForward(be, model, weights, x);
  const logits = be.elementwise('add', f.cos, onehot, s, -s * m); // s·cos − s·m·onehot
  let dLogits: Tensor;
  let rowStats: Tensor;
  let dxhat: Tensor | null = null;
  if (pairs) {
    // u = s·G on the kept pairs; E = mask ⊙ e^{u − u_max}; LSE = u_max + log ΣE. Off the mask u − u_max can pass
    // f32's largest exponent (the diagonal G = 1 at s = 64), and ∞·0 is not 0: clamp well above 0, where no kept pair is.
    const shift = s * pairs.largest;
    const gram = be.matmul(f.xhat, f.xhat, { transB: true });
    const exponent = be.elementwise('clamp', be.elementwise('scale', gram, null, s, -shift), null, -HUGE, OFF_MASK_EXPONENT);
    const E = be.elementwise('mul', be.elementwise('exp', exponent), pairs.mask);
    const total = be.reduce('sum', E, 'all'); // (1, 1)
    const lse = be.elementwise('scale', be.elementwise('log', total), null, 1, shift);
    const widen = be.upload(Float64Array.from({ length: classes * (classes + 1) }, (_, i) => (i % (classes + 2) === 0 ? 1 : 0)), { rows: classes, cols: classes + 1 });
    const last = be.upload(Float64Array.from({ length: classes + 1 }, (_, j) => (j === classes ? 1 : 0)), { rows: 1, cols: classes + 1 });
    const extended = be.elementwise('add', be.matmul(logits, widen), be.elementwise('mul', last, lse)); // (B, classes + 1)
    const ce = softmaxCrossEntropy(be, extended, labels);
    rowStats = ce.rowStats;
    dLogits = be.matmul(ce.grad, widen, { transB: true });
    // ∂L/∂LSE summed over rows, spread over the pairs by their softmax weights E/ΣE; G = x̂x̂ᵀ sends dG to both ends
    const perSet = be.reduce('sum', be.slice(ce.grad, 0, classes, B, 1), 'all');
    const dGram = be.elementwise('mul', be.elementwise('div', E, total), perSet, s);
    dxhat = be.elementwise('add', be.matmul(dGram, f.xhat), be.matmul(dGram, f.xhat, { transA: true }));
  } else {
    const ce = softmaxCrossEntropy(be, logits, labels);
    rowStats = ce.rowStats;
    dLogits = ce.grad;
  }
  const dcos = be.elementwise('scale', dLogits, null, s, 0);
  const fromClasses = be.matmul(dcos, f.what);
  const dx = dxhat ? be.elementwise('add', fromClasses, dxhat) : fromClasses;
  const de = normalizeRowsBackward(be, f.xhat, f.norm, dx);
  const dWc = normalizeRowsBackward(be, f.what, f.wnorm, be.matmul(dcos, f.xhat, { transA: true }));
  return { grads: [...model.encoder.backward(be, weights.slice(0, 4), f.cache, de), dWc], rowStats };
}
