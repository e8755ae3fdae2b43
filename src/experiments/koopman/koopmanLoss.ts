// One Koopman-autoencoder objective and its gradient: reconstruction + multi-step prediction, latent linearity, InfoNCE, −β·S.
import type { Backend, Tensor } from '../../engine/backend';
import { copySegment, uninitialized } from '../../learn/gatherKernels';
import { mlpBackward, mlpForward } from './koopmanAutoencoder';
import { vonNeumannEntropy } from './vonNeumannEntropy';
import type { TemporalInfoNce } from './temporalInfoNce';

/**
 * Training windows on the device, time-major: W trajectories of S + 1 states.
 * states ((S+1)·W, 2): row s·W + w; targets ((2S+1)·W, 2): the states, then the states at steps 1…S again
 * (what the S-step predictions decode to).
 */
export type KoopmanWindows = { states: Tensor; targets: Tensor; windows: number; horizon: number };

/** The knobs of the Lagrangian: latent linearity weight, InfoNCE weight α, entropy weight β. */
export type LossWeights = { linearity: number; mutualInfo: number; entropy: number };

export type KoopmanLossResult = {
  /** ∂L/∂weight in WEIGHT_NAMES order. */
  grads: Tensor[];
  /** (1, 1): mean squared error of the decoded reconstructions and S-step predictions. */
  decoderLoss: Tensor;
  /** (1, 1): mean squared ‖z₀Kˢ − zₛ‖² per latent entry. */
  linearityLoss: Tensor;
  /** (1, 1) InfoNCE, or null when no InfoNCE term was given. */
  infoNceLoss: Tensor | null;
  /** S of the latent covariance and ρ's spectrum (descending), when measured (β ≠ 0 or asked for). */
  entropy: number | null;
  spectrum: number[] | null;
};

/**
 * L = MSE(dec(z_t), x_t ∪ dec(z₀Kˢ), x_s) + γ·MSE(z₀Kˢ, z_s) + α·InfoNCE(z) − β·S(ρ(z)), z = enc(x), s = 1…S.
 * Forward and backward on the backend; the entropy's eigh reads back once per Jacobi sweep. The caller owns the result's tensors.
 * @param weights in WEIGHT_NAMES order; infoNce built for (W, S + 1), or null to leave the term out;
 *   measureEntropy: compute S even when β = 0 (its eigh costs readbacks, so training skips it between reports)
 */
export async function koopmanLossAndGrads(be: Backend, weights: Tensor[], data: KoopmanWindows, w: LossWeights, infoNce: TemporalInfoNce | null, measureEntropy = true): Promise<KoopmanLossResult> {
  const [eW1, eb1, eW2, eb2, dW1, db1, dW2, db2, K] = weights;
  const { windows: W, horizon: S } = data;
  const k = K.rows;
  const encoded = be.tidy(() => mlpForward(be, data.states, eW1, eb1, eW2, eb2));
  const Z = encoded.output; // ((S+1)·W, k)
  let entropyGrad: Tensor | null = null;
  try {
    const ent = w.entropy !== 0 || measureEntropy ? await vonNeumannEntropy(be, Z, { grad: w.entropy !== 0 }) : null;
    entropyGrad = ent?.grad ?? null;
    const out = be.tidy(() => {
      // S-step rollout from each window's first latent, z₀Kˢ, stacked after Z so one decoder pass serves both
      const z0 = be.slice(Z, 0, 0, W, k);
      const rollout: Tensor[] = [];
      let p = z0;
      for (let s = 1; s <= S; s++) rollout.push((p = be.matmul(p, K)));
      const decoderInput = uninitialized(be, { rows: (2 * S + 1) * W, cols: k });
      copySegment(be, Z, 0, decoderInput, 0, (S + 1) * W * k);
      rollout.forEach((ps, i) => copySegment(be, ps, 0, decoderInput, (S + 1 + i) * W * k, W * k));
      const decoded = mlpForward(be, decoderInput, dW1, db1, dW2, db2);
      const residual = be.elementwise('add', decoded.output, data.targets, 1, -1);
      const nDecoded = (2 * S + 1) * W * residual.cols;
      const decoderLoss = be.elementwise('scale', be.reduce('sumSquares', residual, 'all'), null, 1 / nDecoded);
      const decoder = mlpBackward(be, decoded, dW1, dW2, be.elementwise('scale', residual, null, 2 / nDecoded), true);

      const predicted = be.slice(decoderInput, (S + 1) * W, 0, S * W, k);
      const drift = be.elementwise('add', predicted, be.slice(Z, W, 0, S * W, k), 1, -1); // z₀Kˢ − z_s
      const nLatent = S * W * k;
      const linearityLoss = be.elementwise('scale', be.reduce('sumSquares', drift, 'all'), null, 1 / nLatent);
      const dDrift = be.elementwise('scale', drift, null, (2 * w.linearity) / nLatent);
      const dPredicted = be.elementwise('add', be.slice(decoder.dx!, (S + 1) * W, 0, S * W, k), dDrift);

      // back through p_s = p_{s−1}·K: ∂K += p_{s−1}ᵀ·g_s, g_{s−1} = ∂p_{s−1} + g_s·Kᵀ
      let g = be.slice(dPredicted, (S - 1) * W, 0, W, k);
      let dK: Tensor | null = null;
      for (let s = S; s >= 1; s--) {
        const prev = s > 1 ? rollout[s - 2] : z0;
        const term = be.matmul(prev, g, { transA: true });
        dK = dK ? be.elementwise('add', dK, term) : term;
        const back = be.matmul(g, K, { transB: true });
        g = s > 1 ? be.elementwise('add', be.slice(dPredicted, (s - 2) * W, 0, W, k), back) : back;
      }
      const dRollout = uninitialized(be, { rows: (S + 1) * W, cols: k });
      copySegment(be, g, 0, dRollout, 0, W * k);
      copySegment(be, be.elementwise('scale', dDrift, null, -1), 0, dRollout, W * k, S * W * k);
      let dZ = be.elementwise('add', be.slice(decoder.dx!, 0, 0, (S + 1) * W, k), dRollout);
      if (entropyGrad) dZ = be.elementwise('add', dZ, entropyGrad, 1, -w.entropy);
      let infoNceLoss: Tensor | null = null;
      if (infoNce) {
        const mi = infoNce.lossAndGrad(Z);
        infoNceLoss = mi.loss;
        if (w.mutualInfo !== 0) dZ = be.elementwise('add', dZ, mi.grad, 1, w.mutualInfo);
      }
      const encoder = mlpBackward(be, encoded, eW1, eW2, dZ, false);
      return { grads: [...encoder.grads, ...decoder.grads, dK!], decoderLoss, linearityLoss, infoNceLoss };
    });
    return { ...out, entropy: ent?.entropy ?? null, spectrum: ent?.spectrum ?? null };
  } finally {
    for (const t of [encoded.pre, encoded.hidden, Z]) be.dispose(t);
    if (entropyGrad) be.dispose(entropyGrad);
  }
}

/** The scalar objective from the parts (host side, for reports and the gradient check). */
export function totalLoss(parts: { decoder: number; linearity: number; infoNce: number; entropy: number }, w: LossWeights): number {
  return parts.decoder + w.linearity * parts.linearity + w.mutualInfo * parts.infoNce - w.entropy * parts.entropy;
}
