// The paper's probe, in miniature: logistic regression on hidden states telling the source class from the target, trained on the backend.
import type { Backend, Tensor } from '../../engine/backend';
import { gatherRows } from '../../learn/gatherKernels';
import { Mlp } from '../../learn/mlp';
import { trainFromScratch } from '../../learn/trainFromScratch';

/** Probe class 0 is the source ("refusal"), class 1 the target ("acceptance"). */
export const PROBE_ACCEPT = 1;

/**
 * Trains a linear probe p(h) = softmax(h·Wᵀ + b) on the hidden states of the two classes (Adam, lr 0.01, batch 32).
 * @param hidden (n, h) hidden states; labels (n)
 * @returns weights [W (2, h), b (1, 2)] (owned by the caller) and the probe's accuracy on the states it was trained on
 */
export async function trainHiddenProbe(be: Backend, hidden: Tensor, labels: Int32Array, source: number, target: number, steps: number, seed: number, signal?: AbortSignal): Promise<{ weights: Tensor[]; accuracy: number }> {
  const rows: number[] = [];
  const y: number[] = [];
  labels.forEach((c, i) => {
    if (c === source || c === target) {
      rows.push(i);
      y.push(c === target ? PROBE_ACCEPT : 1 - PROBE_ACCEPT);
    }
  });
  const idx = be.upload(rows, { rows: rows.length, cols: 1 });
  const X = be.keep(gatherRows(be, hidden, idx, 0, rows.length));
  be.dispose(idx);
  const yt = be.keep(be.upload(y, { rows: rows.length, cols: 1 }));
  const data = { X, y: yt, n: rows.length, dispose: () => { be.dispose(X); be.dispose(yt); } };
  try {
    const trained = await trainFromScratch(be, new Mlp([hidden.cols, 2]), data, data, { steps, seed, signal });
    return { weights: trained.weights, accuracy: trained.testAccuracy };
  } finally {
    data.dispose();
  }
}
