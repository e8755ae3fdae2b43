// Rates in bits: empirical entropies of symbols, and the code lengths the codecs are charged (host math on small arrays).

/** Empirical entropy of integer symbols in bits per symbol: −Σ p log₂ p over the histogram. */
export function empiricalEntropyBits(symbols: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < symbols.length; i++) counts.set(symbols[i], (counts.get(symbols[i]) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / symbols.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Code length per index under the static histogram with an add-½ prior over all K codes (what a coder that
 * sends the smoothed histogram would spend): −(1/n) Σ log₂ q(iₙ), q(k) = (cₖ + ½)/(n + K/2). By Gibbs'
 * inequality it is never below the empirical entropy. @param indices n values in [0, K)
 */
export function histogramRateBits(indices: ArrayLike<number>, codes: number): number {
  const n = indices.length;
  if (n === 0) throw new RangeError('histogramRateBits: no indices');
  const counts = new Float64Array(codes);
  for (let i = 0; i < n; i++) {
    const k = indices[i];
    if (!Number.isInteger(k) || k < 0 || k >= codes) throw new RangeError(`histogramRateBits: index ${k} outside [0, ${codes})`);
    counts[k]++;
  }
  let bits = 0;
  for (const c of counts) if (c > 0) bits -= c * Math.log2((c + 0.5) / (n + codes / 2));
  return bits / n;
}

/** P(q) of the unit-width bin around integer q under a zero-mean Laplace with scale b (floored so log stays finite). */
function laplaceBin(q: number, b: number): number {
  const cdf = (x: number) => (x < 0 ? 0.5 * Math.exp(x / b) : 1 - 0.5 * Math.exp(-x / b));
  return Math.max(cdf(q + 0.5) - cdf(q - 0.5), 1e-12);
}

/**
 * Estimated rate of rounded latents: per channel, a zero-mean Laplace fitted to the integers (b = mean |q|, at
 * least 0.05) charges −log₂ P(bin); the sum over channels, per sample. Never below the channels' empirical
 * entropies (cross-entropy ≥ entropy). @param q (n, c) row-major integers @returns bits per sample
 */
export function laplaceRateBits(q: ArrayLike<number>, n: number, c: number): number {
  if (q.length !== n * c || n === 0) throw new RangeError(`laplaceRateBits: expected ${n}×${c} latents, got ${q.length}`);
  let bits = 0;
  for (let j = 0; j < c; j++) {
    let mad = 0;
    for (let i = 0; i < n; i++) mad += Math.abs(q[i * c + j]);
    const b = Math.max(mad / n, 0.05);
    for (let i = 0; i < n; i++) bits -= Math.log2(laplaceBin(q[i * c + j], b));
  }
  return bits / n;
}

/** Σ over channels of the empirical entropy of each channel's integers, bits per sample. @param q (n, c) */
export function channelEntropyBits(q: ArrayLike<number>, n: number, c: number): number {
  let bits = 0;
  for (let j = 0; j < c; j++) bits += empiricalEntropyBits(Array.from({ length: n }, (_, i) => q[i * c + j]));
  return bits;
}

/** PSNR in dB of a mean squared error on pixels in [0, 1]. */
export function psnr(mse: number): number {
  return 10 * Math.log10(1 / Math.max(mse, 1e-12));
}
