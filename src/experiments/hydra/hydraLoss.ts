// Hydra's gated InfoNCE on the backend: each anchor meets its positive and every negative inside its class pair's subspace.
import type { Backend, Tensor } from '../../engine/backend';
import { softmaxCrossEntropy } from '../../learn/softmaxCrossEntropy';

export type HydraLoss = {
  /** (1, 1): ½[L(f₁→f₂) + L(f₂→f₁)] + λ·mean(g) */
  loss: Tensor;
  /** (B, d) each: ∂L/∂f₁, ∂L/∂f₂, ∂L/∂g */
  df1: Tensor;
  df2: Tensor;
  dGates: Tensor;
};

type OneDirection = { lossSum: Tensor; dAnchor: Tensor; dOther: Tensor; dGates: Tensor };

/**
 * One direction of the loss: anchors A (rows i) against candidates C (rows j), both seen through the anchor's gate g_i:
 * S_ij = ⟨g_i⊙a_i, g_i⊙c_j⟩ / (τ‖g_i⊙a_i‖‖g_i⊙c_j‖), cross-entropy with target j = i, scaled by `scale`.
 * With Q = g⊙g: N = (Q⊙A)Cᵀ, M = Q(C⊙C)ᵀ, α² = rowsum(Q⊙A⊙A), S = N/(τ·α·√M) — all matmuls and elementwise ops.
 */
function anchorGatedDirection(be: Backend, A: Tensor, C: Tensor, Q: Tensor, labels: Tensor, tau: number, scale: number): OneDirection {
  const QA = be.elementwise('mul', Q, A);
  const N = be.matmul(QA, C, { transB: true });
  const M = be.elementwise('clamp', be.matmul(Q, be.elementwise('square', C), { transB: true }), null, 1e-24, 3e38);
  const alpha2 = be.elementwise('clamp', be.reduce('sum', be.elementwise('mul', QA, A), 'perRow'), null, 1e-24, 3e38);
  const tauAlpha = be.elementwise('scale', be.elementwise('sqrt', alpha2), null, tau);
  const rootM = be.elementwise('sqrt', M);
  const S = be.elementwise('div', be.elementwise('div', N, rootM), tauAlpha);
  const ce = softmaxCrossEntropy(be, S, labels, scale);
  const dS = ce.grad;
  const dSS = be.elementwise('mul', dS, S);
  // E = ∂L/∂N, H = ∂L/∂M = −dS·S/(2M), h = ∂L/∂α² = −Σ_j dS·S/(2α²)
  const E = be.elementwise('div', be.elementwise('div', dS, rootM), tauAlpha);
  const H = be.elementwise('scale', be.elementwise('div', dSS, M), null, -0.5);
  const h = be.elementwise('div', be.elementwise('scale', be.reduce('sum', dSS, 'perRow'), null, -0.5), alpha2);
  const EC = be.matmul(E, C);
  // ∂/∂A = Q⊙(EC) + 2h⊙Q⊙A; ∂/∂C = Eᵀ(Q⊙A) + 2C⊙(HᵀQ); ∂/∂Q = A⊙(EC) + H(C⊙C) + h⊙A⊙A
  const dAnchor = be.elementwise('add', be.elementwise('mul', Q, EC), be.elementwise('mul', QA, h), 1, 2);
  const dOther = be.elementwise('add', be.matmul(E, QA, { transA: true }), be.elementwise('mul', C, be.matmul(H, Q, { transA: true })), 1, 2);
  const dQ = be.elementwise('add', be.elementwise('add', be.elementwise('mul', A, EC), be.matmul(H, be.elementwise('square', C))), be.elementwise('mul', be.elementwise('square', A), h));
  return { lossSum: be.slice(be.reduce('sum', ce.rowStats, 'perCol'), 0, 0, 1, 1), dAnchor, dOther, dGates: dQ };
}

/**
 * Row i of f₁ and f₂ embeds the two members of a positive pair (two digits of the class pair {a, b}); row i of `gates` is
 * that pair's gate g ∈ [0, 1]ᵈ. Each anchor compares its positive and all in-batch negatives through its own gate, so a
 * pair agrees inside its own subspace and the gate cannot tell rows apart by itself. Symmetric in the two members.
 * With every gate 1 and λ = 0 this is plain symmetric InfoNCE on (f₁, f₂).
 * @param f1 (B, d), f2 (B, d) embeddings; gates (B, d); labels (B, 1) holding 0..B−1; tau the temperature; sparsity λ ≥ 0
 */
export function hydraLoss(be: Backend, f1: Tensor, f2: Tensor, gates: Tensor, labels: Tensor, tau: number, sparsity: number): HydraLoss {
  if (f1.rows !== f2.rows || f1.cols !== f2.cols) throw new RangeError(`hydraLoss: the members are ${f1.rows}×${f1.cols} and ${f2.rows}×${f2.cols}`);
  if (gates.rows !== f1.rows || gates.cols !== f1.cols) throw new RangeError(`hydraLoss: gates are ${gates.rows}×${gates.cols}, embeddings ${f1.rows}×${f1.cols}`);
  if (!(tau > 0)) throw new RangeError(`hydraLoss: the temperature must be positive, got ${tau}`);
  if (!(sparsity >= 0)) throw new RangeError(`hydraLoss: the gate sparsity must be ≥ 0, got ${sparsity}`);
  const B = f1.rows;
  const Q = be.elementwise('square', gates);
  const forward = anchorGatedDirection(be, f1, f2, Q, labels, tau, 1 / (2 * B));
  const backward = anchorGatedDirection(be, f2, f1, Q, labels, tau, 1 / (2 * B));
  const perEntry = sparsity / (gates.rows * gates.cols);
  const gateSum = be.reduce('sum', be.reduce('sum', gates, 'perRow'), 'perCol');
  const loss = be.elementwise('add', be.elementwise('add', forward.lossSum, backward.lossSum, 1 / (2 * B), 1 / (2 * B)), gateSum, 1, perEntry);
  // ∂L/∂g = 2g⊙∂L/∂Q from both directions, plus the penalty's constant slope
  const dQ = be.elementwise('add', forward.dGates, backward.dGates);
  const dGates = be.elementwise('scale', be.elementwise('mul', gates, dQ, 2), null, 1, perEntry);
  return {
    loss,
    df1: be.elementwise('add', forward.dAnchor, backward.dOther),
    df2: be.elementwise('add', forward.dOther, backward.dAnchor),
    dGates,
  };
}

/**
 * The batch's gates from the gate table: g = σ(onehot · W), with σ(w) = ½(1 + tanh(w/2)) from backend ops.
 * @param oneHot (B, P) rows picking each row's pair; logits W (P, d) @returns gates (B, d)
 */
export function gatherGates(be: Backend, oneHot: Tensor, logits: Tensor): Tensor {
  return sigmoid(be, be.matmul(oneHot, logits));
}

/** σ(w) elementwise, from tanh (the backend has no sigmoid op). @param w any shape */
export function sigmoid(be: Backend, w: Tensor): Tensor {
  return be.elementwise('scale', be.elementwise('tanh', be.elementwise('scale', w, null, 0.5)), null, 0.5, 0.5);
}

/**
 * ∂L/∂W for the gate table: σ'(w) = g(1 − g) per row, then scattered back to the pairs by onehotᵀ (rows of a repeated
 * pair add up). @param oneHot (B, P); gates (B, d); dGates (B, d) @returns (P, d)
 */
export function gateLogitsGrad(be: Backend, oneHot: Tensor, gates: Tensor, dGates: Tensor): Tensor {
  const slope = be.elementwise('add', gates, be.elementwise('square', gates), 1, -1);
  return be.matmul(oneHot, be.elementwise('mul', dGates, slope), { transA: true });
}
