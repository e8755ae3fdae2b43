// The compression page's layer: W1 (h×64) of a digits MLP trained on the backend, with its inputs as calibration data.
import { loadDigits } from '../../data/datasets';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { splitDigits } from '../../learn/digitsSplit';
import { DenseParameterization } from '../../learn/parameterization';
import { createOptimizer } from '../../learn/optimizers';
import { Trainer, uploadDataset } from '../../learn/trainer';
import type { RunContext } from '../framework/types';

/** W (h×64); calibration inputs X (nCal×64, training digits) and held-out inputs Xtest (nTest×64). */
export type TrainedLayer = { W: Float64Array; m: number; n: number; X: Float64Array; nCal: number; Xtest: Float64Array; nTest: number; accuracy: number };

export async function trainedFirstLayer(ctx: RunContext, hidden: number, steps: number, calibration: number, seed: number): Promise<TrainedLayer> {
  const be = ctx.backend;
  const d = splitDigits(await loadDigits(ctx.data), { testFraction: 0.25, seed });
  const mlp = new Mlp([64, hidden, 10]);
  const param = new DenseParameterization(be, mlp.init(be, new Rng(seed)));
  const optimizer = createOptimizer(be, { kind: 'adam', lr: 0.01 });
  const train = uploadDataset(be, d.trainX, d.trainY, 64);
  const test = uploadDataset(be, d.testX, d.testY, 64);
  const trainer = new Trainer(be, mlp, param, optimizer, train, { batchSize: 32, seed, reportEvery: Math.max(10, steps), test });
  try {
    let accuracy = 0;
    for await (const r of trainer.run(steps, ctx.signal)) accuracy = r.testAccuracy ?? 0;
    const W = Float64Array.from(await be.read(param.params[0]));
    const nCal = Math.min(calibration, d.nTrain);
    return { W, m: hidden, n: 64, X: Float64Array.from(d.trainX.subarray(0, nCal * 64)), nCal, Xtest: Float64Array.from(d.testX), nTest: d.nTest, accuracy };
  } finally {
    trainer.dispose();
    optimizer.dispose();
    param.dispose();
    train.dispose();
    test.dispose();
  }
}
