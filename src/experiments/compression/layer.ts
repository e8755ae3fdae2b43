// The compression page's layer: W1 (h×64) of a digits MLP trained on the backend, with its inputs as calibration data.
import { loadDigits } from '../../data/datasets';
import { Mlp } from '../../learn/mlp';
import { splitDigits } from '../../learn/digitsSplit';
import { uploadDataset } from '../../learn/trainer';
import { trainFromScratch } from '../../learn/trainFromScratch';
import type { RunContext } from '../framework/types';

/** W (h×64); calibration inputs X (nCal×64, training digits) and held-out inputs Xtest (nTest×64). */
export type TrainedLayer = { W: Float64Array; m: number; n: number; X: Float64Array; nCal: number; Xtest: Float64Array; nTest: number; accuracy: number };

export async function trainedFirstLayer(ctx: RunContext, hidden: number, steps: number, calibration: number, seed: number): Promise<TrainedLayer> {
  const be = ctx.backend;
  const d = splitDigits(await loadDigits(ctx.data), { testFraction: 0.25, seed });
  const train = uploadDataset(be, d.trainX, d.trainY, 64);
  const test = uploadDataset(be, d.testX, d.testY, 64);
  try {
    const { weights, testAccuracy } = await trainFromScratch(be, new Mlp([64, hidden, 10]), train, test, { steps, seed, signal: ctx.signal });
    const W = Float64Array.from(await be.read(weights[0]));
    for (const t of weights) be.dispose(t);
    const nCal = Math.min(calibration, d.nTrain);
    return { W, m: hidden, n: 64, X: Float64Array.from(d.trainX.subarray(0, nCal * 64)), nCal, Xtest: Float64Array.from(d.testX), nTest: d.nTest, accuracy: testAccuracy };
  } finally {
    train.dispose();
    test.dispose();
  }
}
