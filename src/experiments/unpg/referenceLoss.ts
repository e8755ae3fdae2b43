// A plain float64 host reference of CosFace and UNPG on the margin model (the tests' oracle), and a small synthetic problem.
import { Rng } from '../../data/rng';

/** A labelled batch with random weights [W1, b1, W2, b2, Wc] for a model inputs → hidden → dim, `classes` classes. */
export type MarginProblem = { x: Float64Array; labels: Int32Array; weights: Float64Array[]; B: number; inputs: number; hidden: number; dim: number; classes: number };

export function marginProblem(B: number, inputs: number, hidden: number, dim: number, classes: number, seed: number): MarginProblem {
  const rng = new Rng(seed);
  const normals = (n: number, scale: number) => Float64Array.from({ length: n }, () => scale * rng.normal());
  const labels = Int32Array.from({ length: B }, (_, i) => (i * 7 + 3) % classes);
  const weights = [normals(hidden * inputs, 0.6), normals(hidden, 0.2), normals(dim * hidden, 0.6), normals(dim, 0.2), normals(classes * dim, 1)];
  return { x: normals(B * inputs, 1), labels, weights, B, inputs, hidden, dim, classes };
}

/** One-hot rows (n, classes) of integer labels. */
export function oneHot(labels: ArrayLike<number>, classes: number): Float64Array {
  const out = new Float64Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) out[i * classes + labels[i]] = 1;
  return out;
}

/** y = x·Wᵀ + b for (n, in) x and (out, in) W. */
function linear(x: Float64Array, W: Float64Array, b: Float64Array | null, n: number, inDim: number, outDim: number): Float64Array {
  const y = new Float64Array(n * outDim);
  for (let i = 0; i < n; i++) for (let o = 0; o < outDim; o++) {
    let s = b ? b[o] : 0;
    for (let k = 0; k < inDim; k++) s += x[i * inDim + k] * W[o * inDim + k];
    y[i * outDim + o] = s;
  }
  return y;
}

function unitRows(a: Float64Array, cols: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length / cols; i++) {
    const row = a.subarray(i * cols, (i + 1) * cols);
    const norm = Math.hypot(...row);
    for (let j = 0; j < cols; j++) out[i * cols + j] = row[j] / norm;
  }
  return out;
}

/** Unit embeddings x̂ (B, dim) and cosines (B, classes) to the unit class weights. */
export function referenceForward(p: MarginProblem, weights = p.weights): { xhat: Float64Array; cos: Float64Array } {
  const h = linear(p.x, weights[0], weights[1], p.B, p.inputs, p.hidden).map((v) => Math.max(0, v));
  const xhat = unitRows(linear(h, weights[2], weights[3], p.B, p.hidden, p.dim), p.dim);
  return { xhat, cos: linear(xhat, unitRows(weights[4], p.dim), null, p.B, p.dim, p.classes) };
}

/**
 * Mean over rows of −log softmax at the label of [s(cos θⱼ − m·[j = y]) for each class, s·sₖ for each appended
 * negative similarity sₖ], written out with the appended logits listed one by one as the paper's code concatenates them.
 */
export function referenceLoss(p: MarginProblem, scale: number, margin: number, appended: readonly number[], weights = p.weights): number {
  const { cos } = referenceForward(p, weights);
  let total = 0;
  for (let i = 0; i < p.B; i++) {
    const logits = Array.from({ length: p.classes }, (_, j) => scale * (cos[i * p.classes + j] - (j === p.labels[i] ? margin : 0)));
    logits.push(...appended.map((s) => scale * s));
    const top = Math.max(...logits);
    const lse = top + Math.log(logits.reduce((a, z) => a + Math.exp(z - top), 0));
    total += lse - logits[p.labels[i]];
  }
  return total / p.B;
}
