// θ₀ pretrained on a mixture of every task's digits, one fine-tune of its hidden layers per task, and the task vectors τᵢ = θᵢ − θ₀ as rows of one matrix.
import type { Backend, Tensor } from '../../engine/backend';
import { Mlp } from '../../learn/mlp';
import { AdaptedParameterization, frozenAdapter, fullAdapter } from '../../learn/adapters/weightAdapter';
import { createOptimizer } from '../../learn/optimizers';
import { Trainer } from '../../learn/trainer';
import { trainFromScratch } from '../../learn/trainFromScratch';
import { flatten, unflatten } from '../../learn/flatParams';
import { reshape } from '../../learn/gatherKernels';
import type { MergeTask } from './tasks';

/** A flat parameter vector θ as a (1, D) row: [vec W₁, b₁, vec W₂, b₂] in the Mlp's weight order. */
export function flatRow(be: Backend, weights: readonly Tensor[]): Tensor {
  const flat = flatten(be, weights);
  return reshape(be, flat, { rows: 1, cols: flat.rows });
}

/** The Mlp's weights [W₁, b₁, W₂, b₂] from a (1, D) row (new tensors; call inside tidy). */
export function rowWeights(be: Backend, mlp: Mlp, theta: Tensor): Tensor[] {
  return unflatten(be, theta, mlp.weightShapes);
}

/**
 * Fine-tunes the hidden layers of `mlp` from θ₀ on one task (Adam, batch 32, seeded shuffles) while the classifier
 * (the last W, b) stays θ₀'s, as CLIP's text-derived heads stay fixed in the paper: τ is zero on the head.
 * @param theta0 (1, D), left untouched
 * @returns τ = θ − θ₀ as a kept (1, D) row
 */
export async function fineTuneTaskVector(be: Backend, mlp: Mlp, theta0: Tensor, task: MergeTask, o: { steps: number; lr: number; seed: number; signal: AbortSignal }): Promise<Tensor> {
  const start = be.tidy(() => rowWeights(be, mlp, theta0));
  const head = start.length - 2;
  const param = new AdaptedParameterization(start.map((w, i) => (i < head ? fullAdapter(be, w) : frozenAdapter(be, w))));
  start.forEach((w) => be.dispose(w));
  const optimizer = createOptimizer(be, { kind: 'adam', lr: o.lr });
  const trainer = new Trainer(be, mlp, param, optimizer, task.train, { batchSize: 32, seed: o.seed, reportEvery: Math.max(10, o.steps) });
  try {
    for await (const _ of trainer.run(o.steps, o.signal)) void _;
    return be.keep(be.tidy(() => be.elementwise('add', flatRow(be, param.weights()), theta0, 1, -1)));
  } finally {
    trainer.dispose();
    optimizer.dispose();
    param.dispose();
  }
}

/**
 * θ₀: the Mlp trained from its seeded init on `pretraining` (trainFromScratch: Adam, lr 0.01, batch 32).
 * @returns θ₀ as a kept (1, D) row and its accuracy on pretraining.test
 */
export async function pretrainTheta0(be: Backend, mlp: Mlp, pretraining: MergeTask, o: { steps: number; seed: number; signal: AbortSignal }): Promise<{ theta0: Tensor; accuracy: number }> {
  const pre = await trainFromScratch(be, mlp, pretraining.train, pretraining.test, { steps: o.steps, seed: o.seed, signal: o.signal });
  const theta0 = be.keep(be.tidy(() => flatRow(be, pre.weights)));
  pre.weights.forEach((w) => be.dispose(w));
  return { theta0, accuracy: pre.testAccuracy };
}
