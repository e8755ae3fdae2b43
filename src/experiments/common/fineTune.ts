// One fine-tuning run on a digits task through weight adapters, on the backend: Adam, the same seeded batches for every method (lora and galore/WeLore pages).
import type { Backend, Tensor } from '../../engine/backend';
import { readAndDispose } from '../../engine/readback';
import { Rng } from '../../data/rng';
import { createOptimizer } from '../../learn/optimizers';
import { Trainer } from '../../learn/trainer';
import type { Model } from '../../learn/model';
import { AdaptedParameterization, type WeightAdapter } from '../../learn/adapters/weightAdapter';
import type { DigitsTask } from './digitsTasks';

export const BATCH = 32;

export type FineTuneOptions = { steps: number; lr: number; seed: number; signal: AbortSignal };

/** Test accuracy on 5–9, trainable scalars, and the adapted weight's final value (host). */
export type FineTuneResult = { accuracy: number; trainable: number; adapted: Float64Array };

/**
 * Trains every adapter's θ with Adam for `steps` steps (batch 32; the Trainer's shuffle is seeded, so every method
 * sees the same batches). Takes ownership of the adapters.
 * @param adaptedIndex the weight whose final value is returned (the one the methods differ on)
 */
export async function fineTune(be: Backend, model: Model, adapters: WeightAdapter[], task: DigitsTask, adaptedIndex: number, o: FineTuneOptions): Promise<FineTuneResult> {
  const param = new AdaptedParameterization(adapters);
  const optimizer = createOptimizer(be, { kind: 'adam', lr: o.lr });
  const trainer = new Trainer(be, model, param, optimizer, task.train, { batchSize: BATCH, seed: o.seed, reportEvery: Math.max(10, o.steps), test: task.test });
  try {
    let accuracy = 0;
    for await (const r of trainer.run(o.steps, o.signal)) accuracy = r.testAccuracy ?? 0;
    // a copy: the weight may alias θ
    const adapted = await readAndDispose(be, be.tidy(() => be.elementwise('scale', param.adapters[adaptedIndex].weight(), null, 1)));
    return { accuracy, trainable: param.trainableCount(), adapted };
  } finally {
    trainer.dispose();
    optimizer.dispose();
    param.dispose();
  }
}

/** The rows of the Trainer's first batch for this seed (it shuffles 0…n−1 with Rng(seed) and takes the first B). */
export function firstBatchRows(n: number, seed: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  new Rng(seed).shuffle(order);
  return order.slice(0, BATCH);
}

/** cos(a − base, b − base) of two adapted weights against the pretrained one. */
export function deltaCosine(a: Float64Array, b: Float64Array, base: Float64Array): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < base.length; i++) {
    const da = a[i] - base[i];
    const db = b[i] - base[i];
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return ab / Math.sqrt(aa * bb || 1);
}

/** A kept copy of the tensors' values as host arrays, for the cosine baselines. */
export async function readAll(be: Backend, ts: Tensor[]): Promise<Float64Array[]> {
  return Promise.all(ts.map((t) => be.read(t)));
}
