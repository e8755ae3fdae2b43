// Row importance scores of a tall matrix on the backend: ℓ2 leverage scores (from a thin QR) and ℓp Lewis weights.
import type { Backend, Tensor } from '../engine/backend';
import { householderQr } from './qr';
import { Scratch } from './matrixChecksKernels';

/** Smallest and largest value a positive power's base is clamped to, so log() never sees 0 (f32's normal range). */
const TINY = 1e-30;
const HUGE = 1e30;

/** x^e for x > 0 entrywise, as exp(e·log x); zeros are clamped to 1e-30 first so no log(0) reaches the device. */
export function positivePower(be: Backend, x: Tensor, e: number): Tensor {
  if (e === 1) return be.elementwise('scale', x, null, 1, 0);
  if (e === 2) return be.elementwise('square', x);
  if (e === 0.5) return be.elementwise('sqrt', x);
  return be.tidy(() => be.elementwise('exp', be.elementwise('scale', be.elementwise('log', be.elementwise('clamp', x, null, TINY, HUGE)), null, e, 0)));
}

/** |x|^p entrywise (p ≥ 1). */
export function absPower(be: Backend, x: Tensor, p: number): Tensor {
  if (p === 2) return be.elementwise('square', x);
  return be.tidy(() => positivePower(be, be.elementwise('abs', x), p));
}

/** Throws unless the matrix is tall enough for row scores and p is a usable exponent. */
export function requireRowScoreInput(a: Tensor, who: string, p = 2): void {
  if (a.batch !== 1) throw new RangeError(`${who}: expected one matrix, got a batch of ${a.batch}`);
  if (a.rows < a.cols || a.cols < 1) throw new RangeError(`${who}: needs rows ≥ cols ≥ 1, got ${a.rows}×${a.cols}`);
  if (!Number.isFinite(p) || p < 1) throw new RangeError(`${who}: p must be a finite number ≥ 1, got ${p}`);
}

/**
 * Leverage scores τᵢ = ‖Qᵢ‖² of each row, enqueued without readback (tidy rules apply to the result).
 * @param a (n, d), n ≥ d
 * @returns (n, 1); Στᵢ = d when A has full column rank
 */
export function leverageOnDevice(be: Backend, a: Tensor): Tensor {
  return be.tidy(() => be.reduce('sumSquares', householderQr(be, a).Q, 'perRow'));
}

/**
 * One step of the Lewis-weight iteration from weights w (n, 1). With B = W^{1/2−1/p}·A (leverage scores βᵢ),
 * aᵢᵀ(AᵀW^{1−2/p}A)⁻¹aᵢ = βᵢ / wᵢ^{1−2/p}. For p < 4 this returns Cohen–Peng's w ← (aᵢᵀ(AᵀW^{1−2/p}A)⁻¹aᵢ)^{p/2},
 * a contraction with factor |p/2 − 1|; from p = 4 on that map no longer contracts, so it returns the damped step
 * w ← β (the same fixed point, contraction factor 1 − 2/p).
 * @see Cohen & Peng, "ℓp Row Sampling by Lewis Weights" (2015), §3
 */
export function lewisStep(be: Backend, a: Tensor, w: Tensor, p: number): Tensor {
  return be.tidy(() => {
    const rootScale = positivePower(be, w, 0.5 - 1 / p); // w^{1/2−1/p}
    const beta = leverageOnDevice(be, be.elementwise('mul', a, rootScale));
    if (p >= 4) return beta;
    const quadratic = be.elementwise('div', beta, be.elementwise('square', rootScale)); // aᵢᵀ M⁻¹ aᵢ
    return positivePower(be, quadratic, p / 2);
  });
}

export type LewisOptions = { maxIterations?: number; tolerance?: number; checkEvery?: number };
export type LewisResult = { weights: Float64Array; iterations: number; change: number };

/**
 * ℓp Lewis weights of the rows of a: the w with wᵢ = (aᵢᵀ(AᵀW^{1−2/p}A)⁻¹aᵢ)^{p/2}, by the fixed-point iteration from
 * w = 1 (see lewisStep). Reads back every `checkEvery` steps and stops once a step's relative change Σ|Δw|/Σw is
 * below `tolerance` (default 1e-12 in f64, 1e-5 in f32). At the fixed point Σwᵢ = d; for p = 2, w = leverage scores.
 * @param a (n, d), n ≥ d, full column rank
 * @returns weights (n), the steps taken and the last step's relative change
 */
export async function lewisWeightsOnDevice(be: Backend, a: Tensor, p: number, o: LewisOptions = {}): Promise<LewisResult> {
  requireRowScoreInput(a, 'lewisWeights', p);
  const tolerance = o.tolerance ?? (be.precision === 'f32' ? 1e-5 : 1e-12);
  const maxIterations = o.maxIterations ?? 100;
  const checkEvery = Math.max(1, o.checkEvery ?? 8);
  const scratch = new Scratch(be);
  try {
    let w = scratch.track(be.fill({ rows: a.rows, cols: 1 }, 1));
    for (let iterations = 1; ; iterations++) {
      const next = scratch.track(lewisStep(be, a, w, p));
      if (iterations % checkEvery === 0 || iterations >= maxIterations) {
        // The change is measured over this one step, so both ends of it are read.
        const [before, after] = await Promise.all([be.read(w), be.read(next)]);
        if (!after.every(Number.isFinite)) throw new Error('lewisWeights: the iteration produced non-finite weights (is A rank deficient?)');
        const change = relativeChange(before, after);
        if (change <= tolerance || iterations >= maxIterations) return { weights: after, iterations, change };
      }
      scratch.free(w);
      w = next;
    }
  } finally {
    scratch.dispose();
  }
}

/** Σ|after − before| / Σ|after|: small rows' f32 rounding does not stall it the way a per-row relative change would. */
function relativeChange(before: Float64Array, after: Float64Array): number {
  let moved = 0;
  let total = 0;
  for (let i = 0; i < after.length; i++) {
    moved += Math.abs(after[i] - before[i]);
    total += Math.abs(after[i]);
  }
  return moved / Math.max(total, 1e-300);
}

/**
 * Leverage scores τᵢ = aᵢᵀ(AᵀA)⁻¹aᵢ of the rows of a, read back; a clear error when A is (numerically) rank deficient.
 * @param a (n, d), n ≥ d
 * @returns Float64Array(n), summing to d
 */
export async function leverageScores(be: Backend, a: Tensor): Promise<Float64Array> {
  requireRowScoreInput(a, 'leverageScores');
  const scratch = new Scratch(be);
  try {
    const { Q, R } = householderQr(be, a);
    scratch.track(Q);
    scratch.track(R);
    const tau = scratch.track(be.reduce('sumSquares', Q, 'perRow'));
    const [scores, r] = await Promise.all([be.read(tau), be.read(R)]);
    requireFullRank(r, a.cols, be, 'leverageScores');
    return scores;
  } finally {
    scratch.dispose();
  }
}

/** R's diagonal against its largest entry: a negligible pivot means A's columns are dependent. */
export function requireFullRank(r: Float64Array, d: number, be: Backend, who: string): void {
  let largest = 0;
  for (const v of r) largest = Math.max(largest, Math.abs(v));
  const limit = (be.precision === 'f32' ? 1e-6 : 1e-13) * largest * d;
  for (let k = 0; k < d; k++) {
    const pivot = Math.abs(r[k * d + k]);
    if (!(pivot > limit)) throw new Error(`${who}: A is rank deficient (|R_${k}${k}| = ${pivot.toExponential(2)} ≤ ${limit.toExponential(2)}); scores need full column rank`);
  }
}

/** Lewis weights after the rank check of leverageScores (the public entry point). */
export async function lewisWeights(be: Backend, a: Tensor, p: number, o: LewisOptions = {}): Promise<LewisResult> {
  requireRowScoreInput(a, 'lewisWeights', p);
  await leverageScores(be, a);
  return lewisWeightsOnDevice(be, a, p, o);
}
