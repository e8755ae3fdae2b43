// EoRA, plain-SVD compensation and LoRD on the backend: every rank's truncation as one batched tensor, scalars read once.
import type { Backend, Tensor } from '../../engine/backend';
import { svd, type SvdResult } from '../../linalg/svd';
import { outputSquares, relativeErrors } from './outputError';
import type { Whitening } from './whitening';

export type CompensationMetrics = {
  base_error: number;
  lord_error: number[];
  eora_error: number[];
  svd_error: number[];
  eora_cnorm: number[];
  svd_cnorm: number[];
  eora_theory: number[];
  eora_identity_gap: number;
  eora_minus_svd: number;
};

/** Stage inputs: the layer W (m×n), its rounded or pruned copy, the whitening and the held-out inputs (N×n). */
export type CompensationInputs = { W: Tensor; base: Tensor; whitening: Whitening; Xtest: Tensor; ranks: number[] };

/**
 * U·diag(σ masked to the first r)·Vᵀ for every r in ranks, as one (ranks, m, n) tensor.
 * @param f a thin SVD with U (m×k), V (n×k)
 */
export function truncations(be: Backend, f: SvdResult, ranks: number[]): Tensor {
  const k = f.S.length;
  if (ranks.some((r) => !Number.isInteger(r) || r < 0 || r > k)) throw new RangeError(`truncations: ranks ${ranks.join(', ')} must be integers in [0, ${k}]`);
  const masks = new Float64Array(ranks.length * k * k);
  ranks.forEach((r, b) => { for (let p = 0; p < r; p++) masks[b * k * k + p * k + p] = f.S[p]; });
  return be.tidy(() => {
    const D = be.upload(masks, { batch: ranks.length, rows: k, cols: k });
    return be.matmul(be.matmul(f.U, D), f.V, { transB: true });
  });
}

function disposeSvd(be: Backend, f: SvdResult | null, keepV = false) {
  if (!f) return;
  be.dispose(f.U);
  if (!keepV) be.dispose(f.V);
}

/**
 * ΔW = W − base; EoRA L_r = trunc_r(ΔW·S)·S⁻¹, plain L_r = trunc_r(ΔW), LoRD trunc_r(W), for all ranks at once.
 * C-norms ‖(ΔW − L_r)S‖_F² and output errors on Xtest are reduced on the backend; only the scalars come back.
 * @returns the metrics and LoRD's right factor V (n×min(m,n), for LR²VQ; the caller disposes it)
 */
export async function compensationOn(be: Backend, inp: CompensationInputs): Promise<{ metrics: CompensationMetrics; lordV: Tensor }> {
  const { W, base, whitening: { S, Sinv }, Xtest, ranks } = inp;
  if (base.rows !== W.rows || base.cols !== W.cols || S.rows !== W.cols) throw new RangeError(`compensationOn: W ${W.rows}×${W.cols}, base ${base.rows}×${base.cols} and S ${S.rows}×${S.cols} disagree`);
  const { dW, dWS } = be.tidy(() => {
    const d = be.elementwise('add', W, base, 1, -1);
    return { dW: d, dWS: be.matmul(d, S) };
  });
  let lord: SvdResult | null = null, plain: SvdResult | null = null, eora: SvdResult | null = null;
  try {
    lord = await svd(be, W, { method: 'jacobi' });
    plain = await svd(be, dW, { method: 'jacobi' });
    eora = await svd(be, dWS, { method: 'jacobi' });
    const [l, p, e] = [lord, plain, eora];
    const t = be.tidy(() => {
      const Le = be.matmul(truncations(be, e, ranks), Sinv);
      const errE = be.elementwise('add', Le, dW, -1, 1);
      const errP = be.elementwise('add', truncations(be, p, ranks), dW, -1, 1);
      const errL = be.elementwise('add', truncations(be, l, ranks), W, -1, 1);
      return {
        ce: be.reduce('sumSquares', be.matmul(errE, S), 'all'),
        cp: be.reduce('sumSquares', be.matmul(errP, S), 'all'),
        total: be.reduce('sumSquares', dWS, 'all'),
        ref: outputSquares(be, W, Xtest),
        base: outputSquares(be, dW, Xtest),
        lord: outputSquares(be, errL, Xtest),
        eora: outputSquares(be, errE, Xtest),
        svd: outputSquares(be, errP, Xtest),
      };
    });
    const keys = Object.keys(t) as (keyof typeof t)[];
    let values: Float64Array[];
    try {
      values = await Promise.all(keys.map((k) => be.read(t[k])));
    } finally {
      keys.forEach((k) => be.dispose(t[k]));
    }
    const r = Object.fromEntries(keys.map((k, i) => [k, values[i]])) as Record<keyof typeof t, Float64Array>;
    const metrics = compensationMetrics({ ce: r.ce, cp: r.cp, total: r.total[0], sigma: e.S, ranks, ref: r.ref[0], base: r.base[0], lord: r.lord, eora: r.eora, svd: r.svd });
    const lordV = l.V;
    disposeSvd(be, lord, true);
    lord = null;
    return { metrics, lordV };
  } finally {
    disposeSvd(be, lord);
    disposeSvd(be, plain);
    disposeSvd(be, eora);
    be.dispose(dW);
    be.dispose(dWS);
  }
}

/** The squared norms per rank → the page's numbers (shared by the backend path and the float64 reference). */
export function compensationMetrics(q: {
  ce: ArrayLike<number>; cp: ArrayLike<number>; total: number; sigma: ArrayLike<number>; ranks: number[];
  ref: number; base: number; lord: ArrayLike<number>; eora: ArrayLike<number>; svd: ArrayLike<number>;
}): CompensationMetrics {
  let identityGap = 0;
  let eoraMinusSvd = -Infinity;
  const eoraCNorm: number[] = [], svdCNorm: number[] = [], theory: number[] = [];
  q.ranks.forEach((r, b) => {
    let tail = 0;
    for (let i = r; i < q.sigma.length; i++) tail += q.sigma[i] ** 2;
    identityGap = Math.max(identityGap, Math.abs(q.ce[b] - tail) / q.total);
    eoraMinusSvd = Math.max(eoraMinusSvd, (Math.sqrt(Math.max(0, q.ce[b])) - Math.sqrt(Math.max(0, q.cp[b]))) / Math.sqrt(q.total));
    eoraCNorm.push(Math.sqrt(Math.max(0, q.ce[b]) / q.total));
    svdCNorm.push(Math.sqrt(Math.max(0, q.cp[b]) / q.total));
    theory.push(Math.sqrt(tail / q.total));
  });
  return {
    base_error: relativeErrors([q.base], q.ref)[0],
    lord_error: relativeErrors(q.lord, q.ref),
    eora_error: relativeErrors(q.eora, q.ref),
    svd_error: relativeErrors(q.svd, q.ref),
    eora_cnorm: eoraCNorm, svd_cnorm: svdCNorm, eora_theory: theory,
    eora_identity_gap: identityGap, eora_minus_svd: eoraMinusSvd,
  };
}
