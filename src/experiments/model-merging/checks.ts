// The page's checks on the backend: λ = 0 gives θ₀, an all-ones mask gives task arithmetic, T → 0 gives binary masks, ∂L/∂ℓ by differences.
import type { Backend, Tensor } from '../../engine/backend';
import { readAndDispose, readScalar } from '../../engine/readback';
import { copySegment } from '../../learn/gatherKernels';
import { concreteSample, rescaleMask } from './concreteMask';
import { entropyLossAndGrad, maskGrad, preparedMask, type MergeSetup } from './entropyObjective';
import { expandLambdas, maskedMerge, taskArithmetic } from './merges';

const maxAbsDiff = (be: Backend, a: Tensor, b: Tensor) => be.reduce('maxAbs', be.elementwise('add', a, b, 1, -1), 'all');

/**
 * lambda0: max|merge − θ₀| over task arithmetic and the masked merge (with `mask`) at λ = 0 (exactly 0 on both backends).
 * onesMask: max|maskedMerge(rescaled m = 1, Λ = λ) − taskArithmetic(λ)|, relative to max|taskArithmetic(λ) − θ₀|.
 */
export async function mergeIdentityGaps(be: Backend, s: MergeSetup, mask: Tensor, lambda: number): Promise<{ lambda0: number; onesMask: number }> {
  const k = s.T.rows, S = s.E.rows, D = s.T.cols;
  const v = await readAndDispose(be, be.tidy(() => {
    const zero = expandLambdas(be, be.fill({ rows: k, cols: S }, 0), s.E);
    const same = expandLambdas(be, be.fill({ rows: k, cols: S }, lambda), s.E);
    const ta = taskArithmetic(be, s.theta0, s.T, lambda);
    const out = be.fill({ rows: 1, cols: 4 }, 0);
    copySegment(be, maxAbsDiff(be, taskArithmetic(be, s.theta0, s.T, 0), s.theta0), 0, out, 0, 1);
    copySegment(be, maxAbsDiff(be, maskedMerge(be, s.theta0, s.T, mask, zero), s.theta0), 0, out, 1, 1);
    copySegment(be, maxAbsDiff(be, maskedMerge(be, s.theta0, s.T, rescaleMask(be, be.fill({ rows: 1, cols: D }, 1), s.E, s.invSizes).scaled, same), ta), 0, out, 2, 1);
    copySegment(be, maxAbsDiff(be, ta, s.theta0), 0, out, 3, 1);
    return out;
  }));
  return { lambda0: Math.max(v[0], v[1]), onesMask: v[2] / (v[3] || 1) };
}

/**
 * For each temperature, the mean of min(m, 1 − m) over a Concrete sample with the same ℓ and u (0 for a binary mask),
 * and, at the last temperature, the fraction of entries where round(m) differs from the Bernoulli(σ(ℓ)) sample
 * 1[u > 1 − σ(ℓ)] computed on the host in float64.
 * @param logits (1, D); u the noise (D) that was uploaded as uTensor (1, D)
 */
export async function binaryGaps(be: Backend, logits: Tensor, u: Float64Array, uTensor: Tensor, temperatures: readonly number[]): Promise<{ gaps: number[]; hardMismatch: number }> {
  const D = logits.cols;
  const gaps: number[] = [];
  for (const t of temperatures) {
    gaps.push(await readScalar(be, be.tidy(() => {
      const m = concreteSample(be, logits, uTensor, t);
      return be.elementwise('scale', be.reduce('sum', be.elementwise('min', m, be.elementwise('scale', m, null, -1, 1)), 'all'), null, 1 / D);
    })));
  }
  const last = temperatures[temperatures.length - 1];
  const [m, l] = await Promise.all([readAndDispose(be, be.tidy(() => concreteSample(be, logits, uTensor, last))), be.read(logits)]);
  let mismatches = 0;
  for (let i = 0; i < D; i++) {
    const hard = u[i] > 1 - 1 / (1 + Math.exp(-l[i])) ? 1 : 0;
    if (Math.round(m[i]) !== hard) mismatches++;
  }
  return { gaps, hardMismatch: mismatches / D };
}

/**
 * The analytic ∂L/∂ℓ (entropy of the merged model through the Concrete sample and its per-layer rescaling, u and the
 * batch x fixed) against
 * central differences (L(ℓ + h eᵢ) − L(ℓ − h eᵢ)) / 2h on the `count` coordinates with the largest |∂L/∂ℓᵢ|.
 * @returns max|numeric − analytic| / max|analytic| over those coordinates
 */
export async function concreteGradientError(be: Backend, s: MergeSetup, x: Tensor, logits: Tensor, u: Tensor, lambda: number, o: { temperature: number; perTask: number; h: number; count: number }): Promise<number> {
  const lambdaRows = be.keep(be.tidy(() => expandLambdas(be, be.fill({ rows: s.T.rows, cols: s.E.rows }, lambda), s.E)));
  const work = be.keep(be.tidy(() => be.elementwise('scale', logits, null, 1)));
  const mask = () => preparedMask(be, s, concreteSample(be, work, u, o.temperature), o.temperature);
  const lossAt = () => readScalar(be, be.tidy(() => entropyLossAndGrad(be, s, x, mask().scaled, lambdaRows, o.perTask).loss));
  try {
    const analytic = await readAndDispose(be, be.tidy(() => {
      const m = mask();
      return m.backward(maskGrad(be, s, lambdaRows, entropyLossAndGrad(be, s, x, m.scaled, lambdaRows, o.perTask).dTheta));
    }));
    const base = await be.read(work);
    const coords = Array.from(analytic.keys()).sort((a, b) => Math.abs(analytic[b]) - Math.abs(analytic[a])).slice(0, o.count);
    const set = (i: number, v: number) => be.tidy(() => copySegment(be, be.upload([v], { rows: 1, cols: 1 }), 0, work, i, 1));
    let err = 0;
    for (const i of coords) {
      set(i, base[i] + o.h);
      const up = await lossAt();
      set(i, base[i] - o.h);
      const down = await lossAt();
      set(i, base[i]);
      err = Math.max(err, Math.abs((up - down) / (2 * o.h) - analytic[i]));
    }
    return err / (Math.abs(analytic[coords[0]]) || 1);
  } finally {
    be.dispose(lambdaRows);
    be.dispose(work);
  }
}
