// The grassmann page's features: a 64→hidden→10 digits MLP trained on the backend, its hidden ReLU activations kept there.
import { loadDigits } from '../../data/datasets';
import { Mlp } from '../../learn/mlp';
import { splitDigits } from '../../learn/digitsSplit';
import { uploadDataset, type DeviceDataset } from '../../learn/trainer';
import { trainFromScratch } from '../../learn/trainFromScratch';
import { activationForward, linearForward } from '../../learn/layers';
import type { Tensor } from '../../engine/backend';
import type { RunContext } from '../framework/types';

export type DigitsFeatures = {
  hidden: number;
  /** Hidden ReLU activations X (n, hidden) and labels y (n, 1) on the device, kept until dispose(). */
  train: DeviceDataset;
  test: DeviceDataset;
  trainY: Int32Array;
  testY: Int32Array;
  nTrain: number;
  nTest: number;
  /** Test accuracy of the softmax MLP the features come from. */
  softmaxAccuracy: number;
  dispose(): void;
};

/** Trains the trunk (Adam, lr 0.01, batch 32) for `steps` steps; its hidden features on both splits stay on the device. */
export async function digitsFeatures(ctx: RunContext, hidden: number, steps: number, trainPerClass: number, seed: number): Promise<DigitsFeatures> {
  const be = ctx.backend;
  const digits = splitDigits(await loadDigits(ctx.data), { testFraction: 0.25, seed, trainPerClass });
  const train = uploadDataset(be, digits.trainX, digits.trainY, digits.features);
  const test = uploadDataset(be, digits.testX, digits.testY, digits.features);
  let weights: Tensor[] = [];
  let trainH: Tensor | null = null;
  let testH: Tensor | null = null;
  try {
    const trained = await trainFromScratch(be, new Mlp([64, hidden, 10]), train, test, { steps, seed, signal: ctx.signal });
    weights = trained.weights;
    const [W1, b1] = weights;
    const hiddenOf = (X: Tensor) => be.keep(be.tidy(() => activationForward(be, linearForward(be, X, W1, b1), 'relu')));
    trainH = hiddenOf(train.X);
    testH = hiddenOf(test.X);
    const features = (X: Tensor, y: Tensor, n: number): DeviceDataset => ({ X, y, n, dispose: () => { be.dispose(X); be.dispose(y); } });
    const out: DigitsFeatures = {
      hidden, train: features(trainH, train.y, train.n), test: features(testH, test.y, test.n),
      trainY: digits.trainY, testY: digits.testY, nTrain: digits.nTrain, nTest: digits.nTest, softmaxAccuracy: trained.testAccuracy,
      dispose: () => { out.train.dispose(); out.test.dispose(); },
    };
    trainH = testH = null;
    return out;
  } catch (e) {
    // the labels stay with the features on success; on failure everything goes
    if (trainH) be.dispose(trainH);
    if (testH) be.dispose(testH);
    be.dispose(train.y);
    be.dispose(test.y);
    throw e;
  } finally {
    for (const t of weights) be.dispose(t);
    be.dispose(train.X);
    be.dispose(test.X);
  }
}
