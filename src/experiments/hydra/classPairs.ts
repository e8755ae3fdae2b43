// Class pairs and the positive-pair batches of both methods: Hydra (two digits of a random class pair) and SimCLR (two views of one digit).
import type { Rng } from '../../data/rng';
import { augmentDigits } from '../../data/digitAugment';

/** The unordered class pairs {a, b} with a ≤ b (same-class pairs included), in row-major upper-triangle order. */
export function classPairs(classes: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let a = 0; a < classes; a++) for (let b = a; b < classes; b++) pairs.push([a, b]);
  return pairs;
}

/** Index of {a, b} in classPairs(classes), in either order. */
export function pairIndex(a: number, b: number, classes: number): number {
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return lo * classes - (lo * (lo - 1)) / 2 + (hi - lo);
}

/** Training rows of each class (the sampler draws within a class). */
export function rowsByClass(labels: ArrayLike<number>, classes: number): number[][] {
  const rows: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) rows[labels[i]].push(i);
  for (let c = 0; c < classes; c++) if (!rows[c].length) throw new RangeError(`class ${c} has no training digits`);
  return rows;
}

/** One batch of positive pairs: two augmented views (B, 64) each and, for Hydra, the class pair of every row. */
export type PairBatch = { x1: Float32Array; x2: Float32Array; pairs: Int32Array };

/**
 * Hydra's positives: each row draws a class pair {a, b} uniformly, then one digit of class a and one of class b (which
 * is x1 is a coin flip), both augmented. Same-class pairs are among the draws, so ordinary positives still occur.
 */
export function hydraBatch(X: ArrayLike<number>, byClass: number[][], B: number, rng: Rng, noise: number): PairBatch {
  const classes = byClass.length;
  const total = (classes * (classes + 1)) / 2;
  const pairList = classPairs(classes);
  const pairs = new Int32Array(B);
  const r1 = new Int32Array(B);
  const r2 = new Int32Array(B);
  for (let i = 0; i < B; i++) {
    pairs[i] = rng.int(total);
    const [a, b] = rng.int(2) ? pairList[pairs[i]] : [pairList[pairs[i]][1], pairList[pairs[i]][0]];
    r1[i] = byClass[a][rng.int(byClass[a].length)];
    r2[i] = byClass[b][rng.int(byClass[b].length)];
  }
  return { x1: augmentDigits(X, r1, rng, noise), x2: augmentDigits(X, r2, rng, noise), pairs };
}

/** SimCLR's positives: two augmented views of the same training digit (no labels used); `pairs` is all zeros. */
export function simclrBatch(X: ArrayLike<number>, nTrain: number, B: number, rng: Rng, noise: number): PairBatch {
  const rows = Int32Array.from({ length: B }, () => rng.int(nTrain));
  return { x1: augmentDigits(X, rows, rng, noise), x2: augmentDigits(X, rows, rng, noise), pairs: new Int32Array(B) };
}

/** One-hot rows (B, P) of the batch's pairs: multiplying by it gathers gate rows, its transpose scatters their gradients. */
export function pairOneHot(pairs: Int32Array, P: number): Float32Array {
  const m = new Float32Array(pairs.length * P);
  pairs.forEach((p, i) => { m[i * P + p] = 1; });
  return m;
}
