// Data for the subspace-clustering page: a seeded union of subspaces or a digits sample, a 3-D PCA view, heatmap helpers.
import type { Backend } from '../../engine/backend';
import { loadDigits } from '../../data/datasets';
import { unionOfSubspaces } from '../../data/synthetic';
import { eigh } from '../../linalg/eigh';
import type { RunContext } from '../framework/types';
import type { SubspaceClusteringConfig } from './schema';

/** Samples as rows (n×d); truth labels 0..k−1, −1 for outliers. */
export type ClusteringData = { X: Float32Array; n: number; d: number; truth: Int32Array; k: number; description: string };

/** The config's data set, drawn from ctx.rng (same seed, same points). Digits are scaled to [0, 1]. */
export async function loadClusteringData(config: SubspaceClusteringConfig, ctx: RunContext): Promise<ClusteringData> {
  switch (config.source) {
    case 'subspaces': {
      const { subspaces, dim, ambient, perSubspace, noise, outliers } = config;
      const u = unionOfSubspaces(ctx.rng, { subspaces, dim: Math.min(dim, ambient), ambient, perSubspace, noise, outlierFraction: outliers });
      const description = `${subspaces} subspaces of dimension ${Math.min(dim, ambient)} in R^${ambient}, ${perSubspace} points each, noise ${noise}`;
      return { X: u.X, n: u.n, d: u.d, truth: u.labels, k: subspaces, description };
    }
    case 'digits': {
      const digits = await loadDigits(ctx.data);
      const picked: number[] = [];
      for (let c = 0; c < config.digitClasses; c++) {
        const members = Array.from(digits.y.keys()).filter((i) => digits.y[i] === c);
        picked.push(...(ctx.rng.shuffle(members) as number[]).slice(0, config.perDigit).sort((a, b) => a - b));
      }
      const X = new Float32Array(picked.length * digits.d);
      picked.forEach((row, i) => {
        for (let p = 0; p < digits.d; p++) X[i * digits.d + p] = digits.X[row * digits.d + p] / 16;
      });
      const truth = Int32Array.from(picked, (row) => digits.y[row]);
      return { X, n: picked.length, d: digits.d, truth, k: config.digitClasses, description: `${picked.length} digits (${config.digitClasses} classes)` };
    }
    default:
      throw new Error(`unknown data source ${config.source}`);
  }
}

/**
 * Coordinates of the samples along the top principal directions (eigenvectors of the centered scatter XcᵀXc,
 * on the backend), padded with zeros when d < dims. @returns n rows of `dims` numbers
 */
export async function pcaCoordinates(be: Backend, data: ClusteringData, dims = 3): Promise<number[][]> {
  const { n, d } = data;
  const x = be.upload(data.X, { rows: n, cols: d });
  const centered = be.tidy(() => be.elementwise('add', x, be.reduce('sum', x, 'perCol'), 1, -1 / n));
  be.dispose(x);
  const scatter = be.matmul(centered, centered, { transA: true });
  const { vectors } = await eigh(be, scatter).finally(() => be.dispose(scatter));
  const used = Math.min(dims, d);
  const projected = be.tidy(() => be.matmul(centered, be.slice(vectors, 0, 0, d, used)));
  const values = await be.read(projected);
  for (const t of [centered, vectors, projected]) be.dispose(t);
  return Array.from({ length: n }, (_, i) => Array.from({ length: dims }, (_, j) => (j < used ? values[i * used + j] : 0)));
}

/** Sample indices sorted by true label (stable), outliers (−1) last. */
export function orderByTruth(truth: ArrayLike<number>): number[] {
  const key = (i: number) => (truth[i] < 0 ? Infinity : truth[i]);
  return Array.from({ length: truth.length }, (_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
}

/**
 * The n×n affinity with rows and columns in `order`, block-averaged down to at most maxSize×maxSize
 * so a heatmap of a large data set stays small. @returns rows of the (reordered, shrunk) matrix
 */
export function reorderedAffinity(affinity: ArrayLike<number>, n: number, order: number[], maxSize = 120): number[][] {
  const size = Math.min(n, maxSize);
  const bucket = (pos: number) => Math.min(size - 1, Math.floor((pos * size) / n));
  const sums = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const counts = new Array<number>(size).fill(0);
  for (let p = 0; p < n; p++) counts[bucket(p)]++;
  for (let p = 0; p < n; p++) {
    const bp = bucket(p), row = order[p] * n;
    for (let q = 0; q < n; q++) sums[bp][bucket(q)] += affinity[row + order[q]];
  }
  return sums.map((r, a) => r.map((v, b) => v / (counts[a] * counts[b])));
}
