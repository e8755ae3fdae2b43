// The page's data: a tall matrix with heavy-tailed rows and a few high-leverage spike rows, and a regression target.
import type { Rng } from '../../data/rng';

/** A (n×d, row-major float64) and b = A·x* + heavy-tailed noise (n), with the spike rows' indices. */
export type TallProblem = { a: Float64Array; b: Float64Array; n: number; d: number; spikeRows: number[] };

/** Pareto(α) with minimum 1: u^{−1/α} for u uniform in (0, 1]. */
function pareto(rng: Rng, alpha: number): number {
  return (1 - rng.uniform()) ** (-1 / alpha);
}

/**
 * Row i = sᵢ·gᵢ with gᵢ ~ N(0, I_d) and sᵢ ~ Pareto(α); then `spikes` rows (at random positions) are replaced by
 * S·e_j (j = 0, 1, … mod d) with S three times the largest column norm, so each spike's leverage is about 0.9.
 * @returns A: (n, d), b: (n) with b = A·x* + sᵢ′·N(0, ¼), x* ~ N(0, I_d)
 */
export function tallProblem(rng: Rng, n: number, d: number, alpha: number, spikes: number): TallProblem {
  if (n < d) throw new RangeError(`The matrix needs at least as many rows as columns (n = ${n} < d = ${d}).`);
  if (spikes > n - d) throw new RangeError(`${spikes} spike rows leave fewer than d = ${d} ordinary rows of n = ${n}.`);
  const a = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const s = pareto(rng, alpha);
    for (let j = 0; j < d; j++) a[i * d + j] = s * rng.normal();
  }
  const columnNorm = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) columnNorm[j] += a[i * d + j] ** 2;
  const spikeSize = 3 * Math.sqrt(Math.max(...columnNorm));
  const order = Array.from({ length: n }, (_, i) => i);
  rng.shuffle(order);
  const spikeRows = order.slice(0, spikes).sort((x, y) => x - y);
  spikeRows.forEach((row, k) => {
    a.fill(0, row * d, (row + 1) * d);
    a[row * d + (k % d)] = spikeSize;
  });
  const xStar = Array.from({ length: d }, () => rng.normal());
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let j = 0; j < d; j++) dot += a[i * d + j] * xStar[j];
    b[i] = dot + 0.5 * pareto(rng, alpha) * rng.normal();
  }
  return { a, b, n, d, spikeRows };
}
