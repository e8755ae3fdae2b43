// A stratified digits split uploaded once: host arrays plus the device datasets (the alignment and hydra pages share it).
import { loadDigits } from '../data/datasets';
import { splitDigits, type DigitsSplit } from './digitsSplit';
import { uploadDataset, type DeviceDataset } from './trainer';
import type { Backend, Tensor } from '../engine/backend';
import type { ByteSource } from '../data/datasets';

/** A stratified split (a quarter of each class held out), uploaded once. */
export type UploadedDigits = DigitsSplit & { train: DeviceDataset; test: DeviceDataset; dispose(): void };

/**
 * @param trainPerClass at most this many training digits per class @returns train (≤ 10·trainPerClass, 64) and test
 * (about 450, 64) on the device, pixels scaled to [0, 1]
 */
export async function uploadDigitsSplit(be: Backend, data: ByteSource, trainPerClass: number, seed: number): Promise<UploadedDigits> {
  const split = splitDigits(await loadDigits(data), { testFraction: 0.25, seed, trainPerClass });
  const train = uploadDataset(be, split.trainX, split.trainY, split.features);
  const test = uploadDataset(be, split.testX, split.testY, split.features);
  return { ...split, train, test, dispose: () => { train.dispose(); test.dispose(); } };
}

/** A device dataset view of features that already live on the backend (labels borrowed, nothing owned). */
export function featureDataset(X: Tensor, labels: DeviceDataset): DeviceDataset {
  return { X, y: labels.y, n: labels.n, dispose: () => {} };
}
