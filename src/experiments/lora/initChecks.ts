// The lora page's checks on the backend: LoRA-SB starts at the best rank-r update, SVFit at W₀, ∂L/∂σ̃ by central differences.
import type { Backend, Tensor } from '../../engine/backend';
import { readAndDispose, readScalar } from '../../engine/readback';
import type { Model } from '../../learn/model';
import { copySegment } from '../../learn/gatherKernels';
import type { SvdResult } from '../../linalg/svd';
import { loraSbAdapter, svfitAdapter } from '../../learn/adapters/lowRankAdapters';

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
