// The grassmann page's features: a 64→hidden→10 digits MLP trained on the backend, its hidden ReLU activations read once.
import { loadDigits } from '../../data/datasets';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { splitDigits } from '../../learn/digitsSplit';
import { DenseParameterization } from '../../learn/parameterization';
import { createOptimizer } from '../../learn/optimizers';
import { Trainer, uploadDataset } from '../../learn/trainer';
import { activationForward, linearForward } from '../../learn/layers';
import type { RunContext } from '../framework/types';

export type DigitsFeatures = {
  hidden: number;
  /** (nTrain, hidden) and (nTest, hidden) row-major ReLU activations. */
  trainH: Float64Array;
  testH: Float64Array;
  trainY: Int32Array;
  testY: Int32Array;
  nTrain: number;
  nTest: number;
  /** Test accuracy of the softmax MLP the features come from. */
  softmaxAccuracy: number;
};

/** Trains the trunk (Adam, lr 0.01, batch 32) for `steps` steps and returns its hidden features on both splits. */
export async function digitsFeatures(ctx: RunContext, hidden: number, steps: number, trainPerClass: number, seed: number): Promise<DigitsFeatures> {
  const be = ctx.backend;
  const digits = splitDigits(await loadDigits(ctx.data), { testFraction: 0.25, seed, trainPerClass });
  const mlp = new Mlp([64, hidden, 10]);
  const param = new DenseParameterization(be, mlp.init(be, new Rng(seed)));
  const optimizer = createOptimizer(be, { kind: 'adam', lr: 0.01 });
  const train = uploadDataset(be, digits.trainX, digits.trainY, digits.features);
  const test = uploadDataset(be, digits.testX, digits.testY, digits.features);
  const trainer = new Trainer(be, mlp, param, optimizer, train, { batchSize: 32, seed, reportEvery: Math.max(10, steps), test });
  try {
    let softmaxAccuracy = 0;
    for await (const r of trainer.run(steps, ctx.signal)) softmaxAccuracy = r.testAccuracy ?? 0;
    const [W1, b1] = param.params;
    const hiddenOf = (X: typeof train.X) => be.tidy(() => activationForward(be, linearForward(be, X, W1, b1), 'relu'));
    const trainT = hiddenOf(train.X);
    const testT = hiddenOf(test.X);
    try {
      const [trainH, testH] = await Promise.all([be.read(trainT), be.read(testT)]);
      return { hidden, trainH, testH, trainY: digits.trainY, testY: digits.testY, nTrain: digits.nTrain, nTest: digits.nTest, softmaxAccuracy };
    } finally {
      be.dispose(trainT);
      be.dispose(testT);
    }
  } finally {
    trainer.dispose();
    optimizer.dispose();
    param.dispose();
    train.dispose();
    test.dispose();
  }
}
