// A two-layer ReLU MLP in float64 on the host: loss, ∂L/∂W per layer and ∂L/∂b2, accuracy.
import { mm, tr } from './adapters';

/** Sizes [in, hidden, out]; W_l is (out_l, in_l) row-major, b_l has out_l entries (torch.nn.Linear's layout). */
export type HostMlp = { sizes: readonly [number, number, number]; biases: [Float64Array, Float64Array] };

function rows(X: Float64Array, cols: number, batch: ArrayLike<number>): Float64Array {
  const out = new Float64Array(batch.length * cols);
  for (let t = 0; t < batch.length; t++) out.set(X.subarray(batch[t] * cols, (batch[t] + 1) * cols), t * cols);
  return out;
}

/** Logits (B×out) and the hidden pre-activations for rows `batch` of X (n×in). */
export function forward(net: HostMlp, W: Float64Array[], X: Float64Array, batch: ArrayLike<number>) {
  const [nin, nh, nout] = net.sizes;
  const B = batch.length;
  const x = rows(X, nin, batch);
  const z1 = mm(x, tr(W[0], nh, nin), B, nin, nh);
  for (let i = 0; i < z1.length; i++) z1[i] += net.biases[0][i % nh];
  const h = z1.map((v) => Math.max(v, 0));
  const logits = mm(h, tr(W[1], nout, nh), B, nh, nout);
  for (let i = 0; i < logits.length; i++) logits[i] += net.biases[1][i % nout];
  return { x, z1, h, logits };
}

/** Mean softmax cross-entropy over the batch, ∂L/∂W1, ∂L/∂W2 and ∂L/∂b2. */
export function lossAndGrads(net: HostMlp, W: Float64Array[], X: Float64Array, y: ArrayLike<number>, batch: ArrayLike<number>): { loss: number; G: Float64Array[]; gb2: Float64Array } {
  const [nin, nh, nout] = net.sizes;
  const B = batch.length;
  const { x, z1, h, logits } = forward(net, W, X, batch);
  const d = new Float64Array(B * nout);
  let loss = 0;
  for (let t = 0; t < B; t++) {
    const row = logits.subarray(t * nout, (t + 1) * nout);
    const max = Math.max(...row);
    let sum = 0;
    for (const v of row) sum += Math.exp(v - max);
    const label = y[batch[t]];
    loss += Math.log(sum) + max - row[label];
    for (let c = 0; c < nout; c++) d[t * nout + c] = (Math.exp(row[c] - max) / sum - (c === label ? 1 : 0)) / B;
  }
  const G2 = mm(tr(d, B, nout), h, nout, B, nh);
  const dh = mm(d, W[1], B, nout, nh).map((v, i) => (z1[i] > 0 ? v : 0));
  const G1 = mm(tr(dh, B, nh), x, nh, B, nin);
  const gb2 = new Float64Array(nout);
  for (let i = 0; i < d.length; i++) gb2[i % nout] += d[i];
  return { loss: loss / B, G: [G1, G2], gb2 };
}

/** Fraction of the n rows of X classified as y. */
export function accuracy(net: HostMlp, W: Float64Array[], X: Float64Array, y: ArrayLike<number>, n: number): number {
  const nout = net.sizes[2];
  const { logits } = forward(net, W, X, Array.from({ length: n }, (_, i) => i));
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const row = logits.subarray(i * nout, (i + 1) * nout);
    if (row.indexOf(Math.max(...row)) === y[i]) correct++;
  }
  return correct / n;
}
