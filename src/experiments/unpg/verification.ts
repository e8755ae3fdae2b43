// Face-verification statistics on the host: pair similarities, TAR at a fixed FAR, quantiles and histograms.

/** Similarities of every pair (i < j) of a labelled set, split into positive (same class) and negative pairs. */
export function pairSimilarities(gram: ArrayLike<number>, labels: ArrayLike<number>): { positive: Float64Array; negative: Float64Array } {
  const n = labels.length;
  if (gram.length !== n * n) throw new RangeError(`pairSimilarities: ${n} samples need a ${n}×${n} Gram matrix, got ${gram.length} entries`);
  const positive: number[] = [];
  const negative: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) (labels[i] === labels[j] ? positive : negative).push(gram[i * n + j]);
  return { positive: Float64Array.from(positive), negative: Float64Array.from(negative) };
}

/**
 * True-accept rate at a false-accept rate: the threshold τ is the ⌊far·N⌋-th largest of the N negative similarities
 * (0-based), so at most far·N negatives score above it; TAR is the fraction of positives scoring above τ.
 * @param far in [0, 1]
 */
export function tarAtFar(positive: ArrayLike<number>, negative: ArrayLike<number>, far: number): number {
  if (!(far >= 0 && far <= 1)) throw new RangeError(`tarAtFar: the false-accept rate must be in [0, 1], got ${far}`);
  if (!positive.length || !negative.length) throw new RangeError('tarAtFar: needs at least one positive and one negative pair');
  const sorted = Float64Array.from(negative).sort().reverse();
  const k = Math.min(sorted.length - 1, Math.floor(far * sorted.length));
  const threshold = far >= 1 ? -Infinity : sorted[k];
  let accepted = 0;
  for (let i = 0; i < positive.length; i++) if (positive[i] > threshold) accepted++;
  return accepted / positive.length;
}

/** The q-quantile (0 ≤ q ≤ 1) by the nearest lower rank of the sorted values. */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (!values.length) throw new RangeError('quantile: no values');
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Bin centres of `bins` equal bins on [−1, 1] (cosine similarities). */
export function binCentres(bins: number): number[] {
  return Array.from({ length: bins }, (_, b) => -1 + (2 * (b + 0.5)) / bins);
}

/** Density histogram on [−1, 1]: per bin, the fraction of values in it divided by the bin width (integrates to 1). */
export function similarityDensity(values: ArrayLike<number>, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.max(0, Math.floor(((values[i] + 1) / 2) * bins)))]++;
  const width = 2 / bins;
  return counts.map((c) => (values.length ? c / values.length / width : 0));
}
