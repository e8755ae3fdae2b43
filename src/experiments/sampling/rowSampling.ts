// Host-side bookkeeping of row sampling: scores per scheme, inclusion probabilities summing to m, Bernoulli draws.
import type { Rng } from '../../data/rng';
import type { Scheme } from './schema';

/** The per-row scores a scheme samples by, at exponent p. */
export type RowScores = { leverage: Float64Array; lewis: Float64Array; sensitivity: Float64Array };

/** Scores of one scheme (not normalized): 1, τᵢ, τᵢ^{p/2}, wᵢ or the sensitivity estimate ŝᵢ. */
export function schemeScores(scheme: Scheme, s: RowScores, p: number): Float64Array {
  switch (scheme) {
    case 'uniform': return new Float64Array(s.leverage.length).fill(1);
    case 'leverage': return s.leverage;
    case 'root-leverage': return s.leverage.map((t) => Math.max(t, 0) ** (p / 2));
    case 'lewis': return s.lewis;
    case 'sensitivity': return s.sensitivity;
    default: {
      const never: never = scheme;
      throw new Error(`unsupported scheme ${String(never)}`);
    }
  }
}

/**
 * Inclusion probabilities πᵢ = min(1, c·qᵢ) with qᵢ ∝ score and c chosen (by bisection) so that Σπᵢ = m: the
 * expected sample size is m, and rows too important to leave out are always kept. For m ≥ (rows with a positive
 * score) every such row is kept. Where no row saturates, πᵢ = m·qᵢ, the paper's rate.
 * @returns π (n), each in [0, 1]
 */
export function inclusionProbabilities(scores: Float64Array, m: number): Float64Array {
  let total = 0;
  let positive = 0;
  for (const s of scores) {
    if (!(s >= 0) || !Number.isFinite(s)) throw new RangeError(`sampling scores must be finite and ≥ 0, got ${s}`);
    total += s;
    if (s > 0) positive++;
  }
  if (!(total > 0)) throw new RangeError('sampling scores are all zero');
  const q = scores.map((s) => s / total);
  if (m >= positive) return q.map((v) => (v > 0 ? 1 : 0));
  const expected = (c: number) => q.reduce((sum, v) => sum + Math.min(1, c * v), 0);
  let lo = m; // c = m gives Σ min(1, m·qᵢ) ≤ m
  let hi = m;
  while (expected(hi) < m) hi *= 2;
  for (let k = 0; k < 200 && hi - lo > 1e-12 * hi; k++) {
    const mid = 0.5 * (lo + hi);
    if (expected(mid) < m) lo = mid;
    else hi = mid;
  }
  return q.map((v) => Math.min(1, hi * v));
}

/**
 * `trials` independent Bernoulli samples: row i kept with probability πᵢ and then weighted by 1/πᵢ, so that
 * E‖SAx‖_p^p = ‖Ax‖_p^p (the rows of S·A are aᵢ/πᵢ^{1/p}).
 * @returns weights (trials·n, row-major trials×n: 1/πᵢ where kept, else 0) and the number of rows each trial kept
 */
export function drawSamples(rng: Rng, pi: Float64Array, trials: number): { weights: Float64Array; kept: number[] } {
  const n = pi.length;
  const weights = new Float64Array(trials * n);
  const kept: number[] = [];
  for (let t = 0; t < trials; t++) {
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (pi[i] >= 1 || rng.uniform() < pi[i]) {
        weights[t * n + i] = 1 / pi[i];
        count++;
      }
    }
    kept.push(count);
  }
  return { weights, kept };
}

/** Geometric grid of sample sizes from mMin to mMax (rounded, distinct, ascending). */
export function sampleSizes(mMin: number, mMax: number, steps: number): number[] {
  const lo = Math.min(mMin, mMax);
  const hi = Math.max(mMin, mMax);
  if (steps <= 1) return [hi];
  const out = Array.from({ length: steps }, (_, k) => Math.round(lo * (hi / lo) ** (k / (steps - 1))));
  return [...new Set(out)];
}

/** Median of a list (NaN-free input assumed). */
export function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}
