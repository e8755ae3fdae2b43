// Mean-field Gaussian pieces on the backend: reparameterized samples, the closed-form KL to N(0, σ_p²), ELBO gradients.
import type { Backend, Tensor } from '../../engine/backend';

/**
 * θ = μ + exp(ρ)⊙ε, the reparameterization trick with ρ = log σ.
 * @param mu, logSigma, eps the same shape (any)
 * @returns that shape
 */
export function reparameterize(be: Backend, mu: Tensor, logSigma: Tensor, eps: Tensor): Tensor {
  return be.elementwise('add', mu, be.elementwise('mul', be.elementwise('exp', logSigma), eps));
}

/**
 * Σᵢ KL(N(μᵢ, σᵢ²) ‖ N(0, σ_p²)) = Σᵢ log(σ_p/σᵢ) + (σᵢ² + μᵢ²)/(2σ_p²) − ½, summed over every entry.
 * @param mu, logSigma the same shape
 * @returns (1, 1)
 */
export function gaussianKl(be: Backend, mu: Tensor, logSigma: Tensor, priorSigma: number): Tensor {
  const variance = be.elementwise('exp', be.elementwise('scale', logSigma, null, 2));
  const quadratic = be.elementwise('scale', be.elementwise('add', variance, be.elementwise('square', mu)), null, 1 / (2 * priorSigma ** 2), Math.log(priorSigma) - 0.5);
  return be.reduce('sum', be.elementwise('add', quadratic, logSigma, 1, -1), 'all');
}

/**
 * Gradients of the per-sample negative ELBO, NLL(θ) + w·KL, through θ = μ + σ⊙ε:
 *   ∂/∂μ = g + w·μ/σ_p²,   ∂/∂ρ = g⊙ε⊙σ + w·(σ²/σ_p² − 1),
 * where g = ∂NLL/∂θ at the sampled θ and w = β/N (the KL is spread over the N training samples).
 * @param mu, logSigma, eps, nllGrad the same shape
 * @returns [∂/∂μ, ∂/∂ρ], that shape
 */
export function elboGradients(be: Backend, mu: Tensor, logSigma: Tensor, eps: Tensor, nllGrad: Tensor, klWeight: number, priorSigma: number): [Tensor, Tensor] {
  const precision = klWeight / priorSigma ** 2;
  const sigma = be.elementwise('exp', logSigma);
  const gradMu = be.elementwise('add', nllGrad, mu, 1, precision);
  const pathwise = be.elementwise('mul', be.elementwise('mul', nllGrad, eps), sigma);
  const klPart = be.elementwise('scale', be.elementwise('square', sigma), null, precision, -klWeight);
  return [gradMu, be.elementwise('add', pathwise, klPart)];
}
