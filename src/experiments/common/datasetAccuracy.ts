// Accuracy of given weights on a device dataset, in one readback.
import type { Backend, Tensor } from '../../engine/backend';
import { readAndDispose } from '../../engine/readback';
import type { Model } from '../../learn/model';
import type { DeviceDataset } from '../../learn/trainer';

export async function datasetAccuracy(be: Backend, model: Model, weights: Tensor[], data: DeviceDataset): Promise<number> {
  const sums = await readAndDispose(be, be.tidy(() => be.reduce('sum', model.rowStats(be, weights, data.X, data.y), 'perCol')));
  return sums[1] / data.n;
}
