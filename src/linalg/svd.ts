// SVD entry points: checks and scales the input, then runs one-sided Jacobi or randomized SVD on the device.
import type { Backend, Tensor } from '../engine/backend';
import { matrixHealth, readMatrixHealth, requireFinite, Scratch } from './matrixChecksKernels';
import { jacobiSvd } from './jacobiSvd';
import { randomizedSvd } from './randomizedSvd';

export type SvdMethod = 'auto' | 'jacobi' | 'randomized';

export type SvdOptions = {
  /** Singular triplets to return (the largest); default min(m, n). */
  k?: number;
  /** 'auto' picks randomized when k + oversample ≤ min(m, n)/4, else Jacobi. */
  method?: SvdMethod;
  /** Seeds the randomized sketch (and the completion of null directions). */
  seed?: number;
  /** Randomized: extra sketch columns; default 10. */
  oversample?: number;
  /** Randomized: power iterations; default 2. */
  powerIters?: number;
  /** Jacobi: orthogonality threshold |a_p·a_q|/(‖a_p‖‖a_q‖); default ~1e-6 in f32, 1e-13 in f64. */
  tol?: number;
  /** Jacobi: most sweeps; default 30. */
  maxSweeps?: number;
};

export type SvdResult = { U: Tensor; S: Float64Array; V: Tensor };

/**
 * Thin SVD A ≈ U·diag(S)·Vᵀ of one matrix (wide ones via the transpose). The caller owns U and V.
 * @param a (m, n), batch 1 (see svdBatched), finite (else an Error naming the non-finite count)
 * @returns U (m, r), S (r, descending), V (n, r) with r = k ?? min(m, n); U and V have orthonormal columns
 */
export async function svd(be: Backend, a: Tensor, o: SvdOptions = {}): Promise<SvdResult> {
  if (a.batch !== 1) throw new RangeError(`svd: got a batch of ${a.batch} matrices; use svdBatched`);
  return factor(be, a, o, 'svd');
}

/**
 * Many small SVDs at once (per class, per layer): every Jacobi sweep is one dispatch for all items.
 * @param a (batch, m, n)
 * @returns U (batch, m, r), S (batch·r; item z at [z·r, (z+1)·r), descending), V (batch, n, r)
 */
export async function svdBatched(be: Backend, a: Tensor, o: SvdOptions = {}): Promise<SvdResult> {
  return factor(be, a, o, 'svdBatched');
}

/** The method 'auto' resolves to: randomized only when a small k makes the sketch much narrower than A. */
export function chooseMethod(o: SvdOptions, m: number, n: number): 'jacobi' | 'randomized' {
  const method = o.method ?? 'auto';
  switch (method) {
    case 'jacobi':
    case 'randomized':
      return method;
    case 'auto':
      return o.k !== undefined && o.k + (o.oversample ?? 10) <= Math.min(m, n) / 4 ? 'randomized' : 'jacobi';
    default: {
      const never: never = method;
      throw new RangeError(`svd: unknown method ${String(never)}; use 'auto', 'jacobi' or 'randomized'`);
    }
  }
}

async function factor(be: Backend, a: Tensor, o: SvdOptions, who: string): Promise<SvdResult> {
  const { batch, rows: m, cols: n } = a;
  if (m === 0 || n === 0) throw new RangeError(`${who}: the matrix is empty (${m}×${n})`);
  const small = Math.min(m, n);
  const k = o.k ?? small;
  if (!Number.isInteger(k) || k < 1 || k > small) throw new RangeError(`${who}: k must be an integer in [1, ${small}], got ${o.k}`);
  const method = chooseMethod(o, m, n);
  const scratch = new Scratch(be);
  try {
    const health = await readMatrixHealth(be, scratch.track(matrixHealth(be, a)));
    requireFinite(health, who, 'input');
    // Powers of two rescale exactly; they keep ‖column‖² far from f32 overflow and underflow.
    const scales = health.map((h) => (h.maxAbs > 0 && (h.maxAbs > 2 ** 20 || h.maxAbs < 2 ** -20) ? 2 ** -Math.round(Math.log2(h.maxAbs)) : 1));
    const scaled = scales.some((s) => s !== 1)
      ? scratch.track(be.tidy(() => be.elementwise('mul', a, be.upload(scales, { batch, rows: 1, cols: 1 }))))
      : a;
    const result = method === 'randomized'
      ? await randomizedSvd(be, scaled, { k, oversample: o.oversample, powerIters: o.powerIters, seed: o.seed, tol: o.tol, maxSweeps: o.maxSweeps })
      : await jacobiSvd(be, scaled, { k, tol: o.tol, maxSweeps: o.maxSweeps, seed: o.seed });
    const S = result.S.map((s, i) => s / scales[Math.floor(i / k)]);
    return { U: result.U, S, V: result.V };
  } finally {
    scratch.dispose();
  }
}
