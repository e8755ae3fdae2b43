// Projection head (Xue et al. 2024, toy): contrastive training of encoder + head, then linear probes per layer.
import type { Backend, Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { createOptimizer } from '../../learn/optimizers';
import { trainFromScratch } from '../../learn/trainFromScratch';
import { activationForward, linearForward } from '../../learn/layers';
import type { Metrics } from '../framework/types';
import { PROJECTION_LAYERS } from './projectionLayers';
import { featureDataset, type UploadedDigits } from '../../learn/uploadedDigits';
import { augmentDigits } from '../../data/digitAugment';
import { infoNce } from '../../learn/infoNce';
import { featureSpectrum } from '../../linalg/featureSpectrum';

export type ProjectionHeadOptions = { hidden: number; steps: number; batch: number; tau: number; noise: number; probeSteps: number; seed: number; signal: AbortSignal };

export { PROJECTION_LAYERS };

/** Every layer's activations for X: [X, h, head hidden, z] (the caller owns them). */
function layerFeatures(be: Backend, weights: Tensor[], X: Tensor): Tensor[] {
  return be.tidy(() => {
    const h1 = activationForward(be, linearForward(be, X, weights[0], weights[1]), 'relu');
    const h2 = activationForward(be, linearForward(be, h1, weights[2], weights[3]), 'relu');
    const z = linearForward(be, h2, weights[4], weights[5]);
    return [be.elementwise('scale', X, null, 1), h1, h2, z];
  });
}

/**
 * Encoder 64→h (ReLU) with a SimCLR-style projection head h→h→h/2 (Linear, ReLU, Linear), trained by symmetric InfoNCE on two augmented views
 * (shift ≤ 1 pixel, noise) with Adam. Then, on each layer's features: a linear probe's test accuracy and the
 * covariance spectrum (the paper: deeper layers weight features more unequally, so pre-head features stay richer).
 */
export async function projectionHead(be: Backend, d: UploadedDigits, o: ProjectionHeadOptions): Promise<Metrics> {
  const model = new Mlp([64, o.hidden, o.hidden, Math.max(2, Math.floor(o.hidden / 2))]);
  const weights = model.init(be, new Rng(o.seed + 5));
  const adam = createOptimizer(be, { kind: 'adam', lr: 0.003 });
  const rng = new Rng(o.seed + 6);
  const B = Math.min(o.batch, d.nTrain);
  const labels = be.keep(be.upload(Int32Array.from({ length: B }, (_, i) => i), { rows: B, cols: 1 }));
  let lossSum = be.keep(be.fill({ rows: 1, cols: 1 }, 0));
  const curve: number[] = [];
  const curveSteps: number[] = [];
  const every = Math.max(10, Math.ceil(o.steps / 12));
  const owned: Tensor[] = [];
  try {
    for (let step = 1; step <= o.steps; step++) {
      if (o.signal.aborted) break;
      const rows = Int32Array.from({ length: B }, () => rng.int(d.nTrain));
      const views = [augmentDigits(d.trainX, rows, rng, o.noise), augmentDigits(d.trainX, rows, rng, o.noise)];
      be.tidy(() => {
        const [x1, x2] = views.map((v) => be.upload(v, { rows: B, cols: 64 }));
        const f1 = model.forward(be, weights, x1);
        const f2 = model.forward(be, weights, x2);
        const l = infoNce(be, f1.logits, f2.logits, labels, o.tau);
        const g1 = model.backward(be, weights, f1.cache, l.dz1);
        const g2 = model.backward(be, weights, f2.cache, l.dz2);
        adam.step(weights, g1.map((g, i) => be.elementwise('add', g, g2[i])));
        const next = be.keep(be.elementwise('add', lossSum, l.loss));
        be.dispose(lossSum);
        lossSum = next;
      });
      if (step % every === 0 || step === o.steps) {
        const [total] = await be.read(lossSum);
        curve.push(total / (step - (curveSteps.at(-1) ?? 0)));
        curveSteps.push(step);
        be.dispose(lossSum);
        lossSum = be.keep(be.fill({ rows: 1, cols: 1 }, 0));
      }
    }
    if (o.signal.aborted) return {};
    const train = layerFeatures(be, weights, d.train.X);
    const test = layerFeatures(be, weights, d.test.X);
    owned.push(...train, ...test);
    const probe: number[] = [];
    const spectra: number[][] = [];
    const effectiveRank: number[] = [];
    for (let layer = 0; layer < PROJECTION_LAYERS.length; layer++) {
      if (o.signal.aborted) break;
      const width = train[layer].cols;
      const p = await trainFromScratch(be, new Mlp([width, d.classes]), featureDataset(train[layer], d.train), featureDataset(test[layer], d.test), { steps: o.probeSteps, seed: o.seed + 9, signal: o.signal });
      for (const t of p.weights) be.dispose(t);
      probe.push(p.testAccuracy);
      const s = await featureSpectrum(be, test[layer]);
      spectra.push(s.spectrum);
      effectiveRank.push(s.effectiveRank);
    }
    return {
      contrastive_steps: curveSteps,
      contrastive_loss: curve,
      probe_accuracy: probe,
      probe_pre: probe[1],
      probe_post: probe[3],
      layer_spectra: spectra,
      effective_rank: effectiveRank,
    };
  } finally {
    for (const t of [...weights, ...owned, labels, lossSum]) be.dispose(t);
    adam.dispose();
  }
}
