// The Concrete (relaxed Bernoulli) mask: a differentiable sample from logits and fixed uniform noise, and its derivative.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';

/** Keeps log u and log(1 − u) finite in f32 as well as f64. */
const U_EPS = 1e-6;

/** D uniforms in [ε, 1 − ε] from the run's seeded generator (the noise of one Concrete sample). */
export function uniformNoise(rng: Rng, D: number): Float64Array {
  return Float64Array.from({ length: D }, () => Math.min(1 - U_EPS, Math.max(U_EPS, rng.uniform())));
}

/**
 * m = σ((ℓ + log u − log(1 − u)) / T), the binary Concrete sample of Maddison et al. (2017) used by the paper; as
 * T → 0 it becomes the Bernoulli(σ(ℓ)) sample 1[u > 1 − σ(ℓ)].
 * @param logits (1, D); u (1, D) in (0, 1)
 * @returns (1, D) in (0, 1)
 */
export function concreteSample(be: Backend, logits: Tensor, u: Tensor, temperature: number): Tensor {
  const noise = be.elementwise('add', be.elementwise('log', u), be.elementwise('log', be.elementwise('scale', u, null, -1, 1)), 1, -1);
  // σ(x) = ½ + ½ tanh(x/2) avoids exp overflow for small T
  return be.elementwise('scale', be.elementwise('tanh', be.elementwise('add', logits, noise, 0.5 / temperature, 0.5 / temperature)), null, 0.5, 0.5);
}

/** ∂L/∂ℓ from ∂L/∂m for m = concreteSample(ℓ, u, T): ∂m/∂ℓ = m(1 − m)/T. All (1, D). */
export function concreteBackward(be: Backend, mask: Tensor, dMask: Tensor, temperature: number): Tensor {
  const slope = be.elementwise('mul', mask, be.elementwise('scale', mask, null, -1, 1), 1 / temperature);
  return be.elementwise('mul', dMask, slope);
}

/** The mask used after learning: 1 where σ(ℓ) > ½ (ℓ > 0), else 0 — the T → 0 limit without noise. (1, D) */
export function binarizeLogits(be: Backend, logits: Tensor): Tensor {
  return be.elementwise('sign', be.elementwise('relu', logits));
}

/**
 * The official code's per-layer rescaling, m̃ = m / mean_s(m) on each weight tensor s, so a mask changes which
 * coordinates of τ count but not a layer's overall scale. An all-ones mask is left unchanged.
 * @param mask (1, D); E (S, D) the segment indicator; invSizes (1, S) = 1/(parameters of tensor s)
 * @returns the rescaled mask (1, D) and the per-parameter layer mean (1, D) for the backward pass
 */
export function rescaleMask(be: Backend, mask: Tensor, E: Tensor, invSizes: Tensor): { scaled: Tensor; layerMean: Tensor } {
  // an all-zero layer keeps mean 0 → m̃ = 0 there, never 0/0
  const means = be.elementwise('max', be.elementwise('mul', be.matmul(mask, E, { transB: true }), invSizes), be.fill({ rows: 1, cols: 1 }, 1e-6));
  const layerMean = be.matmul(means, E);
  return { scaled: be.elementwise('div', mask, layerMean), layerMean };
}

/**
 * ∂L/∂m from ∂L/∂m̃ for m̃ = rescaleMask(m): ∂L/∂mₚ = gₚ/μ_s − (1/n_s) Σ_{q∈s} g_q m_q / μ_s². All (1, D).
 */
export function rescaleBackward(be: Backend, mask: Tensor, layerMean: Tensor, dScaled: Tensor, E: Tensor, invSizes: Tensor): Tensor {
  const perLayer = be.elementwise('mul', be.matmul(be.elementwise('mul', dScaled, mask), E, { transB: true }), invSizes);
  const correction = be.elementwise('div', be.matmul(perLayer, E), be.elementwise('square', layerMean));
  return be.elementwise('add', be.elementwise('div', dScaled, layerMean), correction, 1, -1);
}
