// WaLLoC's compressed-learning point, scaled down: a digits classifier on 16 rounded latents vs one on 4×4 downsampled pixels.
import type { Backend, Tensor } from '../../engine/backend';
import { loadDigits, type ByteSource } from '../../data/datasets';
import { splitDigits } from '../../learn/digitsSplit';
import { Mlp } from '../../learn/mlp';
import { trainFromScratch } from '../../learn/trainFromScratch';
import { uploadDataset } from '../../learn/trainer';
import { haarForward, haarPacket2d } from './haar';
import { principalBasis } from './pca';

/** Both inputs have this many numbers per digit. */
export const CLASSIFIER_INPUTS = 16;

/** 2×2 block averages of 8×8 digits: (n, 64) → (n, 16). */
export function downsampleDigits(x: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * 16);
  for (let i = 0; i < n; i++) for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) out[i * 16 + (r >> 1) * 4 + (c >> 1)] += x[i * 64 + r * 8 + c] / 4;
  return out;
}

/**
 * Linear encoder fitted on the training digits: 16 principal directions of their centered Haar coefficients, times s,
 * rounded to integers (then divided by s so the classifier sees the coefficients' scale).
 * @returns train and test latents, (n, 16) each
 */
async function roundedLatents(be: Backend, train: Float32Array, test: Float32Array, scale: number): Promise<[Float64Array, Float64Array]> {
  const h = be.upload(haarPacket2d(), { rows: 64, cols: 64 });
  const owned: Tensor[] = [h];
  try {
    const coef = (x: Float32Array) => owned[owned.push(be.tidy(() => haarForward(be, be.upload(x, { rows: x.length / 64, cols: 64 }), h))) - 1];
    const yTrain = coef(train);
    const yTest = coef(test);
    const mean = owned[owned.push(be.tidy(() => be.elementwise('scale', be.reduce('sum', yTrain, 'perCol'), null, 1 / yTrain.rows))) - 1];
    const centered = (y: Tensor) => owned[owned.push(be.tidy(() => be.elementwise('add', y, mean, 1, -1))) - 1];
    const cTrain = centered(yTrain);
    const { basis } = await principalBasis(be, cTrain, CLASSIFIER_INPUTS);
    owned.push(basis);
    const encode = async (y: Tensor) => {
      const z = be.tidy(() => be.matmul(y, basis));
      const v = await be.read(z);
      be.dispose(z);
      return v.map((t) => Math.round(t * scale) / scale);
    };
    return [await encode(cTrain), await encode(centered(yTest))];
  } finally {
    for (const t of owned) be.dispose(t);
  }
}

/**
 * Trains the same 16-32-10 MLP (Adam, batch 32, seeded) on each input and reports the test accuracies.
 * @returns accuracy on rounded latents and on downsampled pixels
 */
export async function compressedLearning(be: Backend, src: ByteSource, o: { steps: number; scale: number; seed: number; signal?: AbortSignal }): Promise<{ latent: number; downsampled: number }> {
  const split = splitDigits(await loadDigits(src), { testFraction: 0.3, seed: o.seed });
  const [zTrain, zTest] = await roundedLatents(be, split.trainX, split.testX, o.scale);
  const inputs: Record<'latent' | 'downsampled', [Float64Array, Float64Array]> = {
    latent: [zTrain, zTest],
    downsampled: [downsampleDigits(split.trainX, split.nTrain), downsampleDigits(split.testX, split.nTest)],
  };
  const accuracy = { latent: 0, downsampled: 0 };
  for (const key of ['latent', 'downsampled'] as const) {
    const train = uploadDataset(be, inputs[key][0], split.trainY, CLASSIFIER_INPUTS);
    const test = uploadDataset(be, inputs[key][1], split.testY, CLASSIFIER_INPUTS);
    try {
      const r = await trainFromScratch(be, new Mlp([CLASSIFIER_INPUTS, 32, 10]), train, test, { steps: o.steps, seed: o.seed, signal: o.signal });
      for (const w of r.weights) be.dispose(w);
      accuracy[key] = r.testAccuracy;
    } finally {
      train.dispose();
      test.dispose();
    }
  }
  return accuracy;
}
