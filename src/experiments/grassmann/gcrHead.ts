// A linear feature layer z = W·h + b under a GCR head, trained jointly: Euclidean SGD for W, b; Riemannian SGD for S_c.
import type { Rng } from '../../data/rng';
import { gcrLogits, orthonormalityError, projections, qrRetract, randomSubspace, tangentProject, type Subspace } from './gcr';

export type GcrHeadOptions = { inputs: number; dim: number; classes: number; k: number; gamma: number; signed: boolean };

/** Parameters: W (dim × inputs), b (dim), one subspace per class. */
export type GcrHead = GcrHeadOptions & { W: Float64Array; b: Float64Array; S: Subspace[] };

export function createHead(o: GcrHeadOptions, rng: Rng): GcrHead {
  if (o.signed && o.k !== 1) throw new RangeError('the signed (cosine-softmax) head needs k = 1');
  const bound = 1 / Math.sqrt(o.inputs);
  const W = Float64Array.from({ length: o.dim * o.inputs }, () => (2 * rng.uniform() - 1) * bound);
  const b = Float64Array.from({ length: o.dim }, () => (2 * rng.uniform() - 1) * bound);
  const S = Array.from({ length: o.classes }, () => randomSubspace(o.dim, o.k, rng));
  return { ...o, W, b, S };
}

/** z = W·h + b, and x̂ = z/‖z‖, for one input row h. */
export function feature(head: GcrHead, h: ArrayLike<number>): { z: Float64Array; xhat: Float64Array; norm: number } {
  const z = Float64Array.from(head.b);
  for (let r = 0; r < head.dim; r++) for (let c = 0; c < head.inputs; c++) z[r] += head.W[r * head.inputs + c] * h[c];
  const norm = Math.max(Math.hypot(...z), 1e-12);
  return { z, xhat: z.map((v) => v / norm), norm };
}

export type HeadGrads = { loss: number; correct: number; dW: Float64Array; db: Float64Array; dS: Float64Array[] };

/** Mean cross-entropy over the rows `batch` of H (n × inputs) and its Euclidean gradients. */
export function lossAndGrads(head: GcrHead, H: Float64Array, y: ArrayLike<number>, batch: ArrayLike<number>): HeadGrads {
  const { dim, inputs, classes, k, gamma, signed } = head;
  const dW = new Float64Array(dim * inputs);
  const db = new Float64Array(dim);
  const dS = head.S.map(() => new Float64Array(dim * k));
  let loss = 0;
  let correct = 0;
  const B = batch.length;
  for (let t = 0; t < B; t++) {
    const i = batch[t];
    const h = H.subarray(i * inputs, (i + 1) * inputs);
    const { xhat, norm } = feature(head, h);
    const p = projections(head.S, xhat);
    const logits = Float64Array.from(p, (pc) => (signed ? gamma * pc[0] : gamma * Math.hypot(...pc)));
    const max = Math.max(...logits);
    const e = logits.map((l) => Math.exp(l - max));
    const sum = e.reduce((a, v) => a + v, 0);
    loss += Math.log(sum) - (logits[y[i]] - max);
    if (logits.indexOf(max) === y[i]) correct++;
    const dx = new Float64Array(dim);
    for (let c = 0; c < classes; c++) {
      const dlogit = (e[c] / sum - (c === y[i] ? 1 : 0)) / B;
      const n = Math.hypot(...p[c]);
      // ∂(γ‖p‖)/∂p = γ p/‖p‖; the signed head's ∂(γ p)/∂p = γ
      const dp = p[c].map((v) => (signed ? gamma * dlogit : (gamma * dlogit * v) / Math.max(n, 1e-12)));
      const { data } = head.S[c];
      for (let r = 0; r < dim; r++) for (let j = 0; j < k; j++) {
        dS[c][r * k + j] += xhat[r] * dp[j];
        dx[r] += data[r * k + j] * dp[j];
      }
    }
    // through x̂ = z/‖z‖: ∂/∂z = (I − x̂x̂ᵀ)/‖z‖
    let dot = 0;
    for (let r = 0; r < dim; r++) dot += xhat[r] * dx[r];
    for (let r = 0; r < dim; r++) {
      const dz = (dx[r] - xhat[r] * dot) / norm;
      db[r] += dz;
      for (let c = 0; c < inputs; c++) dW[r * inputs + c] += dz * h[c];
    }
  }
  return { loss: loss / B, correct, dW, db, dS };
}

/** SGD with momentum; the class subspaces take Riemannian steps (tangent projection, QR retraction). */
export class RiemannianSgd {
  private vW: Float64Array;
  private vb: Float64Array;
  private vS: Float64Array[];
  /** Largest ‖S_cᵀS_c − I‖_max seen after any step. */
  worstOrthonormality = 0;

  constructor(private readonly head: GcrHead, private readonly lr: number, private readonly momentum: number) {
    this.vW = new Float64Array(head.W.length);
    this.vb = new Float64Array(head.b.length);
    this.vS = head.S.map((s) => new Float64Array(s.data.length));
  }

  step(g: HeadGrads): void {
    const { head, lr, momentum: mu } = this;
    for (let i = 0; i < head.W.length; i++) head.W[i] -= lr * (this.vW[i] = mu * this.vW[i] + g.dW[i]);
    for (let i = 0; i < head.b.length; i++) head.b[i] -= lr * (this.vb[i] = mu * this.vb[i] + g.db[i]);
    head.S.forEach((s, c) => {
      // the momentum buffer is carried to the new tangent space by projection, as GCR does
      const moved = tangentProject(s, this.vS[c]);
      const grad = tangentProject(s, g.dS[c]);
      const v = moved.map((m, i) => mu * m + grad[i]);
      this.vS[c] = v;
      const next: Subspace = { d: s.d, k: s.k, data: qrRetract(s.data.map((x, i) => x - lr * v[i]), s.d, s.k) };
      head.S[c] = next;
      this.worstOrthonormality = Math.max(this.worstOrthonormality, orthonormalityError(next));
    });
  }
}

/** Accuracy of the head on rows of H, and the unit features x̂ (n × dim) it feeds the subspaces. */
export function evaluate(head: GcrHead, H: Float64Array, y: ArrayLike<number>, n: number): { accuracy: number; xhat: Float64Array } {
  const xs = new Float64Array(n * head.dim);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const { xhat } = feature(head, H.subarray(i * head.inputs, (i + 1) * head.inputs));
    xs.set(xhat, i * head.dim);
    const logits = gcrLogits(head.S, xhat, head.gamma, head.signed);
    if (logits.indexOf(Math.max(...logits)) === y[i]) correct++;
  }
  return { accuracy: correct / n, xhat: xs };
}
