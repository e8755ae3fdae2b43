// MLC's two heads on a shared backbone: features Z and cluster logits CCᵀ, with the gradient of the MLC objective.
import type { Backend, Tensor } from '../engine/backend';
import type { Rng } from '../data/rng';
import { linearBackward, linearForward } from '../learn/layers';
import { normalizeRows, normalizeRowsBackward } from '../learn/rowNorm';
import { mlcObjective } from './mlcObjective';
import { sinkhornBackward, sinkhornForward } from './mlcSinkhorn';

/** Hyper-parameters of the objective and the Sinkhorn projection. */
export type MlcObjectiveOptions = { eps2: number; gamma: number; eta: number; sinkhornIterations: number };

/** Parameters [W₁ (h, D), b₁ (1, h), W_z (d, h), W_c (d, h)], in the order the optimizer sees them. */
export type MlcParams = [Tensor, Tensor, Tensor, Tensor];

/**
 * Initial parameters, following MLC's one-shot initialization: the cluster head starts as a copy of the feature
 * head, so C = Z and Π₀ = Sinkhorn(exp(ZZᵀ/η)) is the similarity membership of the initial features.
 * He-normal W₁ (h, D), zero b₁, W_z = W_c normal with std 1/√h; the caller owns them.
 */
export function initMlcParams(be: Backend, rng: Rng, inputs: number, hidden: number, dim: number): MlcParams {
  const w1 = rng.normals(hidden * inputs, Math.sqrt(2 / inputs));
  const head = rng.normals(dim * hidden, 1 / Math.sqrt(hidden));
  return [
    be.upload(w1, { rows: hidden, cols: inputs }),
    be.fill({ rows: 1, cols: hidden }, 0),
    be.upload(head, { rows: dim, cols: hidden }),
    be.upload(head, { rows: dim, cols: hidden }),
  ];
}

/** Forward only: unit features Z (n, d), unit cluster codes C (n, d) and the backbone (enqueued). */
function heads(be: Backend, x: Tensor, p: MlcParams) {
  const pre = linearForward(be, x, p[0], p[1]);
  const hidden = be.elementwise('relu', pre);
  const z = normalizeRows(be, linearForward(be, hidden, p[2], null));
  const c = normalizeRows(be, linearForward(be, hidden, p[3], null));
  return { pre, hidden, z, c };
}

/** Π (n, n) of the current parameters (enqueued). */
export function mlcPlan(be: Backend, x: Tensor, p: MlcParams, o: MlcObjectiveOptions): Tensor {
  const { c } = heads(be, x, p);
  return sinkhornForward(be, be.matmul(c.unit, c.unit, { transB: true }), o.eta, o.sinkhornIterations).plan;
}

/**
 * F = R(Z) − R_c(Z, Π) + γ·H(Π) with Π = Sinkhorn(exp(CCᵀ/η)), and ∂F/∂params through Sinkhorn and both heads
 * (enqueued; call inside a tidy).
 * @param x (n, D) @returns parts [R, R_c, H] (1, 3), Π (n, n), Z (n, d) and the ascent gradients in MlcParams order
 */
export function mlcGradients(be: Backend, x: Tensor, p: MlcParams, o: MlcObjectiveOptions): { parts: Tensor; plan: Tensor; z: Tensor; grads: Tensor[] } {
  const { pre, hidden, z, c } = heads(be, x, p);
  const tape = sinkhornForward(be, be.matmul(c.unit, c.unit, { transB: true }), o.eta, o.sinkhornIterations);
  const objective = mlcObjective(be, z.unit, tape.plan, o.eps2, o.gamma);
  const dLogits = sinkhornBackward(be, tape, objective.dPlan);
  // L = CCᵀ ⇒ ∂C = (∂L + ∂Lᵀ)·C
  const dC = be.matmul(be.elementwise('add', dLogits, be.transpose(dLogits)), c.unit);
  const zHead = linearBackward(be, hidden, p[2], normalizeRowsBackward(be, z.unit, z.norms, objective.dZ));
  const cHead = linearBackward(be, hidden, p[3], normalizeRowsBackward(be, c.unit, c.norms, dC));
  const dPre = be.elementwise('reluGrad', pre, be.elementwise('add', zHead.dx!, cHead.dx!));
  const backbone = linearBackward(be, x, p[0], dPre, false);
  return { parts: objective.parts, plan: tape.plan, z: z.unit, grads: [backbone.dW, backbone.db, zHead.dW, cHead.dW] };
}
