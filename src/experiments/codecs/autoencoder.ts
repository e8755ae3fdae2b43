// The WaLLoC-style codec on wavelet coefficients: linear encoder, (noisy) quantized latents, small nonlinear decoder; forward and backward on the backend.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import { createOptimizer } from '../../learn/optimizers';

/**
 * Weights, all on the backend: E (d, c) encoder; D (c, d) linear decoder; W1 (c, h), b1 (1, h), W2 (h, d) the
 * decoder's ReLU residual branch (absent when h = 0: then the codec is a linear autoencoder).
 */
export type CodecWeights = { E: Tensor; D: Tensor; W1: Tensor | null; b1: Tensor | null; W2: Tensor | null };

export function weightList(w: CodecWeights): Tensor[] {
  return [w.E, w.D, ...(w.W1 && w.b1 && w.W2 ? [w.W1, w.b1, w.W2] : [])];
}

export function disposeWeights(be: Backend, w: CodecWeights): void {
  for (const t of weightList(w)) be.dispose(t);
}

/**
 * Uploads weights: E and D from host arrays (a PCA start, or Gaussian), the residual branch Gaussian with
 * scale 1/√fan-in except W2 = 0, so the decoder starts out linear.
 * @param e (d, c) @param dec (c, d)
 */
export function uploadWeights(be: Backend, e: ArrayLike<number>, dec: ArrayLike<number>, d: number, c: number, hidden: number, rng: Rng): CodecWeights {
  const w: CodecWeights = { E: be.upload(e, { rows: d, cols: c }), D: be.upload(dec, { rows: c, cols: d }), W1: null, b1: null, W2: null };
  if (hidden > 0) {
    w.W1 = be.upload(rng.normals(c * hidden, 1 / Math.sqrt(c)), { rows: c, cols: hidden });
    w.b1 = be.fill({ rows: 1, cols: hidden }, 0);
    w.W2 = be.fill({ rows: hidden, cols: d }, 0);
  }
  return w;
}

/** Decoder: ẑ·D + relu(ẑ·W1 + b1)·W2. @param zq (n, c) @returns (n, d) centered wavelet coefficients */
export function decode(be: Backend, w: CodecWeights, zq: Tensor): Tensor {
  return be.tidy(() => {
    const lin = be.matmul(zq, w.D);
    if (!w.W1 || !w.b1 || !w.W2) return lin;
    const hid = be.elementwise('relu', be.elementwise('add', be.matmul(zq, w.W1), w.b1));
    return be.elementwise('add', lin, be.matmul(hid, w.W2));
  });
}

/**
 * Loss ‖decode(y·E + u) − y‖²/(n·d) + λ‖y·E‖²/(n·c) and its gradients (u is the training noise, or none).
 * The λ term is a Gaussian-prior stand-in for the rate: it shrinks the latents, so fewer bins are used.
 * @param y (n, d) @param noise (n, c) or null @returns the loss (1×1) and one gradient per weight, in weightList order
 */
export function lossAndGrads(be: Backend, w: CodecWeights, y: Tensor, noise: Tensor | null, rateWeight: number): { loss: Tensor; grads: Tensor[] } {
  return be.tidy(() => {
    const { rows: n, cols: d } = y;
    const c = w.E.cols;
    const z = be.matmul(y, w.E);
    const zq = noise ? be.elementwise('add', z, noise) : z;
    const lin = be.matmul(zq, w.D);
    let out = lin;
    let pre: Tensor | null = null;
    let hid: Tensor | null = null;
    if (w.W1 && w.b1 && w.W2) {
      pre = be.elementwise('add', be.matmul(zq, w.W1), w.b1);
      hid = be.elementwise('relu', pre);
      out = be.elementwise('add', lin, be.matmul(hid, w.W2));
    }
    const r = be.elementwise('add', out, y, 1, -1);
    const distortion = be.elementwise('scale', be.reduce('sumSquares', r, 'all'), null, 1 / (n * d));
    const rate = be.elementwise('scale', be.reduce('sumSquares', z, 'all'), null, rateWeight / (n * c));
    const loss = be.elementwise('add', distortion, rate);
    const g = be.elementwise('scale', r, null, 2 / (n * d));
    const dD = be.matmul(zq, g, { transA: true });
    let dz = be.matmul(g, w.D, { transB: true });
    const branch: Tensor[] = [];
    if (w.W1 && w.W2 && pre && hid) {
      const dW2 = be.matmul(hid, g, { transA: true });
      const dpre = be.elementwise('reluGrad', pre, be.matmul(g, w.W2, { transB: true }));
      branch.push(be.matmul(zq, dpre, { transA: true }), be.reduce('sum', dpre, 'perCol'), dW2);
      dz = be.elementwise('add', dz, be.matmul(dpre, w.W1, { transB: true }));
    }
    // straight through the noise: ∂ẑ/∂z = I; plus the rate term's 2λz/(n·c)
    if (rateWeight > 0) dz = be.elementwise('add', dz, z, 1, (2 * rateWeight) / (n * c));
    const dE = be.matmul(y, dz, { transA: true });
    return { loss, grads: [dE, dD, ...branch] };
  });
}

/**
 * Full-batch Adam on lossAndGrads for `steps` steps; with `noisy`, fresh uniform noise in [−½, ½) every step from
 * `rng` (WaLLoC's training-time stand-in for rounding). Reads the loss back every `reportEvery` steps only.
 * @returns the loss at each report
 */
export async function trainCodec(be: Backend, w: CodecWeights, y: Tensor, o: { steps: number; lr: number; noisy: boolean; rateWeight: number; rng: Rng; reportEvery?: number; signal?: AbortSignal }): Promise<{ step: number; loss: number }[]> {
  const params = weightList(w);
  const opt = createOptimizer(be, { kind: 'adam', lr: o.lr });
  const every = o.reportEvery ?? Math.max(10, Math.ceil(o.steps / 10));
  const curve: { step: number; loss: number }[] = [];
  const nc = y.rows * w.E.cols;
  try {
    for (let s = 1; s <= o.steps && !o.signal?.aborted; s++) {
      const noise = o.noisy ? be.upload(Float64Array.from({ length: nc }, () => o.rng.uniform() - 0.5), { rows: y.rows, cols: w.E.cols }) : null;
      const { loss, grads } = lossAndGrads(be, w, y, noise, o.rateWeight);
      opt.step(params, grads);
      for (const g of grads) be.dispose(g);
      if (noise) be.dispose(noise);
      if (s % every === 0 || s === o.steps) curve.push({ step: s, loss: (await be.read(loss))[0] });
      be.dispose(loss);
    }
  } finally {
    opt.dispose();
  }
  return curve;
}
