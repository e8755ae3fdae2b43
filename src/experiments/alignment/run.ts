// The alignment run: each chosen section (one paper each) in turn on the backend, its metrics streamed as it finishes.
import type { Metrics, Progress, RunContext } from '../framework/types';
import type { AlignmentConfig } from './schema';
import { uploadDigitsSplit } from '../../learn/uploadedDigits';
import { convergentLearning } from './convergent';
import { platoAlignment } from './plato';
import { projectionHead } from './projectionHead';
import { colbertVariants } from './colbert';
import { PROJECTION_VARIANTS } from './tokenProjections';

/**
 * Loads and splits digits once, then runs the chosen sections in page order; yields after each section (and after
 * each ColBERT variant) with every metric so far. Bad knob combinations are RangeErrors before any work.
 */
export async function* runAlignment(config: AlignmentConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const on = (s: string) => config.sections.includes(s);
  const ks = config.ks.map(Number).sort((a, b) => a - b);
  if (on('plato') && ks.some((k) => k > config.hidden)) throw new RangeError(`every projection dimension k must be at most the hidden width ${config.hidden}`);
  if (on('convergent') && config.svccaDims > config.hidden) throw new RangeError(`SVCCA directions (${config.svccaDims}) cannot exceed the hidden width ${config.hidden}`);
  const total = 1 + ['convergent', 'plato', 'projection'].filter(on).length + (on('colbert') ? PROJECTION_VARIANTS.length : 0);
  const be = ctx.backend;
  const d = await uploadDigitsSplit(be, ctx.data, config.trainPerClass, config.seed);
  const metrics: Metrics = { n_train: d.nTrain, n_test: d.nTest };
  let step = 1;
  try {
    yield { step, total, metrics: { ...metrics } };
    const base = { hidden: config.hidden, steps: config.steps, seed: config.seed, signal: ctx.signal };
    if (on('convergent')) {
      Object.assign(metrics, await convergentLearning(be, d, { ...base, svccaDims: config.svccaDims }));
      if (ctx.signal.aborted) return;
      yield { step: ++step, total, metrics: { ...metrics } };
    }
    if (on('plato')) {
      Object.assign(metrics, await platoAlignment(be, d, { ...base, ks, knn: config.knn, noise: config.viewNoise }));
      if (ctx.signal.aborted) return;
      yield { step: ++step, total, metrics: { ...metrics } };
    }
    if (on('projection')) {
      Object.assign(metrics, await projectionHead(be, d, {
        hidden: config.hidden, steps: config.contrastiveSteps, batch: 64, tau: config.temperature, noise: config.augmentNoise,
        probeSteps: config.probeSteps, seed: config.seed, signal: ctx.signal,
      }));
      if (ctx.signal.aborted) return;
      yield { step: ++step, total, metrics: { ...metrics } };
    }
    if (on('colbert')) {
      const variants = colbertVariants(be, d, {
        dim: config.colbertDim, steps: config.colbertSteps, batch: 16, seeds: config.colbertSeeds, gallery: config.gallery,
        noise: config.augmentNoise, seed: config.seed, signal: ctx.signal,
      });
      for await (const m of variants) {
        Object.assign(metrics, m);
        yield { step: ++step, total, metrics: { ...metrics } };
      }
    }
  } finally {
    d.dispose();
  }
}
