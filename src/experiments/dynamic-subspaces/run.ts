// The dynamic-subspaces run: metric learners on digits, a new one added (and the data re-divided) at each loss plateau, vs one learner.
import type { Backend, Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { loadDigits } from '../../data/datasets';
import { splitDigits } from '../../learn/digitsSplit';
import { kmeans } from '../../cluster/kmeans';
import type { Metrics, Progress, RunContext } from '../framework/types';
import type { DynamicSubspacesConfig } from './schema';
import { SubspaceLearners, takeMeanLosses } from './subspaceLearners';
import { drawTriplets, ownership, type Ownership } from './triplets';
import { retrievalAndClustering, scoreEmbedding } from './evaluation';

const PIXELS = 64;
const CLASSES = 10;
/** The k of recall@k reported, as in the paper's retrieval tables. */
export const RECALL_KS = [1, 2, 4, 8] as const;
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** One learner's Adam step on triplets drawn from the images it owns. */
function stepLearner(be: Backend, model: SubspaceLearners, k: number, X: Tensor, own: Ownership, all: number[][], T: number, rng: Rng): void {
  const rows = be.upload(drawTriplets(own[k], all, T, rng), { rows: 3 * T, cols: 1 });
  try {
    model.step(k, X, rows);
  } finally {
    be.dispose(rows);
  }
}

/** Divides the training images among K learners: k-means (K clusters) on the current full embedding. */
async function divide(be: Backend, model: SubspaceLearners, X: Tensor, labels: Int32Array, K: number, seed: number): Promise<Ownership> {
  const E = be.keep(be.tidy(() => model.embed(X)));
  try {
    const { labels: clusters } = await kmeans(be, E, K, { seed, restarts: 2, maxIter: 50 });
    return ownership(labels, clusters, K, CLASSES);
  } finally {
    be.dispose(E);
  }
}

/** recall@1, recall@k and NMI under a metric-name prefix. */
function scoreMetrics(prefix: string, s: { recall: number[]; nmi: number }): Metrics {
  return { [`${prefix}recall_at_1`]: s.recall[0], [`${prefix}recall_at_k`]: s.recall, [`${prefix}nmi`]: s.nmi };
}

/**
 * Trains the dynamic learners (K from 1 up to maxLearners) and a single learner side by side on digits; yields the
 * losses and K once per plateau window (one readback each), then recall@k, NMI and attention maps on the test quarter.
 */
export async function* runDynamicSubspaces(config: DynamicSubspacesConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const { steps, window, triplets: T, maxLearners, seed } = config;
  if (window > steps) throw new RangeError(`the plateau window (${window} steps) must not exceed the training steps (${steps})`);
  const digits = splitDigits(await loadDigits(ctx.data), { testFraction: 0.25, seed, trainPerClass: config.trainPerClass });
  if (Math.max(...RECALL_KS) >= digits.nTest) throw new RangeError(`recall@${Math.max(...RECALL_KS)} needs more than ${digits.nTest} test images`);
  const X = be.keep(be.upload(digits.trainX, { rows: digits.nTrain, cols: PIXELS }));
  const Xtest = be.keep(be.upload(digits.testX, { rows: digits.nTest, cols: PIXELS }));
  const options = { pixels: PIXELS, margin: config.margin, lr: config.lr };
  const dynamic = new SubspaceLearners(be, { ...options, dim: config.dim });
  const single = new SubspaceLearners(be, { ...options, dim: config.dim * maxLearners });
  try {
    // the same init and triplet streams for both, so maxLearners = 1 makes the dynamic model the single learner exactly
    const initRng = new Rng(seed + 1);
    dynamic.add(initRng);
    single.add(new Rng(seed + 1));
    const dynamicTriplets = new Rng(seed + 2);
    const singleTriplets = new Rng(seed + 2);
    const all = ownership(digits.trainY, new Int32Array(digits.nTrain), 1, CLASSES);
    let own = all;
    const total = Math.floor(steps / window) + 1;
    const history = { step: [] as number[], learners_history: [] as number[], loss: [] as number[], single_loss: [] as number[], growth_steps: [] as number[] };
    const historyMetrics = (): Metrics => ({ ...Object.fromEntries(Object.entries(history).map(([key, v]) => [key, [...v]])), learners: dynamic.count });
    let previous = Infinity;
    let lastGrowth = 0;
    for (let s = 1; s <= steps; s++) {
      if (ctx.signal.aborted) return;
      for (let k = 0; k < dynamic.count; k++) stepLearner(be, dynamic, k, X, own, all[0], T, dynamicTriplets);
      stepLearner(be, single, 0, X, all, all[0], T, singleTriplets);
      if (s % window !== 0) {
        if (s % 10 === 0) await nextTask();
        continue;
      }
      const [loss, singleLoss] = await takeMeanLosses(be, [dynamic, single]);
      history.step.push(s);
      history.loss.push(loss);
      history.single_loss.push(singleLoss);
      // a plateau: the window's mean loss improved by less than the threshold (and the last learner had two windows)
      const flat = (previous - loss) < config.plateau * previous;
      if (flat && dynamic.count < maxLearners && s - lastGrowth >= 2 * window && s < steps) {
        own = await divide(be, dynamic, X, digits.trainY, dynamic.count + 1, seed + s);
        dynamic.add(initRng);
        lastGrowth = s;
        history.growth_steps.push(s);
      }
      history.learners_history.push(dynamic.count); // K after this window's decision
      previous = loss;
      yield { step: s / window, total, metrics: historyMetrics() };
    }
    if (ctx.signal.aborted) return;
    const scored = await scoreEmbedding(be, dynamic, Xtest, digits.testY, CLASSES, RECALL_KS, seed);
    const baseline = await scoreEmbedding(be, single, Xtest, digits.testY, CLASSES, RECALL_KS, seed);
    // the raw 8×8 pixels as an embedding: the bar any learned metric on digits has to be read against
    const pixels = await retrievalAndClustering(be, Xtest, digits.testY, CLASSES, RECALL_KS, seed);
    const metrics: Metrics = {
      ...historyMetrics(),
      ...scoreMetrics('', scored),
      ...scoreMetrics('single_', baseline),
      ...scoreMetrics('pixels_', pixels),
      recall_ks: [...RECALL_KS],
      attention_sum_error: Math.max(scored.attentionSumError, baseline.attentionSumError),
      single_attention: baseline.attentionMaps[0],
      n_train: digits.nTrain,
      n_test: digits.nTest,
    };
    scored.attentionMaps.forEach((map, k) => { metrics[`attention_${k + 1}`] = map; });
    yield { step: total, total, metrics };
  } finally {
    dynamic.dispose();
    single.dispose();
    be.dispose(X);
    be.dispose(Xtest);
  }
}
