// Label-free deep subspace clustering: an MLP autoencoder with a layer-wise self-expression layer, stopped on relative error.
import type { Backend, Tensor } from '../engine/backend';
import { Rng } from '../data/rng';
import { activationBackward, linearBackward } from '../learn/layers';
import { Mlp } from '../learn/mlp';
import { createOptimizer } from '../learn/optimizers';
import { clusterCoefficients } from './selfExpression';
import type { SpectralOptions } from './spectral';
import { identity, normalizeRows } from './tensorOps';

/** Weights of the fine-tuning loss ½‖X − X̂‖² + γ/2 Σ_l ‖H_l − CᵀH_l‖² + λ/2‖C‖². */
export type DscLossWeights = {
  /** γ, the weight of the self-expression terms (0: reconstruction only, C is ignored). */
  gamma: number;
  /** λ, the weight of ½‖C‖²_F. */
  lambda: number;
};

/** What one evaluation of the loss yields; every tensor is owned by the caller (or the enclosing tidy). */
export type DscLossAndGrads = {
  /** (1, 1) the loss. */
  loss: Tensor;
  /** (1, 1) ‖Z − CᵀZ‖_F / ‖Z‖_F on the latent layer Z (the stopping criterion). */
  relativeError: Tensor;
  /** ∂L/∂weight for each autoencoder weight, in weight order. */
  grads: Tensor[];
  /** (n, n) ∂L/∂C with a zero diagonal (diag C is not a parameter). */
  gradC: Tensor;
};

/**
 * The autoencoder sizes[0] → … → sizes[E] (latent) → … → sizes[0], tanh between layers, linear output.
 * `encoderLayers` is E: the outputs H_1 … H_E of the first E layers are the self-expressed representations.
 */
export function dscAutoencoder(input: number, hidden: number, latent: number): { model: Mlp; encoderLayers: number } {
  return { model: new Mlp([input, hidden, latent, hidden, input], 'tanh'), encoderLayers: 2 };
}

/**
 * L = ½‖X − X̂‖²_F + γ/2 Σ_{l≤E} ‖H_l − CᵀH_l‖²_F + λ/2‖C‖²_F and its exact gradients (hand-written backprop).
 * Samples are rows, so column j of C expresses sample j: h_j ≈ Σ_i C_ij h_i (the convention of selfExpression).
 * ∂/∂C of ½‖H − CᵀH‖² is −H·Rᵀ and ∂/∂H is R − C·R, with R = H − CᵀH.
 * @param x (n, d); c (n, n) with diag 0; mask (n, n) = 1 − I
 */
export function dscLossAndGrads(be: Backend, model: Mlp, encoderLayers: number, weights: Tensor[], c: Tensor, mask: Tensor, x: Tensor, w: DscLossWeights): DscLossAndGrads {
  const { logits: xhat, cache } = model.forward(be, weights, x);
  const diff = be.elementwise('add', xhat, x, 1, -1);
  let loss = be.elementwise('scale', be.reduce('sumSquares', diff, 'all'), null, 0.5, 0);
  let gradC = be.elementwise('scale', c, null, w.lambda, 0);
  loss = be.elementwise('add', loss, be.reduce('sumSquares', c, 'all'), 1, w.lambda / 2);
  const repGrads = new Map<number, Tensor>();
  let relativeError: Tensor | null = null;
  for (let l = 1; l <= encoderLayers; l++) {
    const h = cache.inputs[l];
    const r = be.elementwise('add', h, be.matmul(c, h, { transA: true }), 1, -1);
    const rss = be.reduce('sumSquares', r, 'all');
    if (l === encoderLayers) relativeError = be.elementwise('div', be.elementwise('sqrt', rss), be.reduce('norm', h, 'all'));
    if (w.gamma === 0) continue;
    loss = be.elementwise('add', loss, rss, 1, w.gamma / 2);
    gradC = be.elementwise('add', gradC, be.matmul(h, r, { transB: true }), 1, -w.gamma);
    repGrads.set(l, be.elementwise('add', r, be.matmul(c, r), w.gamma, -w.gamma));
  }
  const grads: Tensor[] = new Array(weights.length);
  let dz = diff;
  for (let l = model.layers - 1; l >= 0; l--) {
    const g = linearBackward(be, cache.inputs[l], weights[2 * l], dz, l > 0);
    grads[2 * l] = g.dW;
    grads[2 * l + 1] = g.db;
    if (!g.dx) continue;
    const extra = repGrads.get(l);
    const dh = extra ? be.elementwise('add', g.dx, extra) : g.dx;
    dz = activationBackward(be, cache.preActivations[l - 1], dh, model.activation);
  }
  return { loss, relativeError: relativeError!, grads, gradC: be.elementwise('mul', gradC, mask) };
}

/**
 * The paper's label-free stopping rule: the first epoch t ≥ 2 whose relative self-expression error is not
 * below epoch t − 1's. @param errors e_1, e_2, … @returns that epoch (1-based), or null if every epoch improved
 */
export function firstNonImprovement(errors: readonly number[]): number | null {
  for (let t = 1; t < errors.length; t++) if (!(errors[t] < errors[t - 1])) return t + 1;
  return null;
}

export type DeepSubspaceClusteringOptions = SpectralOptions & {
  hidden?: number;
  latent?: number;
  /** Reconstruction-only epochs before the self-expression layer joins (full batch). */
  pretrainEpochs?: number;
  /** Most fine-tuning epochs; training stops earlier at the first non-improvement of the relative error. */
  maxEpochs?: number;
  /** Adam learning rate of both stages. */
  lr?: number;
  gamma?: number;
  lambda?: number;
  /** Keep the k largest |c_ij| of each column before the affinity (0 keeps all). */
  topK?: number;
  /** Called after every fine-tuning epoch with the current C (tests read its diagonal). */
  onEpoch?: (epoch: number, c: Tensor) => Promise<void> | void;
};

export type DeepSubspaceClusteringResult = {
  labels: Int32Array;
  affinity?: Float64Array;
  /** Relative self-expression error e_t at the start of each fine-tuning epoch t (before its update). */
  relativeErrors: number[];
  /** Loss per fine-tuning epoch. */
  losses: number[];
  /** Epoch at which the rule stopped (the first non-improvement), or null if it ran to maxEpochs. */
  stopEpoch: number | null;
  /** Updates C received. */
  epochs: number;
};

/**
 * Label-free deep subspace clustering: pretrain the autoencoder on reconstruction, then train it jointly with
 * C (diag C = 0 exactly: its gradient is masked and it starts at 0), stop at the first epoch whose relative
 * error ‖Z − CᵀZ‖/‖Z‖ does not improve (no update is taken then), keep the top-k coefficients per column,
 * then spectral clustering of |C| + |C|ᵀ. No label enters any choice. @param x (n, d) samples as rows
 */
export async function deepSubspaceClustering(be: Backend, x: Tensor, k: number, o: DeepSubspaceClusteringOptions = {}): Promise<DeepSubspaceClusteringResult> {
  const { rows: n, cols: d } = x;
  const { model, encoderLayers } = dscAutoencoder(d, o.hidden ?? 32, o.latent ?? 8);
  const lr = o.lr ?? 0.01;
  if (!(lr > 0) || !Number.isFinite(lr)) throw new RangeError(`deep subspace clustering: learning rate must be positive, got ${lr}`);
  if (!(Number.isInteger(k) && k >= 2 && k <= n)) throw new RangeError(`deep subspace clustering: ${k} clusters do not fit ${n} samples`);
  const weights = model.init(be, new Rng(o.seed ?? 0));
  const y = be.keep(normalizeRows(be, x));
  const mask = be.keep(be.tidy(() => be.elementwise('scale', identity(be, n), null, -1, 1)));
  const c = be.keep(be.fill({ rows: n, cols: n }, 0));
  const pretrain = createOptimizer(be, { kind: 'adam', lr });
  // Adam moves every entry of C by about its rate at first, so CᵀZ moves by about n·rate·|z|: C's rate scales
  // as 50/n so the first steps do not overshoot (else the error rises at once and the label-free rule fires).
  const finetune = createOptimizer(be, { kind: 'adam', lr });
  const finetuneC = createOptimizer(be, { kind: 'adam', lr: (lr * 50) / n });
  const w: DscLossWeights = { gamma: o.gamma ?? 1, lambda: o.lambda ?? 0.1 };
  try {
    for (let e = 0; e < (o.pretrainEpochs ?? 100); e++) {
      be.tidy(() => pretrain.step(weights, dscLossAndGrads(be, model, encoderLayers, weights, c, mask, y, { gamma: 0, lambda: 0 }).grads));
    }
    const relativeErrors: number[] = [];
    const losses: number[] = [];
    let stopEpoch: number | null = null;
    let epochs = 0;
    for (let t = 1; t <= (o.maxEpochs ?? 200); t++) {
      const out = be.tidy(() => dscLossAndGrads(be, model, encoderLayers, weights, c, mask, y, w));
      const [err, loss] = await Promise.all([be.read(out.relativeError), be.read(out.loss)]);
      relativeErrors.push(err[0]);
      losses.push(loss[0]);
      stopEpoch = firstNonImprovement(relativeErrors);
      if (stopEpoch === null) {
        finetune.step(weights, out.grads);
        finetuneC.step([c], [out.gradC]);
        epochs++;
      }
      for (const tensor of [out.loss, out.relativeError, out.gradC, ...out.grads]) be.dispose(tensor);
      if (stopEpoch !== null) break;
      await o.onEpoch?.(t, c);
    }
    if (relativeErrors.some((v) => !Number.isFinite(v))) throw new Error('deep subspace clustering diverged (non-finite self-expression error); lower the learning rate');
    const s = await clusterCoefficients(be, c, k, { ...o, topK: o.topK });
    return { labels: s.labels, affinity: s.affinity, relativeErrors, losses, stopEpoch, epochs };
  } finally {
    pretrain.dispose();
    finetune.dispose();
    finetuneC.dispose();
    for (const t of [...weights, y, mask, c]) be.dispose(t);
  }
}
