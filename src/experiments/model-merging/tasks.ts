// The model-merging tasks: every digit class, seen through one fixed image transformation per task, uploaded once.
import { loadDigits } from '../../data/datasets';
import { splitDigits } from '../../learn/digitsSplit';
import { uploadDataset, type DeviceDataset } from '../../learn/trainer';
import type { Backend } from '../../engine/backend';
import type { RunContext } from '../framework/types';
import { invertImages, mirrorImages, rotateImages, shiftImages } from '../../data/digitTransforms';
import { copySegment } from '../../learn/gatherKernels';

/** A task's labelled train and test sets on the device. */
export type MergeTask = { name: string; train: DeviceDataset; test: DeviceDataset };

/** The images of one task: 'upright' (with the others, θ₀'s pretraining mixture), 'shift', 'flip', 'rotate' or 'invert'. */
export function transformImages(X: Float32Array, task: string): Float32Array {
  switch (task) {
    case 'upright': return X;
    case 'shift': return shiftImages(X);
    case 'flip': return mirrorImages(X);
    case 'rotate': return rotateImages(X);
    case 'invert': return invertImages(X);
    default: throw new RangeError(`unknown task “${task}”: expected upright, shift, flip, rotate or invert`);
  }
}

/**
 * Uploads every named task from one seeded split (25% test; at most trainPerClass training digits per class), so the
 * tasks share their digits and differ only in the transformation.
 */
export async function uploadTasks(ctx: RunContext, names: readonly string[], trainPerClass: number, seed: number): Promise<{ tasks: MergeTask[]; dispose(): void }> {
  const be: Backend = ctx.backend;
  const d = splitDigits(await loadDigits(ctx.data), { testFraction: 0.25, seed, trainPerClass });
  const tasks: MergeTask[] = [];
  const dispose = () => tasks.forEach((t) => { t.train.dispose(); t.test.dispose(); });
  try {
    for (const name of names) {
      const trainX = transformImages(d.trainX, name);
      const testX = transformImages(d.testX, name);
      const train = uploadDataset(be, trainX, d.trainY, 64);
      tasks.push({ name, train, test: uploadDataset(be, testX, d.testY, 64) });
    }
  } catch (e) {
    dispose();
    throw e;
  }
  return { tasks, dispose };
}

/** The train sets of several tasks stacked into one labelled dataset (θ₀'s pretraining mixture); test: the first task's. */
export function mixedTask(be: Backend, parts: readonly MergeTask[]): MergeTask {
  const n = parts.reduce((s, t) => s + t.train.n, 0);
  const X = be.keep(be.fill({ rows: n, cols: 64 }, 0));
  const y = be.keep(be.fill({ rows: n, cols: 1 }, 0));
  let at = 0;
  for (const t of parts) {
    copySegment(be, t.train.X, 0, X, at * 64, t.train.n * 64);
    copySegment(be, t.train.y, 0, y, at, t.train.n);
    at += t.train.n;
  }
  return { name: parts.map((t) => t.name).join('+'), train: { X, y, n, dispose: () => { be.dispose(X); be.dispose(y); } }, test: parts[0].test };
}
