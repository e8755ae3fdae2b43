// The lora page's starting points: a model pretrained on the backend on digits 0–4 only, and the 5–9 task uploaded once.
import { loadDigits } from '../../data/datasets';
import { Rng } from '../../data/rng';
import type { Tensor } from '../../engine/backend';
import type { Model } from '../../learn/model';
import { splitDigits } from '../../learn/digitsSplit';
import { DenseParameterization } from '../../learn/parameterization';
import { createOptimizer } from '../../learn/optimizers';
import { Trainer, uploadDataset, type DeviceDataset } from '../../learn/trainer';
import type { RunContext } from '../framework/types';

/** Digits 5–9 on the device (train and test), for every method's fine-tuning. */
export type TargetTask = { train: DeviceDataset; test: DeviceDataset; dispose(): void };

/** A model that can upload its initial weights (Mlp, ConvNet). */
export type InitModel = Model & { init(be: RunContext['backend'], rng: Rng): Tensor[] };

function subset(X: Float32Array, y: Int32Array, keep: (label: number) => boolean): { X: Float32Array; y: Int32Array } {
  const idx: number[] = [];
  y.forEach((label, i) => keep(label) && idx.push(i));
  const out = new Float32Array(idx.length * 64);
  idx.forEach((i, t) => out.set(X.subarray(i * 64, (i + 1) * 64), t * 64));
  return { X: out, y: Int32Array.from(idx, (i) => y[i]) };
}

/** Uploads digits 5–9 of the seeded split (75% train, at most trainPerClass per class; 25% test). */
export async function targetTask(ctx: RunContext, trainPerClass: number, seed: number): Promise<TargetTask> {
  const be = ctx.backend;
  const d = splitDigits(await loadDigits(ctx.data), { testFraction: 0.25, seed, trainPerClass });
  const tr = subset(d.trainX, d.trainY, (l) => l >= 5);
  const te = subset(d.testX, d.testY, (l) => l >= 5);
  const train = uploadDataset(be, tr.X, tr.y, 64);
  const test = uploadDataset(be, te.X, te.y, 64);
  return { train, test, dispose: () => { train.dispose(); test.dispose(); } };
}

/**
 * Adam (lr 0.01, batch 32) for `steps` steps on digits 0–4 of the same split.
 * @returns the pretrained weights as kept tensors (the caller disposes them) and the 0–4 test accuracy
 */
export async function pretrainOnLowDigits(ctx: RunContext, model: InitModel, steps: number, trainPerClass: number, seed: number): Promise<{ weights: Tensor[]; sourceAccuracy: number }> {
  const be = ctx.backend;
  const d = splitDigits(await loadDigits(ctx.data), { testFraction: 0.25, seed, trainPerClass });
  const low = subset(d.trainX, d.trainY, (l) => l < 5);
  const lowTest = subset(d.testX, d.testY, (l) => l < 5);
  const param = new DenseParameterization(be, model.init(be, new Rng(seed)));
  const optimizer = createOptimizer(be, { kind: 'adam', lr: 0.01 });
  const train = uploadDataset(be, low.X, low.y, 64);
  const test = uploadDataset(be, lowTest.X, lowTest.y, 64);
  const trainer = new Trainer(be, model, param, optimizer, train, { batchSize: 32, seed, reportEvery: Math.max(10, steps), test });
  try {
    let sourceAccuracy = 0;
    for await (const r of trainer.run(steps, ctx.signal)) sourceAccuracy = r.testAccuracy ?? 0;
    // the parameterization gives up its tensors to the caller
    const weights = param.params.splice(0);
    return { weights, sourceAccuracy };
  } finally {
    trainer.dispose();
    optimizer.dispose();
    param.dispose();
    train.dispose();
    test.dispose();
  }
}
