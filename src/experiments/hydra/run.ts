// The hydra run: Hydra (class-pair positives through learned gates) and SimCLR InfoNCE train the same encoder; both are probed.
import type { Metrics, Progress, RunContext } from '../framework/types';
import type { HydraConfig } from './schema';
import { uploadDigitsSplit } from '../../learn/uploadedDigits';
import { createContrastiveModel, trainContrastive, type ContrastiveMethod } from './contrastiveTraining';
import { evaluateEmbedding, gateTables } from './evaluate';

const METHODS: ContrastiveMethod[] = ['hydra', 'simclr'];
/** Headline names: the SimCLR baseline is reported as plain InfoNCE. */
const SUFFIX: Record<ContrastiveMethod, string> = { hydra: 'hydra', simclr: 'infonce' };

/**
 * Loads and splits digits, then for each method: trains (yielding the loss curve as it goes), probes the embedding and
 * measures its effective rank; Hydra also reports its gate tables. Both encoders start from the same weights.
 */
export async function* runHydra(config: HydraConfig, ctx: RunContext): AsyncGenerator<Progress> {
  if (config.batch > 10 * config.trainPerClass) throw new RangeError(`the batch (${config.batch}) cannot exceed the training set (10 × ${config.trainPerClass} digits)`);
  const be = ctx.backend;
  const d = await uploadDigitsSplit(be, ctx.data, config.trainPerClass, config.seed);
  const curves = Math.max(1, Math.ceil(config.steps / Math.max(10, Math.ceil(config.steps / 12))));
  const total = 1 + 2 * (curves + 1);
  const metrics: Metrics = { n_train: d.nTrain, n_test: d.nTest };
  const initSeed = ctx.rng.int(2 ** 31);
  let step = 1;
  try {
    yield { step, total, metrics: { ...metrics } };
    for (const method of METHODS) {
      const rng = ctx.rng.fork();
      const net = createContrastiveModel(be, method, { hidden: config.hidden, dim: config.dim, classes: d.classes, initSeed });
      try {
        const s = SUFFIX[method];
        const [steps, losses]: [number[], number[]] = [[], []];
        const training = trainContrastive(be, d, net, method, rng, {
          steps: config.steps, lr: config.lr, batch: config.batch, tau: config.temperature, sparsity: config.sparsity, gateLr: config.gateLr, noise: config.augmentNoise, signal: ctx.signal,
        });
        for await (const point of training) {
          steps.push(point.step);
          losses.push(point.loss);
          Object.assign(metrics, { [`steps_${s}`]: [...steps], [`loss_${s}`]: [...losses] });
          yield { step: Math.min(total - 1, ++step), total, metrics: { ...metrics } };
        }
        if (ctx.signal.aborted) return;
        const report = await evaluateEmbedding(be, d, net, { probeSteps: config.probeSteps, seed: config.seed + 9, signal: ctx.signal });
        Object.assign(metrics, { [`probe_acc_${s}`]: report.probeAccuracy, [`erank_${s}`]: report.effectiveRank, [`spectrum_${s}`]: report.spectrum });
        if (net.gateLogits) {
          const tables = await gateTables(be, net.gateLogits, d.classes);
          const flat = tables.open.flat();
          Object.assign(metrics, { gate_open: tables.open, gate_overlap: tables.overlap, gate_open_mean: flat.reduce((a, b) => a + b, 0) / flat.length });
        }
      } finally {
        net.dispose();
      }
      if (ctx.signal.aborted) return;
      step = method === 'hydra' ? 1 + curves + 1 : total;
      yield { step, total, metrics: { ...metrics } };
    }
  } finally {
    d.dispose();
  }
}
