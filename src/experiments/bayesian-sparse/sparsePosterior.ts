// SSVI's posterior: a mean-field Gaussian on a sparse support of the flat weight vector θ; off the support θ is exactly 0.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import { parameterCount, type WeightShape } from '../../learn/model';
import { flatten, unflatten } from '../../learn/flatParams';
import { createSupport, densifyAdd, disposeSupport, gatherSupport, type SparseSupport } from '../../learn/sparseKernels';
import { elboGradients, gaussianKl, reparameterize } from './gaussian';
import { replaceKept, type GaussianPosterior, type VariationalObjective } from './posterior';
import { remapSlots, uploadSlotMap, type SupportChange } from './supportUpdate';

/**
 * params = [μ (s, 1), ρ (s, 1)] for the s coordinates of a support S ⊂ {0, …, D−1} of the flat θ = [vec W1; b1; …].
 * weights() densifies θ_S = μ + σ⊙ε into zeros and splits it into the model's weights; backward() flattens ∂NLL/∂W,
 * gathers it on S and adds the KL terms. At S = everything this is dense mean-field VI, coordinate for coordinate.
 */
export class SparseGaussianPosterior implements GaussianPosterior {
  readonly kind = 'meanFieldSparse';
  readonly params: Tensor[];
  readonly supportSize: number;
  readonly dimension: number;
  support: SparseSupport;
  /** When true, the next backward() keeps |∂NLL/∂θ| over all D coordinates in gradMagnitude (for the add step). */
  captureGradient = false;
  /** (D, 1), owned here until takeGradMagnitude(). */
  private gradMagnitude: Tensor | null = null;
  private eps: Tensor[] = [];

  /**
   * @param indices the support: flat positions in θ, no repeats (sorted here)
   * @param mu, logSigma (s) per support coordinate, in the order of `indices` after an ascending sort
   */
  constructor(private readonly be: Backend, readonly shapes: readonly WeightShape[], indices: ArrayLike<number>, mu: Tensor, logSigma: Tensor, readonly objective: VariationalObjective) {
    this.dimension = parameterCount(shapes);
    this.supportSize = indices.length;
    if (this.supportSize < 1) throw new RangeError('SparseGaussianPosterior: the support is empty; raise the density');
    if (mu.rows * mu.cols !== this.supportSize || logSigma.rows * logSigma.cols !== this.supportSize) {
      throw new RangeError(`SparseGaussianPosterior: ${this.supportSize} support coordinates but μ has ${mu.rows * mu.cols} and ρ ${logSigma.rows * logSigma.cols}`);
    }
    this.support = createSupport(be, this.dimension, 1, indices);
    this.params = [be.keep(mu), be.keep(logSigma)];
  }

  /**
   * A posterior on `indices` (ascending) whose μ and ρ are read off flat (D, 1) device vectors at those positions
   * (the initial support, or a dense posterior pruned to it).
   */
  static gatheredFrom(be: Backend, shapes: readonly WeightShape[], indices: Int32Array, muFlat: Tensor, logSigmaFlat: Tensor, objective: VariationalObjective): SparseGaussianPosterior {
    const sorted = Int32Array.from(indices).sort();
    const probe = createSupport(be, parameterCount(shapes), 1, sorted);
    try {
      const [mu, rho] = be.tidy(() => [be.keep(gatherSupport(be, muFlat, probe)), be.keep(gatherSupport(be, logSigmaFlat, probe))]);
      return new SparseGaussianPosterior(be, shapes, sorted, mu, rho, objective);
    } finally {
      disposeSupport(be, probe);
    }
  }

  get indices(): Int32Array {
    return this.support.indices;
  }

  resample(rng: Rng): void {
    this.eps = replaceKept(this.be, this.eps, [this.be.upload(rng.normals(this.supportSize), { rows: this.supportSize, cols: 1 })]);
  }

  /** The sampled θ as the flat (D, 1) vector, zero off the support. */
  flatWeights(): Tensor {
    if (!this.eps.length) throw new Error('SparseGaussianPosterior: call resample() before weights()');
    const onSupport = reparameterize(this.be, this.params[0], this.params[1], this.eps[0]);
    return densifyAdd(this.be, this.be.fill({ rows: this.dimension, cols: 1 }, 0), this.support, onSupport, 0);
  }

  weights(): Tensor[] {
    return unflatten(this.be, this.flatWeights(), this.shapes);
  }

  backward(weightGrads: Tensor[]): Tensor[] {
    const flat = flatten(this.be, weightGrads);
    if (this.captureGradient) {
      if (this.gradMagnitude) this.be.dispose(this.gradMagnitude);
      this.gradMagnitude = this.be.keep(this.be.elementwise('abs', flat));
      this.captureGradient = false;
    }
    const { priorSigma, klWeight } = this.objective;
    return elboGradients(this.be, this.params[0], this.params[1], this.eps[0], gatherSupport(this.be, flat, this.support), klWeight, priorSigma);
  }

  /** Hands over the captured |∂NLL/∂θ| (D, 1); the caller disposes it. */
  takeGradMagnitude(): Tensor {
    const g = this.gradMagnitude;
    if (!g) throw new Error('SparseGaussianPosterior: no gradient was captured; set captureGradient before a step');
    this.gradMagnitude = null;
    return g;
  }

  /** |μ|/σ per support slot: (s, 1). Call inside tidy. */
  signalToNoise(): Tensor {
    return this.be.elementwise('div', this.be.elementwise('abs', this.params[0]), this.be.elementwise('exp', this.params[1]));
  }

  /**
   * Moves to a new support of the same size: kept coordinates keep μ and ρ (and, through `alsoRemap`, their
   * optimizer state); added ones start at μ = 0, ρ = initLogSigma.
   */
  applyChange(change: SupportChange, initLogSigma: number, alsoRemap: (slotMap: Tensor) => void = () => {}): void {
    if (change.indices.length !== this.supportSize) throw new RangeError(`applyChange: ${change.indices.length} indices for a support of ${this.supportSize}`);
    const slotMap = uploadSlotMap(this.be, change.slotMap);
    try {
      remapSlots(this.be, this.params[0], slotMap, 0);
      remapSlots(this.be, this.params[1], slotMap, initLogSigma);
      alsoRemap(slotMap);
    } finally {
      this.be.dispose(slotMap);
    }
    disposeSupport(this.be, this.support);
    this.support = createSupport(this.be, this.dimension, 1, change.indices);
  }

  kl(): Tensor {
    return gaussianKl(this.be, this.params[0], this.params[1], this.objective.priorSigma);
  }

  trainableCount(): number {
    return 2 * this.supportSize;
  }

  dispose(): void {
    for (const t of [...this.params, ...this.eps]) this.be.dispose(t);
    if (this.gradMagnitude) this.be.dispose(this.gradMagnitude);
    disposeSupport(this.be, this.support);
    this.params.length = 0;
    this.eps = [];
    this.gradMagnitude = null;
  }
}
