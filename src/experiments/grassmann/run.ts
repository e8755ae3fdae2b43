// The grassmann run: digits features from a backend-trained MLP, then one GCR head per k trained on the backend by Riemannian SGD.
import type { Progress, RunContext } from '../framework/types';
import type { GrassmannConfig } from './schema';
import { digitsFeatures, type DigitsFeatures } from './features';
import { intraClassVariability, smallestAngleCos, type Subspace } from './gcr';
import { trainDeviceHead, type TrainedHead } from './deviceTraining';

const CLASSES = 10;
const BATCH = 64;

/** Trains one head on the backend (the same seeds for every k: identical feature-layer init and batch order). */
function trainHead(ctx: RunContext, f: DigitsFeatures, config: GrassmannConfig, k: number, signed: boolean): Promise<TrainedHead | null> {
  return trainDeviceHead(ctx.backend, f.train, f.test, {
    inputs: f.hidden, dim: config.dim, classes: CLASSES, k, gamma: config.gamma, signed,
    lr: config.lr, momentum: config.momentum, steps: config.headSteps, batchSize: BATCH, seed: config.seed,
  }, ctx.signal);
}

/** Smallest principal angle (degrees) between every pair of class subspaces. */
function angleMatrix(S: Subspace[]): number[][] {
  return S.map((a, i) => S.map((b, j) => (i === j ? 0 : (Math.acos(smallestAngleCos(a, b)) * 180) / Math.PI)));
}

export async function* runGrassmann(config: GrassmannConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const ks = config.ks.map(Number).sort((a, b) => a - b);
  if (ks.some((k) => k > config.dim)) throw new RangeError(`every k must be at most the feature dimension d = ${config.dim}`);
  const total = ks.length + 2;
  const f = await digitsFeatures(ctx, config.hidden, config.trunkSteps, config.trainPerClass, config.seed);
  try {
    yield* headsOf(ctx, f, config, ks, total);
  } finally {
    f.dispose();
  }
}

async function* headsOf(ctx: RunContext, f: DigitsFeatures, config: GrassmannConfig, ks: number[], total: number): AsyncGenerator<Progress> {
  const metrics: Record<string, number | number[] | number[][]> = { softmax_accuracy: f.softmaxAccuracy, n_train: f.nTrain, n_test: f.nTest };
  yield { step: 1, total, metrics: { ...metrics } };

  const kDone: number[] = [];
  const accuracy: number[] = [];
  const variability: number[] = [];
  const ortho: number[] = [];
  const loss: number[] = [];
  let step = 1;
  for (const k of ks) {
    if (ctx.signal.aborted) return;
    const t = await trainHead(ctx, f, config, k, false);
    if (!t) return;
    kDone.push(k);
    accuracy.push(t.accuracy);
    variability.push(intraClassVariability(t.xhat, f.testY, f.nTest, config.dim, CLASSES));
    ortho.push(t.worstOrthonormality);
    loss.push(t.loss);
    metrics[`angles_k${k}`] = angleMatrix(t.S);
    if (t.cosineGap !== null) metrics.k1_cosine_gap = t.cosineGap;
    Object.assign(metrics, { ks: [...kDone], accuracy: [...accuracy], variability: [...variability], orthonormality: [...ortho], train_loss: [...loss] });
    metrics.worst_orthonormality = Math.max(...ortho);
    yield { step: ++step, total, metrics: { ...metrics } };
  }
  if (ctx.signal.aborted) return;
  // the vector baseline: a signed cosine-softmax head (k = 1, logit γ s_cᵀx̂) trained the same way
  const cos = await trainHead(ctx, f, config, 1, true);
  if (!cos) return;
  metrics.cosine_softmax_accuracy = cos.accuracy;
  metrics.cosine_softmax_variability = intraClassVariability(cos.xhat, f.testY, f.nTest, config.dim, CLASSES);
  yield { step: ++step, total, metrics: { ...metrics } };
}
