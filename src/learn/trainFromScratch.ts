// Dense training from a model's seeded init with Adam on device datasets: the pretraining several pages share.
import type { Backend, Tensor } from '../engine/backend';
import { Rng } from '../data/rng';
import type { Model } from './model';
import { DenseParameterization } from './parameterization';
import { createOptimizer } from './optimizers';
import { Trainer, type DeviceDataset } from './trainer';

/** A model that uploads its own initial weights (Mlp, ConvNet). */
export type InitModel = Model & { init(be: Backend, rng: Rng): Tensor[] };

/**
 * Adam (lr 0.01, batch 32) for `steps` steps from model.init(be, Rng(seed)); the Trainer shuffles with `seed` too and
 * evaluates `test` once, at the end.
 * @returns the trained weights (kept: the caller disposes them) and the test accuracy
 */
export async function trainFromScratch(be: Backend, model: InitModel, train: DeviceDataset, test: DeviceDataset, o: { steps: number; seed: number; signal?: AbortSignal }): Promise<{ weights: Tensor[]; testAccuracy: number }> {
  const param = new DenseParameterization(be, model.init(be, new Rng(o.seed)));
  const optimizer = createOptimizer(be, { kind: 'adam', lr: 0.01 });
  const trainer = new Trainer(be, model, param, optimizer, train, { batchSize: 32, seed: o.seed, reportEvery: Math.max(10, o.steps), test });
  try {
    let testAccuracy = 0;
    for await (const r of trainer.run(o.steps, o.signal)) testAccuracy = r.testAccuracy ?? 0;
    // the parameterization hands its tensors to the caller
    return { weights: param.params.splice(0), testAccuracy };
  } finally {
    trainer.dispose();
    optimizer.dispose();
    param.dispose();
  }
}
