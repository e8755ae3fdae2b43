// The VQ codec: linear encoder, nearest-codeword quantization with straight-through gradients and a commitment loss, linear decoder; codebook shrunk by k-means.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import { createOptimizer } from '../../learn/optimizers';
import { nearestCentroid, oneHot } from '../../cluster/assignKernels';
import { kmeans } from '../../cluster/kmeans';
import { pixelsAndMse, type CodecData, type RatePoint } from './evaluate';
import { empiricalEntropyBits, histogramRateBits, psnr } from './rate';

/** E (d, c), codebook C (K, c), D (c, d). */
export type VqWeights = { E: Tensor; C: Tensor; D: Tensor };

/** Nearest codeword of each row of z (n, c) among C (K, c): one-hot (n, K) and labels (1, n). */
function assign(be: Backend, z: Tensor, C: Tensor): { onehot: Tensor; labels: Tensor } {
  return be.tidy(() => {
    const { labels } = nearestCentroid(be, z, C);
    return { labels, onehot: oneHot(be, labels, C.rows) };
  });
}

/**
 * Loss ‖q·D − y‖²/(n·d) + (‖sg(z) − q‖² + β‖z − sg(q)‖²)/(n·c), q = C[nearest(z)], z = y·E, and its gradients:
 * the decoder's gradient passes straight through q to z (VQ-VAE's estimator); the codebook gets only its own term.
 * @returns loss (1×1), grads [dE, dC, dD], and the labels (1, n)
 */
export function vqLossAndGrads(be: Backend, w: VqWeights, y: Tensor, beta: number): { loss: Tensor; grads: Tensor[]; labels: Tensor } {
  return be.tidy(() => {
    const { rows: n, cols: d } = y;
    const c = w.E.cols;
    const z = be.matmul(y, w.E);
    const { onehot, labels } = assign(be, z, w.C);
    const q = be.matmul(onehot, w.C);
    const r = be.elementwise('add', be.matmul(q, w.D), y, 1, -1);
    const gap = be.elementwise('add', z, q, 1, -1);
    const vqTerm = be.elementwise('scale', be.reduce('sumSquares', gap, 'all'), null, (1 + beta) / (n * c));
    const loss = be.elementwise('add', be.elementwise('scale', be.reduce('sumSquares', r, 'all'), null, 1 / (n * d)), vqTerm);
    const g = be.elementwise('scale', r, null, 2 / (n * d));
    const dD = be.matmul(q, g, { transA: true });
    const dz = be.elementwise('add', be.matmul(g, w.D, { transB: true }), gap, 1, (2 * beta) / (n * c));
    const dE = be.matmul(y, dz, { transA: true });
    // ∂/∂C of ‖sg(z) − q‖²: −2·Mᵀ(z − q)/(n·c)
    const dC = be.elementwise('scale', be.matmul(onehot, gap, { transA: true }), null, -2 / (n * c));
    return { loss, labels, grads: [dE, dC, dD] };
  });
}

/**
 * Full-batch Adam on the VQ loss. @returns the loss every reportEvery steps
 */
export async function trainVq(be: Backend, w: VqWeights, y: Tensor, o: { steps: number; lr: number; beta: number; signal?: AbortSignal }): Promise<{ step: number; loss: number }[]> {
  const params = [w.E, w.C, w.D];
  const opt = createOptimizer(be, { kind: 'adam', lr: o.lr });
  const every = Math.max(10, Math.ceil(o.steps / 10));
  const curve: { step: number; loss: number }[] = [];
  try {
    for (let s = 1; s <= o.steps && !o.signal?.aborted; s++) {
      const { loss, grads, labels } = vqLossAndGrads(be, w, y, o.beta);
      opt.step(params, grads);
      for (const t of [...grads, labels]) be.dispose(t);
      if (s % every === 0 || s === o.steps) curve.push({ step: s, loss: (await be.read(loss))[0] });
      be.dispose(loss);
    }
  } finally {
    opt.dispose();
  }
  return curve;
}

/** Initial codebook: K latents of randomly drawn patches, jittered by 1% of their scale so duplicates differ. @param z (n, c) host */
export function initialCodebook(z: Float64Array, n: number, c: number, K: number, rng: Rng): Float64Array {
  let scale = 0;
  for (const v of z) scale += v * v;
  scale = Math.sqrt(scale / z.length) * 0.01;
  const out = new Float64Array(K * c);
  for (let k = 0; k < K; k++) {
    const i = rng.int(n);
    for (let j = 0; j < c; j++) out[k * c + j] = z[i * c + j] + scale * rng.normal();
  }
  return out;
}

/** A VQ rate point plus the code usage counts. */
export type VqPoint = RatePoint & { codes: number; usage: number[] };

/** Encodes with codebook C (K, c): indices, their histogram rate (bits/pixel) and entropy, and the decoded PSNR. */
export async function evaluateVq(be: Backend, w: VqWeights, C: Tensor, data: CodecData): Promise<VqPoint> {
  const d = data.y.cols;
  const K = C.rows;
  const z = be.tidy(() => be.matmul(data.y, w.E));
  const { onehot, labels } = assign(be, z, C);
  const yHat = be.tidy(() => be.matmul(be.matmul(onehot, C), w.D));
  const idx = await be.read(labels);
  for (const t of [z, onehot, labels]) be.dispose(t);
  const { mse, patches } = await pixelsAndMse(be, data, yHat);
  be.dispose(yHat);
  const usage = new Array<number>(K).fill(0);
  for (const i of idx) usage[i]++;
  return { bpp: histogramRateBits(idx, K) / d, entropyBpp: empiricalEntropyBits(idx) / d, psnr: psnr(mse), mse, patches, codes: K, usage };
}

/**
 * Shrinks the trained codebook to K codes by k-means over its used codewords (the paper's codebook reduction);
 * the decoder is kept as it is (no fine-tuning here). @param usage counts per code of the full codebook @returns (K, c)
 */
export async function shrinkCodebook(be: Backend, C: Tensor, usage: number[], K: number, seed: number): Promise<Tensor> {
  const c = C.cols;
  const full = await be.read(C);
  const used = usage.flatMap((u, k) => (u > 0 ? [k] : []));
  if (K > used.length) throw new RangeError(`cannot shrink to ${K} codes: only ${used.length} are used`);
  const rows = be.upload(Float64Array.from({ length: used.length * c }, (_, i) => full[used[Math.floor(i / c)] * c + (i % c)]), { rows: used.length, cols: c });
  try {
    const r = await kmeans(be, rows, K, { seed, restarts: 2, maxIter: 50 });
    return be.upload(r.centroids, { rows: K, cols: c });
  } finally {
    be.dispose(rows);
  }
}
