// The paper's unsupervised objective on the backend: mean prediction entropy of the merged model, and its gradients.
import type { Backend, Tensor } from '../../engine/backend';
import type { Mlp } from '../../learn/mlp';
import { logSoftmaxRows } from '../../learn/softmaxRows';
import { concreteBackward, rescaleBackward, rescaleMask } from './concreteMask';
import { flatRow, rowWeights } from './fineTunes';
import { maskedMerge } from './merges';

/**
 * Per-row entropy H = −Σⱼ pⱼ log pⱼ of softmax(z) and ∂(gradScale·Σ_rows H)/∂z = −gradScale·p ⊙ (log p + H).
 * @param logits (n, C)
 * @returns entropy (n, 1) and dLogits (n, C)
 */
export function entropyAndGrad(be: Backend, logits: Tensor, gradScale: number): { entropy: Tensor; dLogits: Tensor } {
  const logp = logSoftmaxRows(be, logits);
  const p = be.elementwise('exp', logp);
  const entropy = be.elementwise('scale', be.reduce('sum', be.elementwise('mul', p, logp), 'perRow'), null, -1);
  const dLogits = be.elementwise('mul', p, be.elementwise('add', logp, entropy), -gradScale);
  return { entropy, dLogits };
}

/** What the merged model's entropy depends on: θ₀ (1, D), T (k, D), the segment indicator E (S, D) and 1/sizes (1, S). */
export type MergeSetup = { mlp: Mlp; theta0: Tensor; T: Tensor; E: Tensor; invSizes: Tensor; rescale: boolean };

/**
 * L = (1/B) Σ over the rows of x of H(softmax f(x; θ)) for θ = maskedMerge(θ₀, T, mask, Λ): with B inputs per task
 * stacked in x, this is the sum over tasks of each task's mean entropy.
 * @param x (kB, 64) unlabeled inputs; mask (1, D); lambdaRows (k, D)
 * @returns loss (1, 1) and ∂L/∂θ (1, D)
 */
export function entropyLossAndGrad(be: Backend, s: MergeSetup, x: Tensor, mask: Tensor, lambdaRows: Tensor, perTask: number): { loss: Tensor; dTheta: Tensor } {
  const weights = rowWeights(be, s.mlp, maskedMerge(be, s.theta0, s.T, mask, lambdaRows));
  const { logits, cache } = s.mlp.forward(be, weights, x);
  const { entropy, dLogits } = entropyAndGrad(be, logits, 1 / perTask);
  const loss = be.elementwise('scale', be.reduce('sum', entropy, 'all'), null, 1 / perTask);
  return { loss, dTheta: flatRow(be, s.mlp.backward(be, weights, cache, dLogits)) };
}

/** ∂L/∂m = Σᵢ Λᵢ ⊙ τᵢ ⊙ ∂L/∂θ, (1, D). */
export function maskGrad(be: Backend, s: MergeSetup, lambdaRows: Tensor, dTheta: Tensor): Tensor {
  return be.elementwise('mul', be.reduce('sum', be.elementwise('mul', s.T, lambdaRows), 'perCol'), dTheta);
}

/** ∂L/∂λ (k, S): Σ over layer s's parameters of m ⊙ τᵢ ⊙ ∂L/∂θ. */
export function lambdaGrad(be: Backend, s: MergeSetup, mask: Tensor, dTheta: Tensor): Tensor {
  return be.matmul(be.elementwise('mul', be.elementwise('mul', s.T, mask), dTheta), s.E, { transB: true });
}

/**
 * A Concrete sample m (1, D) made ready to merge: rescaled per layer (rescaleMask) when s.rescale; `backward` maps ∂L/∂m̃ to ∂L/∂ℓ
 * through the rescaling and the sample (∂m/∂ℓ = m(1 − m)/T).
 */
export function preparedMask(be: Backend, s: MergeSetup, mask: Tensor, temperature: number): { scaled: Tensor; backward(dScaled: Tensor): Tensor } {
  if (!s.rescale) return { scaled: mask, backward: (dMask) => concreteBackward(be, mask, dMask, temperature) };
  const { scaled, layerMean } = rescaleMask(be, mask, s.E, s.invSizes);
  return { scaled, backward: (dScaled) => concreteBackward(be, mask, rescaleBackward(be, mask, layerMean, dScaled, s.E, s.invSizes), temperature) };
}
