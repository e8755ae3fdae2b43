// Evaluates a trained cosine-margin model on held-out digits with one readback: all pair similarities and the cosines to each class.
import type { Backend, Tensor } from '../../engine/backend';
import { copySegment, uninitialized } from '../../learn/gatherKernels';
import { marginForward, type CosineMarginModel } from './cosineMarginLoss';

/** Held-out similarities: the (n, n) Gram matrix of unit embeddings and the (n, classes) cosines to the class weights. */
export type MarginEvaluation = { gram: Float64Array; cos: Float64Array; n: number; classes: number };

/** @param X (n, inputs) held-out samples on the device */
export async function evaluateMargin(be: Backend, model: CosineMarginModel, weights: Tensor[], X: Tensor): Promise<MarginEvaluation> {
  const n = X.rows;
  const { classes } = model;
  const packed = be.tidy(() => {
    const { xhat, cos } = marginForward(be, model, weights, X);
    const gram = be.matmul(xhat, xhat, { transB: true });
    const out = uninitialized(be, { rows: 1, cols: n * n + n * classes });
    copySegment(be, gram, 0, out, 0, n * n);
    copySegment(be, cos, 0, out, n * n, n * classes);
    return out;
  });
  try {
    const v = await be.read(packed);
    return { gram: v.subarray(0, n * n), cos: v.subarray(n * n), n, classes };
  } finally {
    be.dispose(packed);
  }
}

/** Classification accuracy (argmax cosine) and the class-weight negatives cos θⱼ, j ≠ y, that CosFace's softmax sees. */
export function classNegatives(e: MarginEvaluation, labels: ArrayLike<number>): { accuracy: number; negatives: Float64Array } {
  const { n, classes, cos } = e;
  const negatives = new Float64Array(n * (classes - 1));
  let correct = 0;
  let at = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 0; j < classes; j++) {
      if (cos[i * classes + j] > cos[i * classes + best]) best = j;
      if (j !== labels[i]) negatives[at++] = cos[i * classes + j];
    }
    if (best === labels[i]) correct++;
  }
  return { accuracy: correct / n, negatives };
}
