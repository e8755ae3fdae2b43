// A tiny seeded merge problem for the tests (float64 and WebGPU): Mlp 5→4→3→3, three task vectors, six inputs.
import type { Backend, Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import type { MergeSetup } from './entropyObjective';
import { segmentIndicator } from './merges';

/** θ₀ (1, D), T (3, D), E, 1/sizes, inputs x (6, 5) and the generator that drew them (for further draws). */
export function tinyMergeProblem(be: Backend, rescale: boolean, seed = 3): MergeSetup & { x: Tensor; rng: Rng } {
  const rng = new Rng(seed);
  const mlp = new Mlp([5, 4, 3, 3]);
  const D = mlp.parameterCount();
  const sizes = mlp.weightShapes.map((w) => w.rows * w.cols);
  return {
    mlp, rng, rescale,
    theta0: be.upload(rng.normals(D, 0.7), { rows: 1, cols: D }),
    T: be.upload(rng.normals(3 * D, 0.3), { rows: 3, cols: D }),
    E: segmentIndicator(be, mlp.weightShapes),
    invSizes: be.upload(sizes.map((n) => 1 / n), { rows: 1, cols: sizes.length }),
    x: be.upload(rng.normals(6 * 5), { rows: 6, cols: 5 }),
  };
}

/** Per-task, per-layer λ (3 × 6) used by the gradient tests. */
export const TINY_LAMBDAS = [0.3, 0.5, 0.2, 0.4, 0.6, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.1, 0.2, 0.3, 0.3, 0.2, 0.1];
