// The galore run: full Adam, GaLore, DCT, Fira and Q-GaLore (int8 weights) train the same digits MLP in lockstep on the same batches.
import type { Tensor } from '../../engine/backend';
import { loadDigits } from '../../data/datasets';
import { Mlp } from '../../learn/mlp';
import { splitDigits } from '../../learn/digitsSplit';
import { copySegment } from '../../learn/gatherKernels';
import { uploadDataset, type DeviceDataset } from '../../learn/trainer';
import type { SvdMethod } from '../../linalg/svd';
import { FullAdam, LowRankAdam, OPTIMIZER_NAMES, type OptimizerName, type SubspaceOptimizer } from '../../learn/galore/lowRankAdam';
import type { Metrics, Progress, RunContext } from '../framework/types';
import { Int8Weights } from '../../learn/galore/int8Weights';
import { BatchSampler } from '../common/batchSampler';
import { weloreSection } from './weloreFineTune';
import type { GaloreConfig } from './schema';

type Racer = { name: OptimizerName; weights: Tensor[]; opt: SubspaceOptimizer; sums: Tensor; loss: number[]; energy: number[]; svds: number[]; refreshMs: number; int8: Int8Weights | null };

function makeOptimizer(name: OptimizerName, mlp: Mlp, c: GaloreConfig, ctx: RunContext): SubspaceOptimizer {
  const be = ctx.backend;
  if (name === 'adam') return new FullAdam(be, mlp.weightShapes, { lr: c.lr });
  return new LowRankAdam(be, mlp.weightShapes, {
    variant: name, lr: c.lr, rank: c.rank, gap: c.gap, scale: c.scale, svdMethod: c.svdMethod as SvdMethod, seed: c.seed * 7919 + 1,
    dctNorm: c.dctNorm as 'l1' | 'l2', quantGroups: c.quantGroups as 'row' | 'tensor',
    cosThreshold: c.cosThreshold, gammaProj: c.gammaProj, queueSize: c.queueSize, firaGamma: c.firaGamma,
  });
}

/** Q-GaLore's int8 weight store (when the config asks for int8 weights), its SR stream seeded from the run's seed. */
function makeInt8Weights(ctxBackend: RunContext['backend'], name: OptimizerName, mlp: Mlp, c: GaloreConfig): Int8Weights | null {
  if (name !== 'qgalore' || c.qgaloreWeights !== 'int8') return null;
  return new Int8Weights(ctxBackend, mlp.weightShapes, c.weightGroups as 'row' | 'tensor', Math.imul(c.seed, 0x9e3779b1) >>> 0);
}

/** [Σ loss, Σ correct] of each racer's weights on a whole dataset, in one readback. */
async function datasetSums(ctx: RunContext, mlp: Mlp, racers: Racer[], data: DeviceDataset): Promise<Float64Array> {
  const be = ctx.backend;
  const packed = be.tidy(() => {
    const out = be.fill({ rows: 1, cols: 2 * racers.length }, 0);
    racers.forEach((r, k) => copySegment(be, be.reduce('sum', mlp.rowStats(be, r.weights, data.X, data.y), 'perCol'), 0, out, 2 * k, 2));
    return out;
  });
  try {
    return await be.read(packed);
  } finally {
    be.dispose(packed);
  }
}

export async function* runGalore(config: GaloreConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const started = performance.now();
  if (config.weloreSteps > 0 && !config.optimizers.includes('galore')) throw new RangeError('The WeLore section fine-tunes the GaLore-trained net: add GaLore to the optimizers or set the WeLore steps to 0');
  const digits = splitDigits(await loadDigits(ctx.data), { testFraction: config.testFraction, seed: config.seed, trainPerClass: config.trainPerClass || undefined });
  const mlp = new Mlp([digits.features, ...Array.from({ length: config.depth }, () => config.hidden), digits.classes]);
  const names = OPTIMIZER_NAMES.filter((n) => config.optimizers.includes(n));
  const theta0 = mlp.initialWeights(ctx.rng);
  const train = uploadDataset(be, digits.trainX, digits.trainY, digits.features);
  const test = uploadDataset(be, digits.testX, digits.testY, digits.features);
  const batchSize = Math.min(config.batchSize, train.n);
  const sampler = new BatchSampler(be, train, batchSize, config.seed);
  const racers: Racer[] = [];
  const steps: number[] = [];
  const summary: Metrics = {
    optimizers: names, sizes: mlp.sizes.join('-'), D: mlp.parameterCount(), n_train: digits.nTrain,
    projected_layers: mlp.weightShapes.filter((s) => s.role === 'matrix' && config.rank < Math.min(s.rows, s.cols)).length,
  };
  try {
    for (const name of names) {
      racers.push({ name, weights: mlp.init(be, ctx.rng, theta0), opt: makeOptimizer(name, mlp, config, ctx), sums: be.keep(be.fill({ rows: 1, cols: 2 }, 0)), loss: [], energy: [], svds: [], refreshMs: 0, int8: makeInt8Weights(be, name, mlp, config) });
    }
    for (const r of racers) {
      r.int8?.store(r.weights, 0);
      summary[`memory_bytes_${r.name}`] = r.opt.stateBytes();
      summary[`weight_bytes_${r.name}`] = r.int8 ? r.int8.bytes() : 4 * mlp.parameterCount();
    }
    let sinceReport = 0;
    for (let step = 0; step < config.steps; step++) {
      if (ctx.signal.aborted) return;
      const measure = (step + 1) % config.reportEvery === 0 || step === config.steps - 1;
      const { x, y } = sampler.next();
      try {
        for (const r of racers) {
          const grads = be.tidy(() => {
            const out = mlp.lossAndGrads(be, r.weights, x, y);
            const next = be.keep(be.elementwise('add', r.sums, be.reduce('sum', out.rowStats, 'perCol')));
            be.dispose(r.sums);
            r.sums = next;
            return out.grads;
          });
          try {
            if (r.opt.needsRefresh()) {
              // wall time of the refresh, including the wait for work queued before it (an upper bound on a GPU)
              const t0 = performance.now();
              await r.opt.refresh(grads);
              r.refreshMs += performance.now() - t0;
            }
            be.tidy(() => r.opt.step(r.weights, grads, measure));
            r.int8?.store(r.weights, step + 1);
          } finally {
            for (const g of grads) be.dispose(g);
          }
        }
      } finally {
        be.dispose(x);
        be.dispose(y);
      }
      sinceReport++;
      if (!measure) continue;
      // one readback for every racer: [Σloss, Σcorrect, Σ‖R‖², Σ‖G‖²] each
      const packed = be.tidy(() => {
        const out = be.fill({ rows: 1, cols: 4 * racers.length }, 0);
        racers.forEach((r, k) => {
          copySegment(be, r.sums, 0, out, 4 * k, 2);
          if (r.opt.energy) copySegment(be, r.opt.energy, 0, out, 4 * k + 2, 2);
        });
        return out;
      });
      let v: Float64Array;
      try {
        v = await be.read(packed);
      } finally {
        be.dispose(packed);
      }
      steps.push(step + 1);
      racers.forEach((r, k) => {
        r.loss.push(v[4 * k] / (sinceReport * batchSize));
        r.energy.push(v[4 * k + 3] > 0 ? v[4 * k + 2] / v[4 * k + 3] : 1);
        r.svds.push(r.opt.svdCount());
        be.dispose(r.sums);
        r.sums = be.keep(be.fill({ rows: 1, cols: 2 }, 0));
        Object.assign(summary, { [`loss_${r.name}`]: r.loss, [`energy_${r.name}`]: r.energy, [`svds_${r.name}`]: r.svds, [`svd_count_${r.name}`]: r.opt.svdCount() });
      });
      sinceReport = 0;
      summary.steps = steps;
      yield { step: step + 1, total: config.steps + 1, metrics: { ...summary, stage: 'training' } };
    }
    const trainSums = await datasetSums(ctx, mlp, racers, train);
    const testSums = await datasetSums(ctx, mlp, racers, test);
    racers.forEach((r, k) => {
      summary[`final_loss_${r.name}`] = trainSums[2 * k] / train.n;
      summary[`test_accuracy_${r.name}`] = testSums[2 * k + 1] / test.n;
      summary[`memory_bytes_${r.name}`] = r.opt.stateBytes();
      summary[`weight_bytes_${r.name}`] = r.int8 ? r.int8.bytes() : 4 * mlp.parameterCount();
      summary[`refresh_seconds_${r.name}`] = r.refreshMs / 1000;
    });
    if (config.weloreSteps > 0) {
      const galore = racers.find((r) => r.name === 'galore')!;
      yield { step: config.steps, total: config.steps + 1, metrics: { ...summary, stage: 'welore' } };
      Object.assign(summary, await weloreSection(ctx, config, mlp, racers.find((r) => r.name === 'adam')?.weights ?? null, galore.weights));
    }
    const q = racers.find((r) => r.name === 'qgalore');
    if (q) summary.qgalore_gaps = (q.opt as LowRankAdam).projectors().filter((p) => p && p.side !== 'identity').map((p) => p!.gap);
    yield { step: config.steps + 1, total: config.steps + 1, metrics: { ...summary, stage: 'done', wall_seconds: (performance.now() - started) / 1000 } };
  } finally {
    for (const r of racers) {
      r.opt.dispose();
      r.int8?.dispose();
      be.dispose(r.sums);
      for (const w of r.weights) be.dispose(w);
    }
    sampler.dispose();
    train.dispose();
    test.dispose();
  }
}
