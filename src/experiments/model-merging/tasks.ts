// The model-merging tasks: every digit class, seen through one fixed image transformation per task, uploaded once.
import { loadDigits } from '../../data/datasets';
import { splitDigits } from '../../learn/digitsSplit';
import { uploadDataset, type DeviceDataset } from '../../learn/trainer';
import type { Backend } from '../../engine/backend';
import type { RunContext } from '../framework/types';
import { shiftImages } from '../lora/pretrain';
import { copySegment } from '../../learn/gatherKernels';

/** A task's labelled train and test sets on the device. */
export type MergeTask = { name: string; train: DeviceDataset; test: DeviceDataset };

/** Each 8×8 image (rows of 64 pixels in [0, 1]) mapped through `pixel(y, x)` → the source pixel's index. */
function remap(X: Float32Array, source: (y: number, x: number) => number): Float32Array {
  const out = new Float32Array(X.length);
  for (let i = 0; i < X.length / 64; i++) for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) out[i * 64 + y * 8 + x] = X[i * 64 + source(y, x)];
  return out;
}

/** The images of one task: 'upright' (with the others, θ₀'s pretraining mixture), 'shift', 'flip', 'rotate' or 'invert'. */
export function transformImages(X: Float32Array, task: string): Float32Array {
  switch (task) {
    case 'upright': return X;
    case 'shift': return shiftImages(X);
    case 'flip': return remap(X, (y, x) => y * 8 + (7 - x));
    // 90° counter-clockwise: the output's row y, column x is the input's row x, column 7 − y
    case 'rotate': return remap(X, (y, x) => x * 8 + (7 - y));
    case 'invert': return X.map((v) => 1 - v);
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
