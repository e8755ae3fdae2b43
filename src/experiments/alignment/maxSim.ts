// ColBERT's late interaction on the backend: score(q, d) = Σ_t max_s ⟨q_t, d_s⟩ over token embeddings, and its gradient.
import type { Backend, Tensor } from '../../engine/backend';
import { reshape } from '../../learn/gatherKernels';

export type MaxSim = {
  /** (Bq, Nd) late-interaction scores */
  scores: Tensor;
  /** (Bq·T·Nd, T): 1 at each query token's best document token in each document, else 0 */
  best: Tensor;
};

/**
 * @param Q (Bq·T, D) query tokens, T per query in order; Dk (Nd·T, D) document tokens; T tokens per item
 */
export function maxSim(be: Backend, Q: Tensor, Dk: Tensor, T: number): MaxSim {
  if (Q.rows % T || Dk.rows % T) throw new RangeError(`maxSim: ${Q.rows} query and ${Dk.rows} document tokens are not multiples of ${T}`);
  const Bq = Q.rows / T;
  const Nd = Dk.rows / T;
  // rows (q, t, d), columns s: query token t of query q against the T tokens of document d
  const S = reshape(be, be.matmul(Q, Dk, { transB: true }), { rows: Bq * T * Nd, cols: T });
  const top = be.reduce('max', S, 'perRow');
  // sign(S − max) is 0 exactly at the maximum and −1 elsewhere
  const best = be.elementwise('scale', be.elementwise('sign', be.elementwise('add', S, top, 1, -1)), null, 1, 1);
  const perToken = reshape(be, top, { batch: Bq, rows: T, cols: Nd });
  return { scores: reshape(be, be.reduce('sum', perToken, 'perCol'), { rows: Bq, cols: Nd }), best };
}

/**
 * Backward of maxSim: ∂L/∂S is ∂L/∂score(q, d) at each query token's best document token and 0 elsewhere.
 * @param dScores (Bq, Nd) @returns dQ (Bq·T, D), dD (Nd·T, D)
 */
export function maxSimBackward(be: Backend, Q: Tensor, Dk: Tensor, m: MaxSim, dScores: Tensor, T: number): { dQ: Tensor; dD: Tensor } {
  const Bq = Q.rows / T;
  const Nd = Dk.rows / T;
  const ones = be.fill({ rows: T, cols: 1 }, 1);
  // (Bq, T, Nd): the same ∂L/∂score for every query token t
  const spread = be.matmul(ones, reshape(be, dScores, { batch: Bq, rows: 1, cols: Nd }));
  const dS = reshape(be, be.elementwise('mul', m.best, reshape(be, spread, { rows: Bq * T * Nd, cols: 1 })), { rows: Bq * T, cols: Nd * T });
  return { dQ: be.matmul(dS, Dk), dD: be.matmul(dS, Q, { transA: true }) };
}
