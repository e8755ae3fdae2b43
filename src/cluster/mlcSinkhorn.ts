// MLC's learned membership Π = Sinkhorn(exp(L/η)) on the backend, with the backward pass through every iteration.
import type { Backend, Tensor } from '../engine/backend';

/** What the backward pass needs from one Sinkhorn round: the row-normalized matrix, the result, and both sums. */
type SinkhornRound = { rowSums: Tensor; afterRows: Tensor; colSums: Tensor; afterCols: Tensor };

/** Π and the intermediates of every round (all enqueued; call inside a tidy). */
export type SinkhornTape = { kernel: Tensor; plan: Tensor; rounds: SinkhornRound[]; eta: number };

/**
 * Π = Sinkhorn(exp((L − 1)/η)): `iterations` rounds of row then column normalization, so every column sums to 1
 * exactly and the rows to 1 up to the convergence error. The shift by 1 keeps exp in range for cosine logits
 * (L ≤ 1) and changes nothing, since Sinkhorn is invariant to scaling the kernel.
 * @param logits L (n, n) @param eta η > 0, the entropic temperature @returns Π (n, n) and the tape for the backward pass
 */
export function sinkhornForward(be: Backend, logits: Tensor, eta: number, iterations: number): SinkhornTape {
  if (logits.rows !== logits.cols) throw new RangeError(`sinkhornForward: logits are ${logits.rows}×${logits.cols}, need square`);
  if (!(eta > 0) || !(iterations >= 1)) throw new RangeError(`sinkhornForward: need η > 0 and ≥ 1 iteration, got η=${eta}, ${iterations}`);
  const kernel = be.elementwise('exp', be.elementwise('scale', logits, null, 1 / eta, -1 / eta));
  const rounds: SinkhornRound[] = [];
  let plan = kernel;
  for (let it = 0; it < iterations; it++) {
    const rowSums = be.reduce('sum', plan, 'perRow');
    const afterRows = be.elementwise('div', plan, rowSums);
    const colSums = be.reduce('sum', afterRows, 'perCol');
    const afterCols = be.elementwise('div', afterRows, colSums);
    rounds.push({ rowSums, afterRows, colSums, afterCols });
    plan = afterCols;
  }
  return { kernel, plan, rounds, eta };
}

/**
 * ∂f/∂L from ∂f/∂Π, back through every round. For Y = X/s with s the row sums of X,
 * ∂X = (∂Y − rowsum(∂Y ⊙ Y))/s (and the same with column sums); for K = exp((L − 1)/η), ∂L = ∂K ⊙ K/η.
 * @param dPlan (n, n) @returns dLogits (n, n), enqueued
 */
export function sinkhornBackward(be: Backend, tape: SinkhornTape, dPlan: Tensor): Tensor {
  let grad = dPlan;
  for (let it = tape.rounds.length - 1; it >= 0; it--) {
    const r = tape.rounds[it];
    const dRows = be.elementwise('div', be.elementwise('add', grad, be.reduce('sum', be.elementwise('mul', grad, r.afterCols), 'perCol'), 1, -1), r.colSums);
    grad = be.elementwise('div', be.elementwise('add', dRows, be.reduce('sum', be.elementwise('mul', dRows, r.afterRows), 'perRow'), 1, -1), r.rowSums);
  }
  return be.elementwise('mul', grad, tape.kernel, 1 / tape.eta);
}
