// The unpg run: one digits encoder trained with CosFace and one with UNPG (same init, same batches), then verification on held-out pairs.
import type { Backend, Tensor } from '../../engine/backend';
import { loadDigits } from '../../data/datasets';
import { splitDigits, type DigitsSplit } from '../../learn/digitsSplit';
import type { Metrics, Progress, RunContext } from '../framework/types';
import type { UnpgConfig } from './schema';
import { CosineMarginModel } from './cosineMarginLoss';
import { MarginTrainer, type MarginDataset } from './marginTraining';
import { classNegatives, evaluateMargin } from './evaluateMargin';
import { binCentres, pairSimilarities, quantile, similarityDensity, tarAtFar } from './verification';

const BINS = 40;
/** The FARs of the ROC curve (the headline FAR is one of them). */
export const ROC_FARS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5];
const METHODS = ['cosface', 'unpg'] as const;

function uploadTrain(be: Backend, d: DigitsSplit): MarginDataset {
  const onehot = new Float64Array(d.nTrain * d.classes);
  d.trainY.forEach((c, i) => { onehot[i * d.classes + c] = 1; });
  return {
    X: be.keep(be.upload(d.trainX, { rows: d.nTrain, cols: d.features })),
    y: be.keep(be.upload(d.trainY, { rows: d.nTrain, cols: 1 })),
    onehot: be.keep(be.upload(onehot, { rows: d.nTrain, cols: d.classes })),
    labels: d.trainY,
    n: d.nTrain,
  };
}

/**
 * Trains the digits encoder with CosFace, then with UNPG (same init and batches), streaming the loss every tenth of
 * the steps; after each, evaluates every held-out pair (TAR at the chosen FAR, ROC, similarity densities).
 */
export async function* runUnpg(config: UnpgConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const digits = splitDigits(await loadDigits(ctx.data), { testFraction: 0.25, seed: config.seed, trainPerClass: config.trainPerClass });
  if (config.batchSize > digits.nTrain) throw new RangeError(`the batch size ${config.batchSize} exceeds the ${digits.nTrain} training digits`);
  const model = new CosineMarginModel(digits.features, config.hidden, config.dim, digits.classes);
  const train = uploadTrain(be, digits);
  const testX = be.keep(be.upload(digits.testX, { rows: digits.nTest, cols: digits.features }));
  try {
    yield* bothMethods(ctx, config, model, digits, train, testX);
  } finally {
    for (const t of [train.X, train.y, train.onehot, testX]) be.dispose(t);
  }
}

async function* bothMethods(ctx: RunContext, config: UnpgConfig, model: CosineMarginModel, digits: DigitsSplit, train: MarginDataset, testX: Tensor): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const reportEvery = Math.max(10, Math.round(config.steps / 10));
  const reports = Math.ceil(config.steps / reportEvery);
  const total = 2 * (reports + 1);
  const far = Number(config.far);
  const metrics: Metrics = { n_train: digits.nTrain, n_test: digits.nTest, hist_x: binCentres(BINS), roc_far: ROC_FARS };
  let step = 0;
  for (const method of METHODS) {
    const trainer = new MarginTrainer(be, model, train, {
      scale: config.scale, margin: config.margin, steps: config.steps, batchSize: config.batchSize, lr: config.lr, seed: config.seed,
      unpg: method === 'unpg', whisker: config.whisker, reportEvery,
    });
    try {
      const steps: number[] = [];
      const losses: number[] = [];
      for await (const r of trainer.run(ctx.signal)) {
        steps.push(r.step);
        losses.push(r.loss);
        Object.assign(metrics, { [`loss_steps_${method}`]: [...steps], [`loss_${method}`]: [...losses] });
        yield { step: ++step, total, metrics: { ...metrics } };
      }
      if (ctx.signal.aborted) return;
      const e = await evaluateMargin(be, model, trainer.weights, testX);
      const { positive, negative } = pairSimilarities(e.gram, digits.testY);
      const classes = classNegatives(e, digits.testY);
      Object.assign(metrics, {
        [`tar_${method}`]: tarAtFar(positive, negative, far),
        [`roc_${method}`]: ROC_FARS.map((f) => tarAtFar(positive, negative, f)),
        [`acc_${method}`]: classes.accuracy,
        [`pos_${method}`]: similarityDensity(positive, BINS),
        [`neg_${method}`]: similarityDensity(negative, BINS),
        [`class_neg_${method}`]: similarityDensity(classes.negatives, BINS),
        [`q99_all_neg_${method}`]: quantile(negative, 0.99),
        [`q99_class_neg_${method}`]: quantile(classes.negatives, 0.99),
        n_positive_pairs: positive.length,
        n_negative_pairs: negative.length,
      });
      if (method === 'unpg') {
        Object.assign(metrics, {
          kept_fraction: trainer.negativesKept / Math.max(1, trainer.negativesSeen),
          batch_neg_kept: similarityDensity(trainer.lastBatch.kept, BINS),
          batch_neg_all: similarityDensity(trainer.lastBatch.all, BINS),
        });
      }
      yield { step: ++step, total, metrics: { ...metrics } };
    } finally {
      trainer.dispose();
      trainer.disposeWeights();
    }
  }
}
