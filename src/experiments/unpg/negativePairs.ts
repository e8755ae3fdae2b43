// UNPG's metric-loss pair generation on the host: the mini-batch's negative pairs and the box-and-whisker filter of noisy ones.

/** The negative pairs (i < j, different labels) of a batch and which of them the filter keeps. */
export type NegativePairs = {
  /** (B, B) row-major 0/1 mask: 1 at (i, j), i < j, for each kept negative pair. */
  mask: Float64Array;
  /** Similarities of every negative pair, in row-major pair order. */
  all: number[];
  /** Similarities of the kept pairs (the set UNPG appends to every row's negatives). */
  kept: number[];
  /** Bounds of the filter: [Q1 − w·IQR, Q3 + w·IQR]. */
  lower: number;
  upper: number;
};

/**
 * The box-and-whisker filter of the paper's code: sort the l similarities ascending, take Q1 = s[⌊l/4⌋] and
 * Q3 = s[⌊3l/4⌋], and keep the values inside [Q1 − whisker·IQR, Q3 + whisker·IQR]; the rest are treated as noise
 * (in face data, mostly mislabeled identities whose "negative" pairs are really positive).
 * @returns the bounds; for an empty list, [+∞, −∞] (nothing kept)
 */
export function whiskerBounds(values: readonly number[], whisker: number): { lower: number; upper: number } {
  if (!(whisker >= 0)) throw new RangeError(`whiskerBounds: the whisker length must be ≥ 0, got ${whisker}`);
  const l = values.length;
  if (l === 0) return { lower: Infinity, upper: -Infinity };
  const sorted = Float64Array.from(values).sort();
  const q1 = sorted[Math.floor(0.25 * l)];
  const q3 = sorted[Math.floor(0.75 * l)];
  const iqr = q3 - q1;
  return { lower: q1 - whisker * iqr, upper: q3 + whisker * iqr };
}

/**
 * The negative pairs of a mini-batch from its Gram matrix of unit embeddings, filtered.
 * @param gram (B, B) row-major x̂ᵢᵀx̂ⱼ
 * @param labels (B) class of each row
 * @param whisker the filter's whisker length (the paper uses 1.5); Infinity keeps every negative pair
 */
export function negativePairs(gram: ArrayLike<number>, labels: ArrayLike<number>, whisker: number): NegativePairs {
  const B = labels.length;
  if (gram.length !== B * B) throw new RangeError(`negativePairs: a ${B}-row batch needs a ${B}×${B} Gram matrix, got ${gram.length} entries`);
  const all: number[] = [];
  for (let i = 0; i < B; i++) for (let j = i + 1; j < B; j++) if (labels[i] !== labels[j]) all.push(gram[i * B + j]);
  const { lower, upper } = whisker === Infinity ? { lower: -Infinity, upper: Infinity } : whiskerBounds(all, whisker);
  const mask = new Float64Array(B * B);
  const kept: number[] = [];
  for (let i = 0; i < B; i++) {
    for (let j = i + 1; j < B; j++) {
      const s = gram[i * B + j];
      if (labels[i] !== labels[j] && s >= lower && s <= upper) {
        mask[i * B + j] = 1;
        kept.push(s);
      }
    }
  }
  return { mask, all, kept, lower, upper };
}
