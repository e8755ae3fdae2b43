// Exact Hessian-vector products of an Mlp's mean cross-entropy (Pearlmutter's R-operator) and power iteration for λ_max.
import type { Backend, Tensor } from '../engine/backend';
import type { Rng } from '../data/rng';
import type { Mlp } from './mlp';
import { activationBackward } from './activationKernels';
import { softmaxCrossEntropy } from './softmaxCrossEntropy';
import { softmaxRows } from './softmaxRows';
import { flatten, unflatten } from './flatParams';
import { copySegment } from './gatherKernels';
import { parameterCount } from './model';

/**
 * H·v for H = ∇²_θ L(θ), L the mean softmax cross-entropy of `mlp` on one fixed batch — exact, not a finite
 * difference: Pearlmutter's R-operator R{·} = ∂/∂ε (·)(θ + εv)|₀ pushed through the forward pass and then the
 * backward pass ("forward-over-backward"; B. Pearlmutter, Fast exact multiplication by the Hessian, 1994).
 *
 *   forward   Rz_l = Rh_l·W_lᵀ + h_l·V_lᵀ + c_l,  Rh_{l+1} = f′(z_l) ⊙ Rz_l,  Rh_0 = 0
 *   softmax   Rδ_out = p ⊙ (Rz_out − ⟨p, Rz_out⟩_row) / B
 *   backward  (Hv)_{W_l} = Rδ_lᵀ·h_l + δ_lᵀ·Rh_l,  (Hv)_{b_l} = Σ_rows Rδ_l,
 *             Rδ_{l−1} = f′(z_{l−1}) ⊙ (Rδ_l·W_l + δ_l·V_l) + f″(z_{l−1}) ⊙ Rz_{l−1} ⊙ (δ_l·W_l)
 *
 * Everything that does not depend on v (h_l, f′, f″⊙∂L/∂h, δ_l, p) is computed once here and reused by every
 * product, so one Hv costs about two matmuls per weight matrix. ReLU has f″ = 0 away from its kink (where the
 * Hessian is taken as the one-sided limit, like autograd does); tanh's f″ = −2t(1 − t²); gelu is not supported.
 */
export class MlpHessian {
  /** D, the length of θ. */
  readonly dimension: number;
  private readonly owned: Tensor[] = [];
  /** h_l, the input of layer l (h_0 = x, which the caller owns). */
  private readonly inputs: Tensor[] = [];
  /** f′(z_l) for the hidden layers. */
  private readonly slopes: Tensor[] = [];
  /** f″(z_l) ⊙ ∂L/∂h_{l+1} for the hidden layers (tanh only). */
  private readonly curvatures: Tensor[] = [];
  /** δ_l = ∂L/∂z_l. */
  private readonly deltas: Tensor[] = [];
  private readonly probs: Tensor;

  /**
   * @param weights [W1, b1, …] at the point θ; they must outlive this object (they are not copied)
   * @param x (B, features); labels (B, 1) class indices as floats
   */
  constructor(private readonly be: Backend, readonly mlp: Mlp, private readonly weights: Tensor[], x: Tensor, labels: Tensor) {
    if (mlp.activation !== 'relu' && mlp.activation !== 'tanh') throw new RangeError(`MlpHessian: the exact R-operator is implemented for relu and tanh, not ${mlp.activation}`);
    this.dimension = parameterCount(mlp.weightShapes);
    const L = mlp.layers;
    const keep = (t: Tensor) => {
      this.owned.push(be.keep(t));
      return t;
    };
    this.probs = be.tidy(() => {
      const { logits, cache } = mlp.forward(be, weights, x);
      this.inputs.push(x, ...cache.inputs.slice(1).map(keep));
      const deltas: Tensor[] = new Array(L);
      deltas[L - 1] = keep(softmaxCrossEntropy(be, logits, labels).grad);
      for (let l = L - 1; l >= 1; l--) {
        const z = cache.preActivations[l - 1];
        const dh = be.matmul(deltas[l], weights[2 * l]);
        this.slopes[l - 1] = keep(activationBackward(be, z, be.fill(z, 1), mlp.activation));
        deltas[l - 1] = keep(be.elementwise('mul', this.slopes[l - 1], dh));
        if (mlp.activation === 'tanh') {
          const t = be.elementwise('tanh', z);
          const secant = be.elementwise('mul', t, be.elementwise('scale', be.elementwise('square', t), null, -1, 1), -2);
          this.curvatures[l - 1] = keep(be.elementwise('mul', secant, dh));
        }
      }
      this.deltas.push(...deltas);
      return keep(softmaxRows(be, logits));
    });
  }

  /**
   * H·v with v given per weight ([V1, c1, V2, c2, …], the weights' shapes). Call inside `be.tidy`.
   * @returns Hv in the same layout
   */
  hvp(v: Tensor[]): Tensor[] {
    const be = this.be;
    const L = this.mlp.layers;
    if (v.length !== 2 * L) throw new RangeError(`MlpHessian.hvp: expected ${2 * L} tensors, got ${v.length}`);
    const rz: Tensor[] = [];
    const rh: (Tensor | null)[] = [null];
    for (let l = 0; l < L; l++) {
      let z = be.matmul(this.inputs[l], v[2 * l], { transB: true });
      const prev = rh[l];
      if (prev) z = be.elementwise('add', z, be.matmul(prev, this.weights[2 * l], { transB: true }));
      z = be.elementwise('add', z, v[2 * l + 1]);
      rz.push(z);
      if (l < L - 1) rh.push(be.elementwise('mul', this.slopes[l], z));
    }
    const out = rz[L - 1];
    const rows = out.rows;
    const dot = be.reduce('sum', be.elementwise('mul', this.probs, out), 'perRow');
    let rd = be.elementwise('mul', this.probs, be.elementwise('add', out, dot, 1, -1), 1 / rows);
    const hv: Tensor[] = new Array(2 * L);
    for (let l = L - 1; l >= 0; l--) {
      let gW = be.matmul(rd, this.inputs[l], { transA: true });
      const prev = rh[l];
      if (prev) gW = be.elementwise('add', gW, be.matmul(this.deltas[l], prev, { transA: true }));
      hv[2 * l] = gW;
      hv[2 * l + 1] = be.reduce('sum', rd, 'perCol');
      if (l === 0) break;
      const rdh = be.elementwise('add', be.matmul(rd, this.weights[2 * l]), be.matmul(this.deltas[l], v[2 * l]));
      rd = be.elementwise('mul', this.slopes[l - 1], rdh);
      if (this.curvatures.length) rd = be.elementwise('add', rd, be.elementwise('mul', this.curvatures[l - 1], rz[l - 1]));
    }
    return hv;
  }

  /** H·v for a flat v (D, 1) in weight order; returns (D, 1). Call inside `be.tidy`. */
  hvpFlat(v: Tensor): Tensor {
    return flatten(this.be, this.hvp(unflatten(this.be, v, this.mlp.weightShapes)));
  }

  dispose(): void {
    for (const t of this.owned) this.be.dispose(t);
    this.owned.length = 0;
  }
}

export type PowerIteration = {
  /** The last Rayleigh quotient vᵀHv with ‖v‖ = 1: the estimate of the eigenvalue of largest magnitude. */
  lambda: number;
  /** The Rayleigh quotient at every iteration (read back once, at the end). */
  history: number[];
  /** The last unit vector (D, 1), kept; the caller disposes it (or passes it as the next warm start). */
  vector: Tensor;
};

/**
 * Power iteration v ← Hv/‖Hv‖ for the eigenvalue of H of largest magnitude — λ_max when the curvature is
 * dominated by its positive part, as at and near a minimum. Fixed iteration count; only enqueues work, so the
 * caller can fold the history into a readback it makes anyway.
 * @param start a (D, 1) warm start (not consumed), else a seeded Gaussian from `rng`
 * @returns the last unit vector (D, 1) and the Rayleigh quotients vₖᵀHvₖ (1, iterations), both kept: the caller
 *   disposes them
 */
export function enqueuePowerIteration(be: Backend, hessian: MlpHessian, o: { iterations: number; start?: Tensor; rng?: Rng }): { vector: Tensor; history: Tensor } {
  const D = hessian.dimension;
  const iterations = Math.max(1, Math.floor(o.iterations));
  if (!o.start && !o.rng) throw new RangeError('enqueuePowerIteration: give a start vector or an rng');
  const normalize = (w: Tensor) => be.elementwise('div', w, be.elementwise('scale', be.reduce('norm', w, 'all'), null, 1, 1e-30));
  let v = be.keep(be.tidy(() => normalize(o.start ?? be.upload(o.rng!.normals(D), { rows: D, cols: 1 }))));
  const history = be.keep(be.fill({ rows: 1, cols: iterations }, 0));
  try {
    for (let k = 0; k < iterations; k++) {
      const current = v;
      const next = be.tidy(() => {
        const w = hessian.hvpFlat(current);
        copySegment(be, be.reduce('sum', be.elementwise('mul', current, w), 'all'), 0, history, k, 1);
        return normalize(w);
      });
      v = be.keep(next);
      be.dispose(current);
    }
  } catch (e) {
    be.dispose(v);
    be.dispose(history);
    throw e;
  }
  return { vector: v, history };
}

/** enqueuePowerIteration, then one readback of the history; λ is the last Rayleigh quotient. */
export async function hessianPowerIteration(be: Backend, hessian: MlpHessian, o: { iterations: number; start?: Tensor; rng?: Rng }): Promise<PowerIteration> {
  const { vector, history } = enqueuePowerIteration(be, hessian, o);
  try {
    const h = Array.from(await be.read(history));
    return { lambda: h[h.length - 1], history: h, vector };
  } catch (e) {
    be.dispose(vector);
    throw e;
  } finally {
    be.dispose(history);
  }
}
