// Training in a random subspace (Li et al., intrinsic dimension): θ = θ₀ + P·z over ALL parameters, only z trains.
import type { Backend, Tensor } from '../engine/backend';
import type { Parameterization } from './parameterization';
import { flatten, unflatten } from './flatParams';
import { parameterCount } from './model';
import type { SubspaceProjection } from './subspaceProjections';

/**
 * params = [z] with z (d, 1) starting at 0, so training starts exactly at θ₀. weights() = unflatten(θ₀ + P·z);
 * backward: ∂L/∂z = Pᵀ·vec(∂L/∂weights).
 */
export class RandomSubspaceParameterization implements Parameterization {
  readonly kind = 'randomSubspace';
  readonly params: Tensor[];
  private readonly theta0: Tensor;
  private readonly shapes: { rows: number; cols: number }[];

  /**
   * @param initialWeights θ₀ as the model's weight tensors (copied; the caller keeps ownership)
   * @param projection P (D×d) with D = the total size of initialWeights; owned and freed by dispose()
   */
  constructor(private readonly be: Backend, initialWeights: readonly Tensor[], readonly projection: SubspaceProjection) {
    const D = parameterCount(initialWeights);
    if (projection.D !== D) throw new RangeError(`randomSubspace: the projection maps to ${projection.D} parameters, the model has ${D}`);
    this.shapes = initialWeights.map((w) => ({ rows: w.rows, cols: w.cols }));
    this.theta0 = be.keep(be.tidy(() => flatten(be, initialWeights)));
    this.params = [be.keep(be.fill({ rows: projection.d, cols: 1 }, 0))];
  }

  /** θ = θ₀ + P·z as one (D, 1) tensor. */
  flatWeights(): Tensor {
    return this.be.elementwise('add', this.theta0, this.projection.project(this.params[0]));
  }

  weights(): Tensor[] {
    return unflatten(this.be, this.flatWeights(), this.shapes);
  }

  backward(weightGrads: Tensor[]): Tensor[] {
    return [this.projection.projectTranspose(flatten(this.be, weightGrads))];
  }

  trainableCount(): number {
    return this.projection.d;
  }

  dispose(): void {
    this.be.dispose(this.theta0);
    this.be.dispose(this.params[0]);
    this.params.length = 0;
    this.projection.dispose();
  }
}
