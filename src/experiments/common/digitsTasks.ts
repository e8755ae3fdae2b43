// Digits tasks on the device and models pretrained on them (the lora page's starting points; WeLore fine-tunes on the shifted task too).
import { loadDigits } from '../../data/datasets';
import type { Tensor } from '../../engine/backend';
import { splitDigits } from '../../learn/digitsSplit';
import { uploadDataset, type DeviceDataset } from '../../learn/trainer';
import { trainFromScratch, type InitModel } from '../../learn/trainFromScratch';
import type { RunContext } from '../framework/types';
import { shiftImages } from '../../data/digitTransforms';

/** Digits on the device (train and test): a pretraining task or a target for every method's fine-tuning. */
export type DigitsTask = { train: DeviceDataset; test: DeviceDataset; dispose(): void };


function subset(X: Float32Array, y: Int32Array, keep: (label: number) => boolean): { X: Float32Array; y: Int32Array } {
  const idx: number[] = [];
  y.forEach((label, i) => keep(label) && idx.push(i));
  const out = new Float32Array(idx.length * 64);
  idx.forEach((i, t) => out.set(X.subarray(i * 64, (i + 1) * 64), t * 64));
  return { X: out, y: Int32Array.from(idx, (i) => y[i]) };
}

/**
 * Uploads a target task from the seeded split (75% train, at most trainPerClass per class; 25% test): the digits
 * `keep` accepts, optionally shifted by one pixel.
 */
export async function digitsTask(ctx: RunContext, trainPerClass: number, seed: number, keep: (label: number) => boolean, shifted = false): Promise<DigitsTask> {
  const be = ctx.backend;
  const d = splitDigits(await loadDigits(ctx.data), { testFraction: 0.25, seed, trainPerClass });
  const tr = subset(d.trainX, d.trainY, keep);
  const te = subset(d.testX, d.testY, keep);
  const move = (X: Float32Array) => (shifted ? shiftImages(X) : X);
  const train = uploadDataset(be, move(tr.X), tr.y, 64);
  const test = uploadDataset(be, move(te.X), te.y, 64);
  return { train, test, dispose: () => { train.dispose(); test.dispose(); } };
}

/**
 * Trains `model` from its seeded init (Adam, lr 0.01, batch 32, `steps` steps) on the upright digits `keep` accepts
 * of the same split.
 * @returns the pretrained weights as kept tensors (the caller disposes them) and the test accuracy on those digits
 */
export async function pretrain(ctx: RunContext, model: InitModel, steps: number, trainPerClass: number, seed: number, keep: (label: number) => boolean): Promise<{ weights: Tensor[]; sourceAccuracy: number }> {
  const task = await digitsTask(ctx, trainPerClass, seed, keep);
  try {
    const { weights, testAccuracy } = await trainFromScratch(ctx.backend, model, task.train, task.test, { steps, seed, signal: ctx.signal });
    return { weights, sourceAccuracy: testAccuracy };
  } finally {
    task.dispose();
  }
}
