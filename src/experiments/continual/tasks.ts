// Split digits into 5 two-class tasks and the multi-head loss: task t reads only logits 2t and 2t+1 of a shared 10-way layer.
import type { Backend, Tensor } from '../../engine/backend';
import type { DigitsSplit } from '../../learn/digitsSplit';
import type { Mlp } from '../../learn/mlp';
import { softmaxCrossEntropy } from '../../learn/softmaxCrossEntropy';
import { uploadDataset, type DeviceDataset } from '../../learn/trainer';

export const TASKS = 5;

/** Task t's samples, labels shifted to 0/1 (class 2t → 0, 2t+1 → 1). */
export function taskDatasets(be: Backend, d: DigitsSplit): { train: DeviceDataset[]; test: DeviceDataset[] } {
  const pick = (X: Float32Array, y: Int32Array, t: number) => {
    const rows: number[] = [];
    y.forEach((label, i) => { if (Math.floor(label / 2) === t) rows.push(i); });
    const Xt = new Float32Array(rows.length * d.features);
    rows.forEach((r, i) => Xt.set(X.subarray(r * d.features, (r + 1) * d.features), i * d.features));
    return uploadDataset(be, Xt, rows.map((r) => y[r] - 2 * t), d.features);
  };
  const tasks = Array.from({ length: TASKS }, (_, t) => t);
  return { train: tasks.map((t) => pick(d.trainX, d.trainY, t)), test: tasks.map((t) => pick(d.testX, d.testY, t)) };
}

/** Task t's head: columns 2t, 2t+1 of the logits. */
function headLogits(be: Backend, logits: Tensor, task: number): Tensor {
  return be.slice(logits, 0, 2 * task, logits.rows, 2);
}

/**
 * Mean cross-entropy of task `task`'s 2-way head and its gradients (other heads get zero gradient).
 * @param x (B, 64); y (B, 1) in {0, 1}
 */
export function taskLossAndGrads(be: Backend, mlp: Mlp, weights: Tensor[], x: Tensor, y: Tensor, task: number): { grads: Tensor[]; rowStats: Tensor } {
  const { logits, cache } = mlp.forward(be, weights, x);
  const { grad, rowStats } = softmaxCrossEntropy(be, headLogits(be, logits, task), y);
  const classes = logits.cols;
  const embed = new Float64Array(2 * classes);
  embed[2 * task] = 1;
  embed[classes + 2 * task + 1] = 1;
  const dLogits = be.matmul(grad, be.upload(embed, { rows: 2, cols: classes }));
  return { grads: mlp.backward(be, weights, cache, dLogits), rowStats };
}

/** (1, 2): [Σ loss, Σ correct] of task `task`'s head on a dataset. */
export function taskSums(be: Backend, mlp: Mlp, weights: Tensor[], data: DeviceDataset, task: number): Tensor {
  const logits = mlp.forward(be, weights, data.X).logits;
  return be.reduce('sum', softmaxCrossEntropy(be, headLogits(be, logits, task), data.y).rowStats, 'perCol');
}
