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

/** Entries per device tensor a batched step may allocate (16 MB in f32), so large n, d or trial counts never hit buffer limits. */
export const ENTRIES_PER_CHUNK = 1 << 22;

/**
 * Consecutive [start, count) chunks of `items` batch items holding `perItem` entries each, every chunk at most
 * `limit` entries (but at least one item).
 */
export function batchChunks(items: number, perItem: number, limit = ENTRIES_PER_CHUNK): [number, number][] {
  const size = Math.max(1, Math.floor(limit / Math.max(1, perItem)));
  const out: [number, number][] = [];
  for (let start = 0; start < items; start += size) out.push([start, Math.min(size, items - start)]);
  return out;
}
