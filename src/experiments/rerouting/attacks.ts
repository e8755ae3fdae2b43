// The two input attacks on the backend: rerouting hidden states between class subspaces, and plain targeted cross-entropy on the logits.
import type { Backend, Tensor } from '../../engine/backend';
import type { Mlp, MlpCache } from '../../learn/mlp';
import { activationBackward, linearForward } from '../../learn/layers';
import { softmaxCrossEntropy } from '../../learn/softmaxCrossEntropy';
import { readAndDispose } from '../../engine/readback';
import { projectionLengths, type RerouteSubspaces } from './subspaces';
import { PROBE_ACCEPT } from './probe';

/**
 * 'reroute': pull the first hidden layer's coordinates in both class subspaces to the target mean's (steering-style);
 * 'probe': targeted cross-entropy of the linear probe on that layer (probe-style); 'logit': targeted cross-entropy of the model.
 */
export type AttackKind = 'reroute' | 'probe' | 'logit';

/** The three attacks, in the order a run performs them. */
export const ATTACK_KINDS: readonly AttackKind[] = ['reroute', 'probe', 'logit'];

/** One evaluation of an attack at x + δ. */
export type AttackStepTensors = {
  /** (B, 64) ∂objective/∂input. */
  grad: Tensor;
  /** (B, 1) 1 where the model already answers the target class. */
  hit: Tensor;
  /** (B, h) first-layer hidden states at x + δ. */
  hidden: Tensor;
  /** (B, classes) logits at x + δ. */
  logits: Tensor;
};

/**
 * Backpropagates a gradient with respect to layer `layer`'s pre-activation z down to the input (weights are fixed).
 * @param dz (B, sizes[layer + 1])
 * @returns (B, sizes[0])
 */
function backToInput(be: Backend, weights: Tensor[], cache: MlpCache, mlp: Mlp, dz: Tensor, layer: number): Tensor {
  let d = dz;
  for (let l = layer; l >= 0; l--) {
    d = be.matmul(d, weights[2 * l]);
    if (l > 0) d = activationBackward(be, cache.preActivations[l - 1], d, mlp.activation);
  }
  return d;
}

/**
 * ∂/∂h of ½‖U_sᵀh − U_sᵀμ_t‖² + ½‖U_tᵀh − U_tᵀμ_t‖²: the rerouting objective on hidden states h (rows).
 * @param h (B, hidden) @returns (B, hidden)
 */
export function rerouteHiddenGradient(be: Backend, h: Tensor, sub: RerouteSubspaces): Tensor {
  const pull = (U: Tensor, anchor: Tensor) => be.matmul(be.elementwise('add', be.matmul(h, U), anchor, 1, -1), U, { transB: true });
  return be.elementwise('add', pull(sub.source, sub.anchorSource), pull(sub.target, sub.anchorTarget));
}

/**
 * ∂/∂h of the probe's mean cross-entropy towards "accept": (softmax(h·Wᵀ + b) − e_accept)·W / B.
 * @param h (B, hidden) @returns (B, hidden)
 */
export function probeHiddenGradient(be: Backend, h: Tensor, sub: RerouteSubspaces): Tensor {
  const [W, b] = sub.probe;
  const accept = be.fill({ rows: h.rows, cols: 1 }, PROBE_ACCEPT);
  return be.matmul(softmaxCrossEntropy(be, linearForward(be, h, W, b), accept).grad, W);
}

/** The gradient a rerouting attack pulls the hidden states with. */
function hiddenGradient(be: Backend, h: Tensor, sub: RerouteSubspaces, kind: Exclude<AttackKind, 'logit'>): Tensor {
  return kind === 'reroute' ? rerouteHiddenGradient(be, h, sub) : probeHiddenGradient(be, h, sub);
}

/**
 * Forward at x + δ and the gradient of the chosen objective with respect to the input (tensors belong to the enclosing tidy).
 * @param x (B, 64) clean inputs; delta (B, 64); labels (B, 1) the target class, as floats
 */
export function attackStep(be: Backend, mlp: Mlp, weights: Tensor[], x: Tensor, delta: Tensor, labels: Tensor, sub: RerouteSubspaces, kind: AttackKind): AttackStepTensors {
  if (mlp.layers < 2) throw new RangeError('rerouting needs a hidden layer before the output layer');
  const { logits, cache } = mlp.forward(be, weights, be.elementwise('add', x, delta));
  const ce = softmaxCrossEntropy(be, logits, labels);
  const hidden = cache.inputs[1];
  const grad = kind === 'logit'
    ? backToInput(be, weights, cache, mlp, ce.grad, mlp.layers - 1)
    : backToInput(be, weights, cache, mlp, activationBackward(be, cache.preActivations[0], hiddenGradient(be, hidden, sub, kind), mlp.activation), 0);
  return { grad, hit: be.slice(ce.rowStats, 0, 1, logits.rows, 1), hidden, logits };
}

/**
 * One normalized gradient step, frozen where the model already answers the target:
 * x' = clamp(x + δ − η·(1 − hit)·g/‖g‖, 0, 1), returned as the new δ = x' − x.
 * @param x, delta, grad (B, 64); hit (B, 1)
 */
export function perturbationUpdate(be: Backend, x: Tensor, delta: Tensor, grad: Tensor, hit: Tensor, stepSize: number): Tensor {
  // the tiny floor keeps a zero gradient (a dead ReLU pattern) a zero step instead of 0/0
  const unit = be.elementwise('div', grad, be.elementwise('scale', be.reduce('norm', grad, 'perRow'), null, 1, 1e-12));
  const move = be.elementwise('mul', unit, be.elementwise('scale', hit, null, -1, 1), stepSize);
  const moved = be.elementwise('clamp', be.elementwise('add', be.elementwise('add', x, delta), move, 1, -1), null, 0, 1);
  return be.elementwise('add', moved, x, 1, -1);
}

/** What an attack run reports at each report step, per attacked sample. */
export type AttackReport = { step: number; hit: Float64Array; norm: Float64Array; sourceLength: Float64Array; targetLength: Float64Array };

/**
 * Runs `steps` steps of one attack from δ = 0, yielding per-sample state every `reportEvery` steps and at the end
 * (step 0 first, `steps` last); stops early when `signal` aborts.
 * @param x (B, 64) clean inputs (owned by the caller); target the class every attack aims for
 */
export async function* runAttack(
  be: Backend, mlp: Mlp, weights: Tensor[], x: Tensor, target: number, sub: RerouteSubspaces, kind: AttackKind,
  o: { steps: number; stepSize: number; reportEvery: number; signal?: AbortSignal },
): AsyncGenerator<AttackReport> {
  const labels = be.fill({ rows: x.rows, cols: 1 }, target);
  let delta = be.fill({ rows: x.rows, cols: x.cols }, 0);
  try {
    for (let t = 0; !o.signal?.aborted; t++) {
      const reporting = t % o.reportEvery === 0 || t === o.steps;
      const { next, stats } = be.tidy(() => {
        const s = attackStep(be, mlp, weights, x, delta, labels, sub, kind);
        const stats = reporting
          ? [s.hit, be.reduce('norm', delta, 'perRow'), projectionLengths(be, s.hidden, sub.source), projectionLengths(be, s.hidden, sub.target)].map((r) => be.keep(r))
          : [];
        return { next: t < o.steps ? be.keep(perturbationUpdate(be, x, delta, s.grad, s.hit, o.stepSize)) : null, stats };
      });
      if (next) {
        be.dispose(delta);
        delta = next;
      }
      if (stats.length) {
        const [hit, norm, sourceLength, targetLength] = await Promise.all(stats.map((r) => readAndDispose(be, r)));
        yield { step: t, hit, norm, sourceLength, targetLength };
      }
      if (!next) return;
    }
  } finally {
    be.dispose(delta);
    be.dispose(labels);
  }
}
