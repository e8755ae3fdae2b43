// The Bayesian model average on the device: mean softmax over posterior samples, read back once with the KL.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import type { Mlp } from '../../learn/mlp';
import { copySegment } from '../../learn/gatherKernels';
import { softmaxRows } from '../../learn/softmaxRows';
import { calibration, type Calibration } from './calibration';
import type { GaussianPosterior } from './posterior';

/** Test inputs on the device with their labels on the host (scored there after one readback). */
export type LabelledInputs = { X: Tensor; labels: Int32Array };

/**
 * p(y | x) ≈ (1/M) Σ_m softmax(f(x; θ_m)), θ_m ~ q, each θ_m drawn with the posterior's own resample(rng).
 * @param X (n, features)
 * @returns (n, classes). Call inside tidy.
 */
export function predictiveProbabilities(be: Backend, mlp: Mlp, posterior: GaussianPosterior, X: Tensor, samples: number, rng: Rng): Tensor {
  if (!(Number.isInteger(samples) && samples >= 1)) throw new RangeError(`predictiveProbabilities: samples must be a positive integer, got ${samples}`);
  let sum: Tensor | null = null;
  for (let m = 0; m < samples; m++) {
    posterior.resample(rng);
    const p = softmaxRows(be, mlp.forward(be, posterior.weights(), X).logits);
    sum = sum ? be.elementwise('add', sum, p) : p;
  }
  return be.elementwise('scale', sum!, null, 1 / samples);
}

/** Predictive NLL, accuracy, ECE and reliability bins on `data`, and KL(q‖p): one readback. */
export async function evaluatePosterior(be: Backend, mlp: Mlp, posterior: GaussianPosterior, data: LabelledInputs, o: { samples: number; rng: Rng; bins: number }): Promise<Calibration & { kl: number }> {
  const classes = mlp.sizes[mlp.sizes.length - 1];
  const n = data.labels.length;
  const packed = be.tidy(() => {
    const out = be.fill({ rows: n * classes + 1, cols: 1 }, 0);
    copySegment(be, predictiveProbabilities(be, mlp, posterior, data.X, o.samples, o.rng), 0, out, 0, n * classes);
    copySegment(be, posterior.kl(), 0, out, n * classes, 1);
    return out;
  });
  let v: Float64Array;
  try {
    v = await be.read(packed);
  } finally {
    be.dispose(packed);
  }
  return { ...calibration(v.subarray(0, n * classes), data.labels, classes, o.bins), kl: v[n * classes] };
}
