// The digits dataset split for training: seeded and stratified by class, features scaled to [0, 1].
import type { Digits } from '../data/datasets';
import { Rng } from '../data/rng';

export type DigitsSplit = {
  features: number;
  classes: number;
  /** (nTrain, 64) row-major, pixel/16 ∈ [0, 1]. */
  trainX: Float32Array;
  trainY: Int32Array;
  testX: Float32Array;
  testY: Int32Array;
  nTrain: number;
  nTest: number;
};

export type DigitsSplitOptions = {
  /** Fraction of each class held out for testing (rounded per class). */
  testFraction: number;
  seed: number;
  /** Keep at most this many training samples per class (for quick runs); default all. */
  trainPerClass?: number;
};

/**
 * Per class: shuffle its samples with a seeded generator, hold out round(testFraction·count) for testing, keep
 * the rest (up to trainPerClass) for training. Both sets are then interleaved class by class in shuffled order.
 */
export function splitDigits(d: Digits, o: DigitsSplitOptions): DigitsSplit {
  if (!(o.testFraction > 0 && o.testFraction < 1)) throw new RangeError(`splitDigits: testFraction must be in (0, 1), got ${o.testFraction}`);
  const rng = new Rng(o.seed);
  const classes = 1 + d.y.reduce((m, v) => Math.max(m, v), 0);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  d.y.forEach((label, i) => byClass[label].push(i));
  const train: number[] = [];
  const test: number[] = [];
  for (const members of byClass) {
    rng.shuffle(members);
    const nTest = Math.round(o.testFraction * members.length);
    test.push(...members.slice(0, nTest));
    train.push(...members.slice(nTest, o.trainPerClass === undefined ? undefined : nTest + o.trainPerClass));
  }
  // Test first, so the test set does not depend on how much training data is kept.
  rng.shuffle(test);
  rng.shuffle(train);
  const take = (rows: number[]) => {
    const X = new Float32Array(rows.length * d.d);
    const y = new Int32Array(rows.length);
    rows.forEach((r, i) => {
      for (let j = 0; j < d.d; j++) X[i * d.d + j] = d.X[r * d.d + j] / 16;
      y[i] = d.y[r];
    });
    return { X, y };
  };
  const tr = take(train);
  const te = take(test);
  return { features: d.d, classes, trainX: tr.X, trainY: tr.y, testX: te.X, testY: te.y, nTrain: train.length, nTest: test.length };
}
