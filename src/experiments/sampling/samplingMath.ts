// Small host-side helpers of the sampling page: sums, orderings and the paper's sample-size formulas.

/** Σ of an array. */
export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

/** Row indices sorted by descending score (ties by index, so the order is reproducible). */
export function rowsByDescendingScore(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((x, y) => scores[y] - scores[x] || x - y);
}

/**
 * The paper's sensitivity-sampling sample size (up to ε and log factors) for total sensitivity 𝔖: 𝔖^{2/p} for
 * 1 ≤ p < 2, 𝔖^{2−2/p} for p > 2 (both equal 𝔖 = d at p = 2), against the general 𝔖·d.
 */
export function paperSampleSize(totalSensitivity: number, p: number): number {
  return p <= 2 ? totalSensitivity ** (2 / p) : totalSensitivity ** (2 - 2 / p);
}
