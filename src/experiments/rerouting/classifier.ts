// The attacked model: a 64→h→h→10 digits MLP trained on the backend, its first hidden layer on the training set, and the test digits it gets right.
import { loadDigits } from '../../data/datasets';
import type { Backend, Tensor } from '../../engine/backend';
import { readAndDispose } from '../../engine/readback';
import { gatherRows } from '../../learn/gatherKernels';
import { activationForward, linearForward } from '../../learn/layers';
import { Mlp } from '../../learn/mlp';
import { splitDigits } from '../../learn/digitsSplit';
import { uploadDataset } from '../../learn/trainer';
import { trainFromScratch } from '../../learn/trainFromScratch';
import type { RunContext } from '../framework/types';

export type DigitsClassifier = {
  mlp: Mlp;
  /** [W1, b1, W2, b2, W3, b3] on the device. */
  weights: Tensor[];
  /** (nTrain, h) first-layer ReLU states of the training digits. */
  trainHidden: Tensor;
  trainY: Int32Array;
  testAccuracy: number;
  /** (B, 64) correctly classified test digits of the source class (B ≤ the requested count). */
  attacked: Tensor;
  dispose(): void;
};

/**
 * First-layer hidden states relu(x·W1ᵀ + b1).
 * @param X (n, 64) @returns (n, h)
 */
export function firstHidden(be: Backend, weights: Tensor[], X: Tensor): Tensor {
  return be.tidy(() => activationForward(be, linearForward(be, X, weights[0], weights[1]), 'relu'));
}

/** Test rows of class `source` the model classifies correctly, at most `count`, in split order. */
async function correctRowsOf(be: Backend, mlp: Mlp, weights: Tensor[], X: Tensor, yDevice: Tensor, y: Int32Array, source: number, count: number): Promise<number[]> {
  const stats = await readAndDispose(be, be.tidy(() => mlp.rowStats(be, weights, X, yDevice)));
  const rows: number[] = [];
  for (let i = 0; i < y.length && rows.length < count; i++) if (y[i] === source && stats[2 * i + 1] === 1) rows.push(i);
  return rows;
}

/**
 * Trains the classifier (Adam lr 0.01, batch 32, seeded) and picks the digits to attack.
 * @param o.source the attacked class; o.samples the most digits attacked
 */
export async function trainDigitsClassifier(ctx: RunContext, o: { hidden: number; steps: number; source: number; samples: number; seed: number }): Promise<DigitsClassifier> {
  const be = ctx.backend;
  const digits = splitDigits(await loadDigits(ctx.data), { testFraction: 0.25, seed: o.seed });
  const train = uploadDataset(be, digits.trainX, digits.trainY, digits.features);
  const test = uploadDataset(be, digits.testX, digits.testY, digits.features);
  const mlp = new Mlp([digits.features, o.hidden, o.hidden, digits.classes]);
  let weights: Tensor[] = [];
  try {
    const trained = await trainFromScratch(be, mlp, train, test, { steps: o.steps, seed: o.seed, signal: ctx.signal });
    weights = trained.weights;
    const rows = await correctRowsOf(be, mlp, weights, test.X, test.y, digits.testY, o.source, o.samples);
    if (!rows.length) throw new RangeError(`the classifier gets no test digit ${o.source} right; train it longer`);
    const idx = be.upload(rows, { rows: rows.length, cols: 1 });
    const attacked = be.keep(gatherRows(be, test.X, idx, 0, rows.length));
    be.dispose(idx);
    const trainHidden = be.keep(firstHidden(be, weights, train.X));
    const kept = weights;
    weights = [];
    return {
      mlp, weights: kept, trainHidden, trainY: digits.trainY, testAccuracy: trained.testAccuracy, attacked,
      dispose: () => { for (const t of [...kept, trainHidden, attacked]) be.dispose(t); },
    };
  } finally {
    for (const t of weights) be.dispose(t);
    train.dispose();
    test.dispose();
  }
}
