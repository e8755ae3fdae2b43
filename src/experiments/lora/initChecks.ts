// The lora page's checks on the backend: LoRA-SB starts at the best rank-r update, SVFit at W₀, ∂L/∂σ̃ by central differences.
import type { Backend, Tensor } from '../../engine/backend';
import { readAndDispose, readScalar } from '../../engine/readback';
import type { Model } from '../../learn/model';
import { copySegment } from '../../learn/gatherKernels';
import type { SvdResult } from '../../linalg/svd';
import { coreAdapter, scaledColumns, svfitAdapter } from '../../learn/adapters/lowRankAdapters';

/** The first r singular triplets as LoRA-SB's fixed factors and initial core: L = U_r, M = V_r, R = diag(σ_r). */
export function loraSbAdapter(be: Backend, W0: Tensor, update: SvdResult, r: number) {
  const R0 = new Float64Array(r * r);
  for (let i = 0; i < r; i++) R0[i * r + i] = update.S[i];
  return be.tidy(() => coreAdapter(be, 'lora-sb', W0, be.slice(update.U, 0, 0, update.U.rows, r), be.slice(update.V, 0, 0, update.V.rows, r), R0));
}

/** LoRA-XS: L = U_rΣ_r and M = V_r from W₀'s own SVD, R (r×r) trains from `R0` (small normals). */
export function loraXsAdapter(be: Backend, W0: Tensor, weight: SvdResult, r: number, R0: ArrayLike<number>) {
  return be.tidy(() => coreAdapter(be, 'lora-xs', W0, scaledColumns(be, weight.U, r, weight.S), be.slice(weight.V, 0, 0, weight.V.rows, r), R0));
}

/**
 * max over r of |‖B R A − ΔW₁‖² − Σ_{i>r} σᵢ²(ΔW₁)| / ‖ΔW₁‖²: zero when LoRA-SB's init is ΔW₁'s best rank-r approximation.
 */
export async function loraSbInitGap(be: Backend, W0: Tensor, update: Tensor, updateSvd: SvdResult, ranks: number[]): Promise<number> {
  const energy = updateSvd.S.reduce((s, v) => s + v * v, 0);
  let worst = 0;
  for (const r of ranks) {
    const a = loraSbAdapter(be, W0, updateSvd, r);
    try {
      const err = await readScalar(be, be.tidy(() => be.reduce('sumSquares', be.elementwise('add', be.elementwise('add', a.weight(), W0, 1, -1), update, 1, -1), 'all')));
      const tail = updateSvd.S.slice(r).reduce((s, v) => s + v * v, 0);
      worst = Math.max(worst, Math.abs(err - tail) / (energy || 1));
    } finally {
      a.dispose();
    }
  }
  return worst;
}

/** max over r of max|W_SVFit(σ_r) − W₀|: SVFit must start exactly at the pretrained weight. */
export async function svfitStartGap(be: Backend, W0: Tensor, weightSvd: SvdResult, ranks: number[]): Promise<number> {
  let worst = 0;
  for (const r of ranks) {
    const a = svfitAdapter(be, W0, weightSvd.U, weightSvd.S, weightSvd.V, r);
    try {
      worst = Math.max(worst, await readScalar(be, be.tidy(() => be.reduce('maxAbs', be.elementwise('add', a.weight(), W0, 1, -1), 'all'))));
    } finally {
      a.dispose();
    }
  }
  return worst;
}

/**
 * SVFit's analytic ∂L/∂σ̃ = diag(U_rᵀ G V_r) (its backward of the model's ∂L/∂W) against central differences of the
 * mean batch loss, for weight `index` of `weights`. Returns max|numeric − analytic| / max|analytic|.
 * @param h the difference step (≈1e-5 in float64; f32 needs ≈1e-2)
 */
export async function svfitGradientError(be: Backend, model: Model, weights: Tensor[], index: number, weightSvd: SvdResult, r: number, x: Tensor, y: Tensor, h: number): Promise<number> {
  const a = svfitAdapter(be, weights[index], weightSvd.U, weightSvd.S, weightSvd.V, r);
  const withAdapter = () => weights.map((w, i) => (i === index ? a.weight() : w));
  const meanLoss = () => readScalar(be, be.tidy(() => be.elementwise('scale', be.reduce('sum', be.slice(model.rowStats(be, withAdapter(), x, y), 0, 0, x.rows, 1), 'all'), null, 1 / x.rows)));
  try {
    const analytic = await readAndDispose(be, be.tidy(() => a.backward(model.lossAndGrads(be, withAdapter(), x, y).grads[index])[0]));
    const sigma = a.params[0];
    const base = await be.read(sigma);
    let err = 0;
    const nudge = (i: number, v: number) => be.tidy(() => copySegment(be, be.upload([v], { rows: 1, cols: 1 }), 0, sigma, i, 1));
    for (let i = 0; i < r; i++) {
      nudge(i, base[i] + h);
      const up = await meanLoss();
      nudge(i, base[i] - h);
      const down = await meanLoss();
      nudge(i, base[i]);
      err = Math.max(err, Math.abs((up - down) / (2 * h) - analytic[i]));
    }
    const scale = analytic.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    return err / (scale || 1);
  } finally {
    a.dispose();
  }
}
