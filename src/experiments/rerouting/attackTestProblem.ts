// A small seeded attack problem for the tests: a random ReLU MLP, inputs inside [0, 1], and two class subspaces of class-structured hidden states.
import { Rng } from '../../data/rng';
import type { Backend, Tensor } from '../../engine/backend';
import { Mlp } from '../../learn/mlp';
import { rerouteSubspaces, type RerouteSubspaces } from './subspaces';

export type AttackTestProblem = { mlp: Mlp; weights: Tensor[]; x: Tensor; sub: RerouteSubspaces; labels: Tensor; dispose(): void };

/**
 * @param sizes the MLP's widths, sizes[1] the hidden width the subspaces live in; B attacked rows; k the subspace dimension
 * @returns x (B, sizes[0]) in [0.2, 0.8], labels (B, 1) = the last class, subspaces of class 0 (source) and the last class (target)
 */
export async function attackTestProblem(be: Backend, sizes: number[], B: number, k: number, seed: number): Promise<AttackTestProblem> {
  const rng = new Rng(seed);
  const mlp = new Mlp(sizes);
  const weights = mlp.init(be, rng);
  const [inputs, h] = sizes;
  const classes = sizes[sizes.length - 1];
  const x = be.upload(Float64Array.from({ length: B * inputs }, () => 0.2 + 0.6 * rng.uniform()), { rows: B, cols: inputs });
  const n = 20 * classes + 5;
  const labelsHost = Int32Array.from({ length: n }, (_, i) => i % classes);
  const centers = rng.normals(classes * h);
  const hidden = be.upload(Float64Array.from({ length: n * h }, (_, j) => Math.max(0, centers[labelsHost[Math.floor(j / h)] * h + (j % h)] + 0.5 * rng.normal())), { rows: n, cols: h });
  const sub = await rerouteSubspaces(be, hidden, labelsHost, 0, classes - 1, k, seed);
  be.dispose(hidden);
  const labels = be.fill({ rows: B, cols: 1 }, classes - 1);
  return { mlp, weights, x, sub, labels, dispose: () => { sub.dispose(); for (const t of [...weights, x, labels]) be.dispose(t); } };
}
