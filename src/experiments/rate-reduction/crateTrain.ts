// The trained-CRATE stage: a small CRATE trained end to end on digit tokens, against the same CRATE frozen at its random init.
import type { Backend, Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import type { ByteSource } from '../../data/datasets';
import { DIGITS_ROWS } from '../../data/datasets';
import { sampleDigits } from './crateRun';
import { createOptimizer } from '../../learn/optimizers';
import { softmaxCrossEntropy } from '../../learn/softmaxCrossEntropy';
import { colSums } from '../common/matmulSums';
import { embedTokens, measureTokens, patchTokens, type CrateOptions } from './crate';
import { crateForward, crateLossAndGrads, crateParameters, disposeCrate, initTrainableCrate, type TrainableCrate } from './crateModel';
import type { RateReductionConfig } from './schema';

const CLASSES = 10;

/** Per-layer R_c(Z^l | U^l) and sparsity of each layer's output on the test images. */
export type LayerMeasures = { Rc: number[]; sparsity: number[] };

export type CrateTrainTrace = {
  steps: number[];
  loss: number[];
  accuracy: number[];
  before?: LayerMeasures;
  after?: LayerMeasures;
  /** Test accuracy of the trained CRATE, and of a linear probe trained for as many steps on the frozen random CRATE. */
  accTrained?: number;
  accRandom?: number;
};

/** Per-layer measurements of `m` on `tokens` (one forward, then measureTokens per layer). */
async function measureLayers(be: Backend, tokens: Tensor, m: TrainableCrate, o: CrateOptions): Promise<LayerMeasures> {
  const outputs = be.tidy(() => crateForward(be, tokens, m, o).outputs);
  try {
    const out: LayerMeasures = { Rc: [], sparsity: [] };
    for (let l = 0; l < outputs.length; l++) {
      const r = await measureTokens(be, outputs[l], m.layers[l], o);
      out.Rc.push(r.Rc);
      out.sparsity.push(r.sparsity);
    }
    return out;
  } finally {
    for (const t of outputs) be.dispose(t);
  }
}

/** Mean loss and accuracy of `m` on a labelled set (one readback). */
async function evaluate(be: Backend, tokens: Tensor, labels: Tensor, m: TrainableCrate, o: CrateOptions): Promise<{ loss: number; accuracy: number }> {
  const totals = be.tidy(() => colSums(be, softmaxCrossEntropy(be, crateForward(be, tokens, m, o).logits, labels).rowStats));
  try {
    const [loss, hits] = await be.read(totals);
    return { loss: loss / o.images, accuracy: hits / o.images };
  } finally {
    be.dispose(totals);
  }
}

/**
 * Trains CRATE (U, D of every layer, W, b) by full-batch Adam on softmax cross-entropy, and alongside a linear probe
 * (W, b only) on an identical CRATE left at its random init. Yields the loss curve as it grows, then the final trace.
 */
export async function* trainCrate(be: Backend, rng: Rng, data: ByteSource, config: RateReductionConfig, signal: AbortSignal): AsyncGenerator<CrateTrainTrace> {
  const train = config.crateTrainImages;
  const test = config.crateTestImages;
  if (train + test > DIGITS_ROWS) throw new RangeError(`CRATE training: ${train} + ${test} images exceed the ${DIGITS_ROWS} digits`);
  const base = { tokens: 16, heads: config.crateHeads, headDim: config.crateHeadDim, compression: config.crateCompression, eta: config.crateEta, lambda: config.crateLambda, eps2: config.eps2 };
  const oTrain: CrateOptions = { ...base, images: train };
  const oTest: CrateOptions = { ...base, images: test };
  const d = base.heads * base.headDim;
  // train first, then test
  const { pixels, labels } = await sampleDigits(data, rng, train + test);
  // one embedding for both sets, so train and test tokens come from the same (fixed) patch embedding
  const all = embedTokens(be, rng, patchTokens(pixels, train + test), train + test, d);
  const xTrain = be.keep(be.slice(all, 0, 0, train * 16, d));
  const xTest = be.keep(be.slice(all, train * 16, 0, test * 16, d));
  be.dispose(all);
  const yTrain = be.keep(be.upload(labels.subarray(0, train), { rows: train, cols: 1 }));
  const yTest = be.keep(be.upload(labels.subarray(train), { rows: test, cols: 1 }));
  const initSeed = rng.uint32();
  const model = initTrainableCrate(be, new Rng(initSeed), oTrain, config.crateTrainLayers, CLASSES);
  const frozen = initTrainableCrate(be, new Rng(initSeed), oTrain, config.crateTrainLayers, CLASSES);
  const optimizer = createOptimizer(be, { kind: 'adam', lr: config.crateLr });
  const probeOptimizer = createOptimizer(be, { kind: 'adam', lr: config.crateLr });
  const params = crateParameters(model);
  const probeParams = [frozen.W, frozen.b];
  const trace: CrateTrainTrace = { steps: [], loss: [], accuracy: [] };
  try {
    trace.before = await measureLayers(be, xTest, model, oTest);
    for (let step = 0; step < config.crateTrainSteps && !signal.aborted; step++) {
      const { grads, totals } = be.tidy(() => {
        const r = crateLossAndGrads(be, xTrain, yTrain, model, oTrain);
        return { grads: r.grads, totals: colSums(be, r.rowStats) };
      });
      optimizer.step(params, grads);
      for (const g of grads) be.dispose(g);
      const probe = be.tidy(() => crateLossAndGrads(be, xTrain, yTrain, frozen, oTrain, false));
      probeOptimizer.step(probeParams, probe.grads);
      for (const t of [...probe.grads, probe.rowStats]) be.dispose(t);
      const last = step === config.crateTrainSteps - 1;
      const values = step % config.reportEvery === 0 || last ? await be.read(totals) : null;
      be.dispose(totals);
      if (values) {
        // the loss and accuracy of the weights this step's gradient was taken at
        trace.steps.push(step);
        trace.loss.push(values[0] / train);
        trace.accuracy.push(values[1] / train);
        yield trace;
      }
    }
    if (signal.aborted) return;
    trace.after = await measureLayers(be, xTest, model, oTest);
    trace.accTrained = (await evaluate(be, xTest, yTest, model, oTest)).accuracy;
    trace.accRandom = (await evaluate(be, xTest, yTest, frozen, oTest)).accuracy;
    yield trace;
  } finally {
    optimizer.dispose();
    probeOptimizer.dispose();
    disposeCrate(be, model);
    disposeCrate(be, frozen);
    for (const t of [xTrain, xTest, yTrain, yTest]) be.dispose(t);
  }
}
