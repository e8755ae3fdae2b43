// The source generator: an autoencoder trained on digits on the backend; its decoder maps latents to 8×8 images.
import type { Backend, Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { createOptimizer } from '../../learn/optimizers';
import { gatherRows } from '../../learn/gatherKernels';
import { disposeAll, initTwoLayer, twoLayerBackward, twoLayerForward, type TwoLayerWeights } from './twoLayerNet';

const BATCH = 32;

export type SourceAutoencoder = {
  /** 64 → hidden → latent */
  encoder: TwoLayerWeights;
  /** latent → hidden → 64: the source generator G */
  decoder: TwoLayerWeights;
  /** Mean squared reconstruction error per pixel on the held-out images. */
  testMse: number;
  dispose(): void;
};

/** Squared error summed over pixels, averaged over rows: (1, 1); and its gradient 2(x̂ − x)/B. */
function reconstructionLoss(be: Backend, xhat: Tensor, x: Tensor): { loss: Tensor; grad: Tensor } {
  const diff = be.elementwise('add', xhat, x, 1, -1);
  return { loss: be.elementwise('scale', be.reduce('sumSquares', diff, 'all'), null, 1 / x.rows, 0), grad: be.elementwise('scale', diff, null, 2 / x.rows, 0) };
}

/**
 * Adam (lr 0.01, batch 32, seeded epochs) on encoder and decoder together, minimizing ‖D(E(x)) − x‖².
 * @param trainX (n, 64) and testX (m, 64) on the device
 */
export async function trainSourceAutoencoder(
  be: Backend, trainX: Tensor, testX: Tensor, o: { hidden: number; latent: number; steps: number; seed: number; signal?: AbortSignal },
): Promise<SourceAutoencoder> {
  const rng = new Rng(o.seed);
  const encoder = initTwoLayer(be, rng, [64, o.hidden, o.latent]);
  const decoder = initTwoLayer(be, rng, [o.latent, o.hidden, 64]);
  const params = [...encoder, ...decoder];
  const optimizer = createOptimizer(be, { kind: 'adam', lr: 0.01 });
  // one upload of every batch's row numbers: seeded epochs, the last partial batch dropped
  const perEpoch = Math.floor(trainX.rows / BATCH);
  if (perEpoch < 1) throw new RangeError(`the autoencoder needs at least ${BATCH} training digits, got ${trainX.rows}`);
  const order: number[] = [];
  while (order.length < o.steps * BATCH) {
    const epoch = rng.shuffle(Array.from({ length: trainX.rows }, (_, i) => i)) as number[];
    order.push(...epoch.slice(0, perEpoch * BATCH));
  }
  const indices = be.upload(order.slice(0, o.steps * BATCH), { rows: o.steps * BATCH, cols: 1 });
  try {
    for (let step = 0; step < o.steps; step++) {
      if (o.signal?.aborted) throw new Error('cancelled while pretraining the autoencoder');
      be.tidy(() => {
        const x = gatherRows(be, trainX, indices, step * BATCH, BATCH);
        const enc = twoLayerForward(be, encoder, x);
        const dec = twoLayerForward(be, decoder, enc.out);
        const { grad } = reconstructionLoss(be, dec.out, x);
        const back = twoLayerBackward(be, decoder, dec.cache, grad, true);
        const front = twoLayerBackward(be, encoder, enc.cache, back.dx!, false);
        optimizer.step(params, [...front.grads, ...back.grads]);
      });
      // a macrotask now and then lets a stop request arrive while the cpu backend computes synchronously
      if (step % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const mse = be.tidy(() => reconstructionLoss(be, twoLayerForward(be, decoder, twoLayerForward(be, encoder, testX).out).out, testX).loss);
    const testMse = (await be.read(mse))[0] / 64;
    be.dispose(mse);
    return { encoder, decoder, testMse, dispose: () => disposeAll(be, params) };
  } catch (e) {
    disposeAll(be, params);
    throw e;
  } finally {
    be.dispose(indices);
    optimizer.dispose();
  }
}
