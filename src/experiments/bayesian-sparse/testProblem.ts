// A small seeded BNN problem shared by the unit and browser tests: an Mlp, its init, a batch, and posteriors on it.
import type { Backend, Tensor } from '../../engine/backend';
import type { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { DenseGaussianPosterior, type VariationalObjective } from './posterior';
import { initialSsviPosterior } from './run';
import type { SparseGaussianPosterior } from './sparsePosterior';

export type TestProblem = {
  mlp: Mlp;
  theta0Parts: Float64Array[];
  theta0: Float64Array;
  objective: VariationalObjective;
  /** (batch, sizes[0]) inputs and (batch, 1) labels, kept: dispose with disposeProblem. */
  x: Tensor;
  y: Tensor;
};

/** Gaussian inputs, cycling labels, torch-init weights; the KL weight is large enough to matter in gradients. */
export function testProblem(be: Backend, sizes: number[], batch: number, seed = 3): TestProblem {
  const rng = new Rng(seed);
  const mlp = new Mlp(sizes, 'relu');
  const theta0Parts = mlp.initialWeights(rng);
  const classes = sizes[sizes.length - 1];
  return {
    mlp, theta0Parts,
    theta0: Float64Array.from(theta0Parts.flatMap((w) => Array.from(w))),
    objective: { priorSigma: 0.3, klWeight: 0.05 },
    x: be.keep(be.upload(rng.normals(batch * sizes[0]), { rows: batch, cols: sizes[0] })),
    y: be.keep(be.upload(Float64Array.from({ length: batch }, (_, i) => i % classes), { rows: batch, cols: 1 })),
  };
}

export function disposeProblem(be: Backend, p: TestProblem): void {
  be.dispose(p.x);
  be.dispose(p.y);
}

/** An SSVI posterior at `density` on the problem (support drawn from `seed`), σ₀ = 0.05. */
export function sparseOn(be: Backend, p: TestProblem, density: number, seed = 5): SparseGaussianPosterior {
  return initialSsviPosterior(be, p.mlp, p.theta0, density, Math.log(0.05), p.objective, new Rng(seed));
}

/** Dense mean-field VI on the problem, σ₀ = 0.05. */
export function denseOn(be: Backend, p: TestProblem): DenseGaussianPosterior {
  return new DenseGaussianPosterior(be, p.mlp.weightShapes, p.theta0Parts, Math.log(0.05), p.objective);
}

type Posterior = SparseGaussianPosterior | DenseGaussianPosterior;

/** ∂(mean NLL(θ) + w·KL)/∂params at the posterior's current ε, as the posterior's backward() computes it (read back). */
export async function elboGradientsAt(be: Backend, p: TestProblem, posterior: Posterior): Promise<Float64Array[]> {
  const grads = be.tidy(() => posterior.backward(p.mlp.lossAndGrads(be, posterior.weights(), p.x, p.y).grads).map((t) => be.keep(t)));
  try {
    return await Promise.all(grads.map((t) => be.read(t)));
  } finally {
    for (const t of grads) be.dispose(t);
  }
}

/** The per-sample negative ELBO estimate mean NLL(θ) + w·KL at the current ε, synchronously on the cpu backend. */
export function negativeElbo(be: CpuBackend, p: TestProblem, posterior: Posterior): number {
  return be.tidy(() => {
    const nll = be.view(be.reduce('sum', p.mlp.rowStats(be, posterior.weights(), p.x, p.y), 'perCol'))[0] / p.x.rows;
    return nll + p.objective.klWeight * be.view(posterior.kl())[0];
  });
}
