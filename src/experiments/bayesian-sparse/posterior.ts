// The variational posterior as a Parameterization: the GaussianPosterior contract and dense mean-field VI.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import type { WeightShape } from '../../learn/model';
import type { Parameterization } from '../../learn/parameterization';
import { elboGradients, gaussianKl, reparameterize } from './gaussian';

/** The prior N(0, σ_p²) on every coordinate and the KL's weight per training sample, w = β/N. */
export type VariationalObjective = { priorSigma: number; klWeight: number };

/**
 * q(θ) = Πᵢ N(μᵢ, σᵢ²) on some coordinates (θ is exactly 0 elsewhere). params = [μ, ρ = log σ] tensors; weights()
 * is one reparameterized sample θ = μ + σ⊙ε for the ε of the last resample(), and backward() returns the gradient
 * of the per-sample negative ELBO, NLL(θ) + w·KL(q‖p), with respect to params.
 */
export interface GaussianPosterior extends Parameterization {
  /** Coordinates that carry a Gaussian (the rest are exactly zero). */
  readonly supportSize: number;
  readonly objective: VariationalObjective;
  /** Draws ε ~ N(0, I) from `rng` for the next weights() (one upload, in flat weight order). */
  resample(rng: Rng): void;
  /** KL(q ‖ N(0, σ_p² I)) over the support, closed form: (1, 1). Call inside tidy. */
  kl(): Tensor;
}

/** Shared lifetime of ε: one kept tensor per slot, replaced on each resample. */
export function replaceKept(be: Backend, old: Tensor[], fresh: Tensor[]): Tensor[] {
  for (const t of old) be.dispose(t);
  return fresh.map((t) => be.keep(t));
}

/** Dense mean-field VI: every weight entry has its own Gaussian. params = [μ_1, …, μ_k, ρ_1, …, ρ_k] in weight order. */
export class DenseGaussianPosterior implements GaussianPosterior {
  readonly kind = 'meanFieldDense';
  readonly params: Tensor[];
  readonly supportSize: number;
  private eps: Tensor[] = [];

  /**
   * @param means μ per weight, host values in weight order ([W1, b1, …] for an Mlp)
   * @param initLogSigma ρ₀ = log σ₀ for every coordinate
   */
  constructor(private readonly be: Backend, readonly shapes: readonly WeightShape[], means: readonly Float64Array[], initLogSigma: number, readonly objective: VariationalObjective) {
    if (means.length !== shapes.length) throw new RangeError(`DenseGaussianPosterior: ${means.length} mean arrays for ${shapes.length} weights`);
    const mu = shapes.map((s, i) => be.keep(be.upload(means[i], s)));
    const rho = shapes.map((s) => be.keep(be.fill(s, initLogSigma)));
    this.params = [...mu, ...rho];
    this.supportSize = shapes.reduce((n, s) => n + s.rows * s.cols, 0);
  }

  get means(): Tensor[] {
    return this.params.slice(0, this.shapes.length);
  }

  get logSigmas(): Tensor[] {
    return this.params.slice(this.shapes.length);
  }

  resample(rng: Rng): void {
    const eps = rng.normals(this.supportSize);
    let offset = 0;
    this.eps = replaceKept(this.be, this.eps, this.shapes.map((s) => {
      const n = s.rows * s.cols;
      offset += n;
      return this.be.upload(eps.subarray(offset - n, offset), s);
    }));
  }

  weights(): Tensor[] {
    if (!this.eps.length) throw new Error('DenseGaussianPosterior: call resample() before weights()');
    return this.shapes.map((_, l) => reparameterize(this.be, this.params[l], this.logSigmas[l], this.eps[l]));
  }

  backward(weightGrads: Tensor[]): Tensor[] {
    const { priorSigma, klWeight } = this.objective;
    const pairs = weightGrads.map((g, l) => elboGradients(this.be, this.params[l], this.logSigmas[l], this.eps[l], g, klWeight, priorSigma));
    return [...pairs.map((p) => p[0]), ...pairs.map((p) => p[1])];
  }

  kl(): Tensor {
    const terms = this.means.map((mu, l) => gaussianKl(this.be, mu, this.logSigmas[l], this.objective.priorSigma));
    return terms.reduce((sum, t) => this.be.elementwise('add', sum, t));
  }

  trainableCount(): number {
    return 2 * this.supportSize;
  }

  dispose(): void {
    for (const t of [...this.params, ...this.eps]) this.be.dispose(t);
    this.params.length = 0;
    this.eps = [];
  }
}
