// The spectrum page's "weights" source: a small digits MLP trained here for a few seeded steps, one layer's W.
import { loadDigits } from '../../data/datasets';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { splitDigits } from '../../learn/digitsSplit';
import { DenseParameterization } from '../../learn/parameterization';
import { createOptimizer } from '../../learn/optimizers';
import { Trainer, uploadDataset } from '../../learn/trainer';
import type { RunContext } from '../framework/types';

/** The net whose weights are factored: 64 → 32 → 32 → 10, so W1 is 32×64, W2 32×32, W3 10×32. */
export const WEIGHTS_NET = [64, 32, 32, 10] as const;
/** Adam steps of batch 32: enough to leave the random init's flat spectrum, quick on a software adapter. */
export const WEIGHTS_STEPS = 150;

/**
 * Trains the MLP on digits (Adam, lr 0.01, seeded by `seed`) and returns layer `layer`'s W (out, in), row-major.
 * @param layer 1-based layer index
 */
export async function trainedLayerWeights(ctx: RunContext, layer: number, seed: number): Promise<{ rows: number; cols: number; data: Float32Array; accuracy: number }> {
  const be = ctx.backend;
  const digits = splitDigits(await loadDigits(ctx.data), { testFraction: 0.2, seed });
  const mlp = new Mlp(WEIGHTS_NET);
  if (!(layer >= 1 && layer <= mlp.layers)) throw new RangeError(`layer ${layer} is not one of 1…${mlp.layers}`);
  const param = new DenseParameterization(be, mlp.init(be, new Rng(seed)));
  const optimizer = createOptimizer(be, { kind: 'adam', lr: 0.01 });
  const train = uploadDataset(be, digits.trainX, digits.trainY, digits.features);
  const test = uploadDataset(be, digits.testX, digits.testY, digits.features);
  const trainer = new Trainer(be, mlp, param, optimizer, train, { batchSize: 32, seed, reportEvery: WEIGHTS_STEPS, test });
  try {
    let accuracy = 0;
    for await (const r of trainer.run(WEIGHTS_STEPS, ctx.signal)) accuracy = r.testAccuracy ?? 0;
    const W = param.params[2 * (layer - 1)];
    return { rows: W.rows, cols: W.cols, data: Float32Array.from(await be.read(W)), accuracy };
  } finally {
    trainer.dispose();
    optimizer.dispose();
    param.dispose();
    train.dispose();
    test.dispose();
  }
}
