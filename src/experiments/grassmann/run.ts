// The grassmann run: digits features from a backend-trained MLP, then one GCR head per k trained by Riemannian SGD.
import { Rng } from '../../data/rng';
import type { Progress, RunContext } from '../framework/types';
import type { GrassmannConfig } from './schema';
import { digitsFeatures, type DigitsFeatures } from './features';
import { createHead, evaluate, feature, lossAndGrads, RiemannianSgd, type GcrHead } from './gcrHead';
import { gcrLogits, intraClassVariability, smallestAngleCos } from './gcr';

const CLASSES = 10;
const BATCH = 64;

/** Trains one head; returns it with its largest orthonormality deviation and the mean loss of the last 10% of steps. */
function trainHead(f: DigitsFeatures, config: GrassmannConfig, k: number, signed: boolean): { head: GcrHead; worstOrtho: number; loss: number } {
  // the same seeds for every k: identical feature-layer init and batch order, only the head differs
  const head = createHead({ inputs: f.hidden, dim: config.dim, classes: CLASSES, k, gamma: config.gamma, signed }, new Rng(config.seed + 1));
  const order = new Rng(config.seed + 2);
  const opt = new RiemannianSgd(head, config.lr, config.momentum);
  const perm = Int32Array.from({ length: f.nTrain }, (_, i) => i);
  let cursor = f.nTrain;
  let tail = 0;
  let tailSteps = 0;
  for (let s = 0; s < config.headSteps; s++) {
    if (cursor + BATCH > f.nTrain) {
      order.shuffle(perm);
      cursor = 0;
    }
    const g = lossAndGrads(head, f.trainH, f.trainY, perm.subarray(cursor, cursor + BATCH));
    cursor += BATCH;
    opt.step(g);
    if (s >= config.headSteps * 0.9) {
      tail += g.loss;
      tailSteps++;
    }
  }
  return { head, worstOrtho: opt.worstOrthonormality, loss: tail / Math.max(1, tailSteps) };
}

/** Smallest principal angle (degrees) between every pair of class subspaces. */
function angleMatrix(head: GcrHead): number[][] {
  return head.S.map((a, i) => head.S.map((b, j) => (i === j ? 0 : (Math.acos(smallestAngleCos(a, b)) * 180) / Math.PI)));
}

/**
 * The k = 1 check: GCR's logits γ‖s_cᵀx̂‖ against the cosine classifier's γ|cos(s_c, z)| = γ|s_cᵀz|/(‖s_c‖‖z‖),
 * computed from the raw feature z, on every test sample. Returns the largest absolute difference.
 */
function cosineGap(head: GcrHead, f: DigitsFeatures): number {
  let worst = 0;
  for (let i = 0; i < f.nTest; i++) {
    const { z, xhat } = feature(head, f.testH.subarray(i * f.hidden, (i + 1) * f.hidden));
    const gcr = gcrLogits(head.S, xhat, head.gamma);
    const zn = Math.hypot(...z);
    head.S.forEach((s, c) => {
      let dot = 0;
      for (let r = 0; r < s.d; r++) dot += s.data[r] * z[r];
      const cos = dot / (Math.hypot(...s.data) * zn);
      worst = Math.max(worst, Math.abs(gcr[c] - head.gamma * Math.abs(cos)));
    });
  }
  return worst;
}

export async function* runGrassmann(config: GrassmannConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const ks = config.ks.map(Number).sort((a, b) => a - b);
  if (ks.some((k) => k > config.dim)) throw new RangeError(`every k must be at most the feature dimension d = ${config.dim}`);
  const total = ks.length + 2;
  const f = await digitsFeatures(ctx, config.hidden, config.trunkSteps, config.trainPerClass, config.seed);
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
    const t = trainHead(f, config, k, false);
    const ev = evaluate(t.head, f.testH, f.testY, f.nTest);
    kDone.push(k);
    accuracy.push(ev.accuracy);
    variability.push(intraClassVariability(ev.xhat, f.testY, f.nTest, config.dim, CLASSES));
    ortho.push(t.worstOrtho);
    loss.push(t.loss);
    metrics[`angles_k${k}`] = angleMatrix(t.head);
    if (k === 1) metrics.k1_cosine_gap = cosineGap(t.head, f);
    Object.assign(metrics, { ks: [...kDone], accuracy: [...accuracy], variability: [...variability], orthonormality: [...ortho], train_loss: [...loss] });
    metrics.worst_orthonormality = Math.max(...ortho);
    yield { step: ++step, total, metrics: { ...metrics } };
  }
  if (ctx.signal.aborted) return;
  // the vector baseline: a signed cosine-softmax head (k = 1, logit γ s_cᵀx̂) trained the same way
  const cos = trainHead(f, config, 1, true);
  const ev = evaluate(cos.head, f.testH, f.testY, f.nTest);
  metrics.cosine_softmax_accuracy = ev.accuracy;
  metrics.cosine_softmax_variability = intraClassVariability(ev.xhat, f.testY, f.nTest, config.dim, CLASSES);
  yield { step: ++step, total, metrics: { ...metrics } };
}
